// The chart of a cell's result: picked from the column kinds unless the analyst
// chose, then written as a Vega-Lite spec with the rows inline. Pure.
//
// The automatic choice, in order:
//   a date/time column and a number      → line (x time, y number), coloured by a small category
//   a category (≤ 50 values) and a number → bar  (x category in the query's order, y number), when each category is
//                                           one row or there is one number only (a repeated category is summed)
//   two numbers                           → point (x, y), coloured by a small category (the grade when there is one)
//   one number only                       → bar  (histogram: binned number × count)
//   a category or a date only             → bar  (count of rows per value)
// Columns that are entirely empty are ignored.

import type { TopLevelSpec } from 'vega-lite';
import { gradeColors } from '../charts/grade-colors';
import { baseConfig, VL_SCHEMA } from '../charts/common';
import type { CellChart } from '../model/cells';
import type { CellColumn, CellResult, ColumnKind } from './cell-result';

/** `y` of a chart that counts rows instead of plotting a column. */
export const COUNT = '*';

export interface ChartPick {
  mark: 'bar' | 'line' | 'point';
  x: string;
  /** A column, or COUNT. */
  y: string;
  color: string | null;
  /** Bars sum y per x when x repeats; a numeric x with COUNT is binned (histogram). */
  aggregate: 'sum' | 'count' | null;
  bin: boolean;
}

export const MAX_BAR_CATEGORIES = 50;
const MAX_COLOR_CATEGORIES = 12;

interface Profile {
  column: CellColumn;
  index: number;
  distinct: number;
  repeats: boolean;
}

function profile(result: CellResult): Profile[] {
  return result.columns.map((column, index) => {
    const seen = new Set<unknown>();
    let nonNull = 0;
    for (const r of result.rows) {
      const v = r[index];
      if (v === null || v === undefined) continue;
      nonNull++;
      if (seen.size <= MAX_BAR_CATEGORIES + 1) seen.add(v);
    }
    return { column, index, distinct: nonNull === 0 ? 0 : seen.size, repeats: seen.size < nonNull };
  }).filter((p) => p.distinct > 0);
}

const ofKind = (ps: Profile[], kind: ColumnKind) => ps.filter((p) => p.column.kind === kind);

function colorOf(ps: Profile[], exclude: string[]): string | null {
  const small = ofKind(ps, 'nominal').filter((p) => p.distinct >= 2 && p.distinct <= MAX_COLOR_CATEGORIES && !exclude.includes(p.column.name));
  return (small.find((p) => p.column.name.toLowerCase() === 'grade') ?? small[0])?.column.name ?? null;
}

/** The automatic chart of a result, or null when there is nothing to draw. */
export function autoChart(result: CellResult): ChartPick | null {
  if (result.rows.length === 0) return null;
  const ps = profile(result);
  const q = ofKind(ps, 'quantitative');
  const t = ofKind(ps, 'temporal');
  const n = ofKind(ps, 'nominal');
  if (t[0] && q[0]) {
    return { mark: 'line', x: t[0].column.name, y: q[0].column.name, color: colorOf(ps, []), aggregate: null, bin: false };
  }
  const fewCategories = n.find((p) => p.distinct <= MAX_BAR_CATEGORIES);
  if (fewCategories && q[0] && (q.length < 2 || !fewCategories.repeats || ps.length === 2)) {
    const x = fewCategories.column.name;
    return { mark: 'bar', x, y: q[0].column.name, color: x.toLowerCase() === 'grade' ? x : null, aggregate: fewCategories.repeats ? 'sum' : null, bin: false };
  }
  if (q[0] && q[1]) {
    return { mark: 'point', x: q[0].column.name, y: q[1].column.name, color: colorOf(ps, []), aggregate: null, bin: false };
  }
  if (fewCategories && q[0]) {
    return { mark: 'bar', x: fewCategories.column.name, y: q[0].column.name, color: null, aggregate: 'sum', bin: false };
  }
  if (q[0]) return { mark: 'bar', x: q[0].column.name, y: COUNT, color: null, aggregate: 'count', bin: true };
  const cat = fewCategories ?? t[0];
  if (cat) return { mark: 'bar', x: cat.column.name, y: COUNT, color: cat.column.name.toLowerCase() === 'grade' ? cat.column.name : null, aggregate: 'count', bin: false };
  return null;
}

/** The analyst's choice over the automatic one: a field chosen and still in the result wins. */
export function resolveChart(choice: CellChart, result: CellResult): ChartPick | null {
  if (choice.mark === 'none') return null;
  const auto = autoChart(result);
  const names = new Set(result.columns.map((c) => c.name));
  const has = (f: string | null): f is string => f !== null && names.has(f);
  if (!auto && !has(choice.x)) return null;
  const x = has(choice.x) ? choice.x : auto!.x;
  const y = choice.y === COUNT ? COUNT : has(choice.y) ? choice.y : auto?.y ?? COUNT;
  const mark = choice.mark === 'auto' ? auto?.mark ?? 'bar' : choice.mark;
  const color = has(choice.color) ? choice.color : choice.color === null && x === auto?.x ? auto.color : null;
  const kindOf = (f: string) => result.columns.find((c) => c.name === f)?.kind;
  const xIndex = result.columns.findIndex((c) => c.name === x);
  const repeats = new Set(result.rows.map((r) => r[xIndex])).size < result.rows.length;
  const aggregate = y === COUNT ? 'count' : mark === 'bar' && repeats ? 'sum' : null;
  return { mark, x, y, color, aggregate, bin: y === COUNT && kindOf(x) === 'quantitative' };
}

export interface CellChartOptions {
  /** The configured grade names, so a `grade` colour uses the one grade scale. */
  grades: readonly string[];
  countLabel: string;
  width?: number;
  height?: number;
}

const VEGA_TYPE: Record<ColumnKind, 'quantitative' | 'temporal' | 'nominal'> = { quantitative: 'quantitative', temporal: 'temporal', nominal: 'nominal' };

/** The Vega-Lite spec of a pick over the result rows (as objects keyed by column index, so any column name is safe). */
export function cellChartSpec(pick: ChartPick, result: CellResult, o: CellChartOptions): TopLevelSpec {
  const index = new Map(result.columns.map((c, i) => [c.name, i]));
  const key = (name: string) => `c${index.get(name)}`;
  const kind = (name: string) => result.columns[index.get(name)!]!.kind;
  const used = [pick.x, pick.y, pick.color].filter((f): f is string => f !== null && f !== COUNT);
  const values = result.rows.map((r) => Object.fromEntries(used.map((f) => [key(f), r[index.get(f)!]])));
  const xType = VEGA_TYPE[kind(pick.x)];
  const x = {
    field: key(pick.x),
    type: xType,
    title: pick.x,
    ...(pick.bin ? { bin: { maxbins: 30 } } : {}),
    // Bars keep the order the query returned them in.
    ...(pick.mark === 'bar' && xType === 'nominal' ? { sort: null } : {}),
    ...(xType === 'nominal' ? { axis: { labelLimit: 140, labelAngle: result.rows.length > 12 ? -45 : 0 } } : {}),
  };
  const y =
    pick.y === COUNT
      ? { aggregate: 'count' as const, type: 'quantitative' as const, title: o.countLabel }
      : { field: key(pick.y), type: VEGA_TYPE[kind(pick.y)], title: pick.y, ...(pick.aggregate === 'sum' ? { aggregate: 'sum' as const } : {}) };
  const colorValues = pick.color ? [...new Set(result.rows.map((r) => r[index.get(pick.color!)!]))].filter((v) => v !== null) : [];
  const isGrade = pick.color !== null && colorValues.length > 0 && colorValues.every((v) => o.grades.includes(String(v)));
  const color = pick.color
    ? {
        field: key(pick.color),
        type: VEGA_TYPE[kind(pick.color)],
        title: pick.color,
        ...(isGrade ? { sort: [...o.grades], scale: { domain: [...o.grades], range: gradeColors(o.grades.length) } } : {}),
      }
    : { value: gradeColors(4)[0]! };
  const tooltip = [
    { field: key(pick.x), type: xType, title: pick.x, ...(pick.bin ? { bin: { maxbins: 30 } } : {}) },
    ...(pick.y === COUNT ? [{ aggregate: 'count' as const, type: 'quantitative' as const, title: o.countLabel }] : [{ ...y }]),
    ...(pick.color ? [{ field: key(pick.color), type: VEGA_TYPE[kind(pick.color)], title: pick.color }] : []),
  ];
  const mark =
    pick.mark === 'line'
      ? { type: 'line' as const, point: result.rows.length <= 200, tooltip: true }
      : pick.mark === 'point'
        ? { type: 'point' as const, filled: true, opacity: 0.7, size: result.rows.length > 2000 ? 12 : 40 }
        : { type: 'bar' as const };
  return {
    $schema: VL_SCHEMA,
    width: o.width ?? 720,
    height: o.height ?? 280,
    data: { values },
    mark,
    encoding: { x, y, color, tooltip },
    config: baseConfig(),
  } as TopLevelSpec;
}

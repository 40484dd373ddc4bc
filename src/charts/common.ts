// Pieces every chart spec shares: the grade colour scale, the click-to-pick
// grade selection, number formats and the base config. Keeping them here is
// what makes grade "A" the same colour and the same click in every chart.

import { gradeColors } from './grade-colors';
import { FONT_STACK } from './theme';

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The selection a view component listens to (view.addSignalListener) to filter the customer list. */
export const GRADE_PICK = 'grade_pick';
/** A clicked customer (scatter), for the contribution breakdown. */
export const CUSTOMER_PICK = 'customer_pick';

export const INK = '#1c2833';
export const MUTED = '#5d6d7e';
export const RULE = '#aab7c4';

/** Colour encoding by grade name, in grade order, with every configured grade in the domain. */
export function gradeColor(grades: readonly string[], legend: object | null = null, colors?: readonly string[]) {
  return {
    field: 'grade',
    type: 'nominal' as const,
    sort: [...grades],
    scale: { domain: [...grades], range: gradeRange(grades, colors) },
    legend,
  };
}

/** The colours for these grades: the rule's own (gradePalette) when given, else the default scale. */
export function gradeRange(grades: readonly string[], colors?: readonly string[]): string[] {
  return colors && colors.length === grades.length ? [...colors] : gradeColors(grades.length);
}

/** A point selection on the grade field; `views` names the unit views that react to clicks (concat specs). */
export function gradePickParam(views?: string[]) {
  return {
    name: GRADE_PICK,
    select: { type: 'point' as const, fields: ['grade'], toggle: false },
    ...(views ? { views } : {}),
  };
}

/** Marks of a picked grade stay full, the rest fade; nothing picked → all full. */
export const PICK_OPACITY = { condition: { param: GRADE_PICK, empty: true, value: 1 }, value: 0.3 };

export function baseConfig() {
  return {
    font: FONT_STACK,
    view: { stroke: null },
    axis: { labelColor: INK, titleColor: MUTED, labelFontSize: 11, titleFontSize: 11, titleFontWeight: 400 as const, gridColor: '#e5e9ee', domainColor: RULE, tickColor: RULE },
    legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 400 as const, titleColor: MUTED, labelColor: INK },
    title: { anchor: 'start' as const, fontSize: 15, fontWeight: 600 as const, color: INK, subtitleColor: MUTED, subtitleFontSize: 12, subtitlePadding: 6, offset: 12 },
  };
}

export function title(text: string, subtitle: string[] = []) {
  return subtitle.length ? { text, subtitle } : { text };
}

/**
 * Amount axis labels: 万 and 亿 in Chinese (5000万, 1.2亿), as the page writes
 * amounts; SI elsewhere (50M). A label expression, so it also runs under the CSP
 * build's expression interpreter.
 */
export function amountAxis(locale: string): { format: string } | { labelExpr: string } {
  if (!locale.toLowerCase().startsWith('zh')) return { format: '~s' };
  const v = 'datum.value';
  return {
    labelExpr: `abs(${v}) >= 1e8 ? format(${v} / 1e8, '~r') + '亿' : abs(${v}) >= 1e4 ? format(${v} / 1e4, '~r') + '万' : format(${v}, '~r')`,
  };
}

export const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)}%`;

export function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

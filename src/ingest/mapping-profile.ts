// What the detector looks at, read from a loaded DuckDB table: column names
// and types, a few values, row and distinct counts.

import type { Engine } from '../db/engine';
import { toRows } from '../results/rows';
import { ident, int } from '../sql/quote';
import type { ColumnProfile, TableProfile } from './detect-mapping';

/** Distinct counts cost a pass per column; past this many columns only the first ones get them. */
export const MAX_PROFILED_COLUMNS = 200;
const EXAMPLES = 5;
const SAMPLE_ROWS = 200;
export const RAW_SUFFIX = '__raw';

export function buildColumnsSql(): string {
  return `SELECT column_name AS name, data_type AS type FROM information_schema.columns
WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`;
}

export function buildCountsSql(table: string, columns: readonly string[]): string {
  const parts = ['CAST(count(*) AS BIGINT) AS n'];
  columns.slice(0, MAX_PROFILED_COLUMNS).forEach((c, i) => {
    parts.push(`CAST(count(DISTINCT ${ident(c)}) AS BIGINT) AS ${ident(`d${i}`)}`, `CAST(count(${ident(c)}) AS BIGINT) AS ${ident(`n${i}`)}`);
  });
  return `SELECT ${parts.join(', ')} FROM ${ident(table)}`;
}

export function buildSampleSql(table: string, columns: readonly string[]): string {
  const cols = columns.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(`v${i}`)}`);
  return `SELECT ${cols.join(', ')} FROM ${ident(table)} LIMIT ${int(SAMPLE_ROWS)}`;
}

export async function profileTable(engine: Engine, table: string, file?: string): Promise<TableProfile> {
  // "<name>__raw" columns keep the text of cells the loader could not parse: never a field of their own.
  const cols = toRows<{ name: string; type: string }>(await engine.queryBound(buildColumnsSql(), [table])).filter((c) => !c.name.endsWith(RAW_SUFFIX));
  if (cols.length === 0) throw new Error(`Table "${table}" has no columns or does not exist.`);
  const names = cols.map((c) => c.name);
  const [counts] = toRows<Record<string, number>>(await engine.query(buildCountsSql(table, names)));
  const sample = toRows<Record<string, string | null>>(await engine.query(buildSampleSql(table, names)));
  const columns: ColumnProfile[] = cols.map((c, i) => {
    const examples: string[] = [];
    for (const row of sample) {
      const v = row[`v${i}`];
      if (v !== null && v !== undefined && v.trim() !== '' && !examples.includes(v)) examples.push(v);
      if (examples.length >= EXAMPLES) break;
    }
    const p: ColumnProfile = { name: c.name, type: c.type, examples };
    if (i < MAX_PROFILED_COLUMNS) {
      p.distinct = Number(counts![`d${i}`]);
      p.nonNull = Number(counts![`n${i}`]);
    }
    return p;
  });
  return { table, ...(file ? { file } : {}), rows: Number(counts!.n), columns };
}

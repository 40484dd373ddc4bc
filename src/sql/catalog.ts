import { ident, str } from './quote';

/** The compressed in-memory database every table lives in (each connection USEs it). */
export const WORK_DB = 'tierscope';
/**
 * The uncompressed default database, for the one table a slider move scans (the fast
 * path's narrow table): decompressing it on every move would cost more than it saves.
 */
export const HOT_DB = 'memory';

/** A table of the hot database, qualified. */
export function hotTable(name: string): string {
  return `${ident(HOT_DB)}.main.${ident(name)}`;
}

/** Row count per table: one query for the Data step. */
export function buildRowCountsSql(tables: readonly string[]): string {
  if (tables.length === 0) throw new Error('No tables to count');
  return tables.map((t) => `SELECT ${str(t)} AS "table", CAST(count(*) AS INTEGER) AS rows FROM ${ident(t)}`).join('\nUNION ALL\n') + ';';
}

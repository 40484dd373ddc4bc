import { ident, str } from './quote';

/** Row count per table: one query for the Data step. */
export function buildRowCountsSql(tables: readonly string[]): string {
  if (tables.length === 0) throw new Error('No tables to count');
  return tables.map((t) => `SELECT ${str(t)} AS "table", CAST(count(*) AS INTEGER) AS rows FROM ${ident(t)}`).join('\nUNION ALL\n') + ';';
}

// SQL that turns a registered CSV file into a DuckDB table.

import { ident, str } from '../sql/quote';

export interface CsvTableSpec {
  /** Table to create. */
  table: string;
  /** Name the bytes were registered under. */
  file: string;
  /** Column name → DuckDB type; when given, no sniffing of types happens. */
  columns?: Record<string, string>;
  /** strptime format for DATE columns, e.g. '%m/%d/%Y'. */
  dateFormat?: string;
  delimiter?: string;
}

const TYPE_NAME = /^[A-Z][A-Z0-9_]*(\(\d+(, ?\d+)?\))?$/;

export function buildCsvTableSql(spec: CsvTableSpec): string {
  const opts = [`header = true`, `delim = ${str(spec.delimiter ?? ',')}`, `quote = '"'`, `escape = '"'`];
  if (spec.columns) {
    const cols = Object.entries(spec.columns).map(([name, type]) => {
      // Types come from our own code, not from users, but a bad one must not reach SQL unchecked.
      if (!TYPE_NAME.test(type)) throw new Error(`Unsupported column type ${JSON.stringify(type)}`);
      return `${str(name)}: ${str(type)}`;
    });
    opts.push(`columns = {${cols.join(', ')}}`);
  }
  if (spec.dateFormat) opts.push(`dateformat = ${str(spec.dateFormat)}`);
  return `CREATE OR REPLACE TABLE ${ident(spec.table)} AS
SELECT * FROM read_csv(${str(spec.file)}, ${opts.join(', ')});`;
}

// Arrow results → plain objects for views and chart specs.
// DuckDB returns BIGINT/HUGEINT as bigint; views want numbers.

import type { Table } from 'apache-arrow';

type Plain = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export function toRows<T extends object = Plain>(table: Table): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n));
  const out: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Plain = {};
    for (let j = 0; j < names.length; j++) row[names[j]!] = plain(cols[j]?.get(i));
    out[i] = row as T;
  }
  return out;
}

/** One numeric column as doubles (the value models' input); a missing column is a bug in the SQL that made it. */
export function float64Column(table: Table, name: string): Float64Array {
  const c = table.getChild(name);
  if (!c) throw new Error(`Missing column ${name}`);
  const a = c.toArray() as ArrayLike<number | bigint | null>;
  return a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>, Number);
}

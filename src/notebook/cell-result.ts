// A cell's Arrow result → plain columns and rows the table, the chart and the
// CSV can use: numbers stay numbers (DuckDB's DECIMAL and HUGEINT arrive as
// 128-bit words, BIGINT as bigint), dates and timestamps become epoch
// milliseconds with a temporal kind, everything else becomes text.

import { Type, type DataType, type Table } from 'apache-arrow';

export type ColumnKind = 'quantitative' | 'temporal' | 'nominal';

export interface CellColumn {
  name: string;
  /** DuckDB-side type as Arrow names it, for the header's tooltip. */
  type: string;
  kind: ColumnKind;
  /** Date-only temporal column (no time of day). */
  dateOnly?: boolean;
}

export type CellValue = number | string | boolean | null;

export interface CellResult {
  columns: CellColumn[];
  rows: CellValue[][];
  /** Rows the query returns in all (rows holds at most the limit). */
  total: number;
}

/** The chart/table kind of an Arrow column type. */
export function columnKind(type: DataType): ColumnKind {
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
      return 'quantitative';
    case Type.Date:
    case Type.Timestamp:
      return 'temporal';
    case Type.Dictionary:
    default:
      return 'nominal';
  }
}

/** A 128-bit two's-complement integer in little-endian 32-bit words, scaled down by 10^scale. */
export function decimalToNumber(words: ArrayLike<number>, scale: number): number {
  let big = 0n;
  for (let i = words.length - 1; i >= 0; i--) big = (big << 32n) | BigInt(words[i]! >>> 0);
  const bits = BigInt(words.length * 32);
  if (words.length && (words[words.length - 1]! >>> 31) === 1) big -= 1n << bits;
  return scale > 0 ? Number(big) / 10 ** scale : Number(big) * 10 ** -scale;
}

function text(v: unknown): string {
  if (v instanceof Uint8Array) return `0x${Array.from(v.slice(0, 64), (b) => b.toString(16).padStart(2, '0')).join('')}${v.length > 64 ? '…' : ''}`;
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof (v as { toJSON: unknown }).toJSON === 'function') {
    return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x));
  }
  return String(v);
}

function converter(type: DataType): (v: unknown) => CellValue {
  switch (type.typeId) {
    case Type.Int:
      return (v) => (typeof v === 'bigint' ? (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v)) : (v as number));
    case Type.Float:
      return (v) => v as number;
    case Type.Decimal: {
      const scale = (type as DataType<Type.Decimal> & { scale: number }).scale;
      return (v) => decimalToNumber(v as Uint32Array, scale);
    }
    case Type.Date:
    case Type.Timestamp:
      return (v) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : (v as number));
    case Type.Bool:
      return (v) => v as boolean;
    case Type.Utf8:
    case Type.Dictionary:
      return (v) => String(v);
    default:
      return text;
  }
}

/** Shape the first `limit` rows of a table; `total` is the query's full row count. */
export function shapeResult(table: Table, limit: number, total: number): CellResult {
  const fields = table.schema.fields;
  const columns: CellColumn[] = fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    kind: columnKind(f.type),
    ...(f.type.typeId === Type.Date ? { dateOnly: true } : {}),
  }));
  const vectors = fields.map((f) => table.getChild(f.name));
  const convert = fields.map((f) => converter(f.type));
  const n = Math.min(limit, table.numRows);
  const rows: CellValue[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: CellValue[] = new Array(fields.length);
    for (let j = 0; j < fields.length; j++) {
      const v = vectors[j]?.get(i);
      row[j] = v === null || v === undefined ? null : convert[j]!(v);
    }
    rows[i] = row;
  }
  return { columns, rows, total };
}

/** A temporal value as text: the date, or the date and time in UTC (DuckDB's timestamps carry no zone). */
export function formatTemporal(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** Rows for a CSV: temporal columns as ISO text. */
export function csvRows(result: CellResult): CellValue[][] {
  const temporal = result.columns.map((c) => c.kind === 'temporal');
  return result.rows.map((r) => r.map((v, j) => (temporal[j] && typeof v === 'number' ? formatTemporal(v, result.columns[j]!.dateOnly === true) : v)));
}

// Parquet read in JS straight into Arrow columns, for an engine that takes Arrow
// (Engine.insertArrowIpc): hyparquet decodes whole column chunks, strings stay the
// file's own UTF-8 bytes, and DuckDB gets one IPC stream with the file's types. The row
// route (rows of JS values → CSV text → DuckDB's CSV reader) took three times as long.
// Flat files of plain types only: a nested column, INT96, an interval or bytes that are
// not UTF-8 return null, and the file takes the row route as before.

import { Bool, DateDay, Field, Float64, Int32, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, TimestampMicrosecond, Utf8, type Data, type DataType } from 'apache-arrow';
import type { FileMetaData, SchemaElement } from 'hyparquet';

/** How one Parquet column becomes one Arrow column, and the DuckDB type it arrives as. */
type Kind = 'utf8' | 'int32' | 'int64' | 'float64' | 'date' | 'timestamp' | 'bool';

const DUCKDB_TYPE: Record<Kind, string> = {
  utf8: 'VARCHAR',
  int32: 'INTEGER',
  int64: 'BIGINT',
  float64: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  bool: 'BOOLEAN',
};

export interface ParquetArrow {
  /** Columns in file order: the Parquet name, the DuckDB type, and the Arrow field (c1…cN) it is stored as. */
  columns: { name: string; type: string; field: string }[];
  rows: number;
  ipc: Uint8Array;
}

const SMALL_INTS = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'UINT_8', 'UINT_16']);

function kindOf(el: SchemaElement): Kind | null {
  const c = el.converted_type;
  const l = el.logical_type;
  if (el.repetition_type === 'REPEATED') return null;
  switch (el.type) {
    case 'BOOLEAN':
      return 'bool';
    case 'FLOAT':
    case 'DOUBLE':
      return 'float64';
    case 'INT32':
      if (c === 'DECIMAL') return 'float64';
      if (c === 'DATE' || l?.type === 'DATE') return 'date';
      return SMALL_INTS.has(c) && (l === undefined || l.type === 'INTEGER') ? 'int32' : null;
    case 'INT64':
      if (c === 'DECIMAL') return 'float64';
      if (c === 'TIMESTAMP_MILLIS' || c === 'TIMESTAMP_MICROS' || l?.type === 'TIMESTAMP') return 'timestamp';
      return (c === undefined || c === 'INT_64') && (l === undefined || (l.type === 'INTEGER' && l.isSigned)) ? 'int64' : null;
    case 'BYTE_ARRAY':
      // hyparquet reads a byte array without a logical type as text too (utf8: true).
      return c === undefined || c === 'UTF8' || c === 'ENUM' || c === 'JSON' || l?.type === 'STRING' ? 'utf8' : null;
    case 'FIXED_LEN_BYTE_ARRAY':
      return c === 'DECIMAL' ? 'float64' : null;
    default:
      return null;
  }
}

/**
 * A Parquet decimal as the nearest double to its exact value: hyparquet multiplies the
 * unscaled integer by 10^-scale, which makes 37000 at scale 4 into 3.6999999999999997;
 * dividing by 10^scale gives 3.7, as DuckDB reads it.
 */
export function exactDecimal(v: unknown, scale: number): unknown {
  if (typeof v !== 'number' || scale <= 0) return v;
  const unscaled = Math.round(v * 10 ** scale);
  return Math.abs(unscaled) < Number.MAX_SAFE_INTEGER ? unscaled / 10 ** scale : v;
}

/** Scale of each decimal column, by position among the file's top-level columns. */
export function decimalScales(elements: readonly SchemaElement[]): Map<number, number> {
  const scales = new Map<number, number>();
  elements.forEach((el, i) => {
    if (el.converted_type === 'DECIMAL' || el.logical_type?.type === 'DECIMAL') scales.set(i, el.scale ?? 0);
  });
  return scales;
}

/** Validity bitmap for the rows whose value is null or undefined, or none when no value is missing. */
function validity(values: readonly unknown[][], rows: number): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  const bitmap = new Uint8Array((rows + 7) >> 3);
  let i = 0;
  for (const chunk of values) {
    for (let j = 0; j < chunk.length; j++, i++) {
      if (chunk[j] === null || chunk[j] === undefined) nulls++;
      else bitmap[i >> 3]! |= 1 << (i & 7);
    }
  }
  return { bitmap: nulls > 0 ? bitmap : undefined, nulls };
}

const utf8Check = new TextDecoder('utf-8', { fatal: true });

function utf8Data(chunks: readonly unknown[][], rows: number): Data<Utf8> | null {
  let bytes = 0;
  for (const c of chunks) for (const v of c) if (v instanceof Uint8Array) bytes += v.length;
  if (bytes > 2 ** 31 - 1) return null;
  const data = new Uint8Array(bytes);
  const offsets = new Int32Array(rows + 1);
  let at = 0;
  let i = 0;
  for (const c of chunks) {
    for (const v of c) {
      if (v instanceof Uint8Array) {
        data.set(v, at);
        at += v.length;
      }
      offsets[++i] = at;
    }
  }
  try {
    utf8Check.decode(data);
  } catch {
    return null;
  }
  const { bitmap, nulls } = validity(chunks, rows);
  return makeData({ type: new Utf8(), length: rows, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data });
}

function fixedData(kind: Exclude<Kind, 'utf8'>, chunks: readonly unknown[][], rows: number): Data {
  const { bitmap, nulls } = validity(chunks, rows);
  if (kind === 'bool') {
    const bits = new Uint8Array((rows + 7) >> 3);
    let i = 0;
    for (const c of chunks) for (const v of c) (v === true && (bits[i >> 3]! |= 1 << (i & 7)), i++);
    return makeData({ type: new Bool(), length: rows, nullCount: nulls, nullBitmap: bitmap, data: bits });
  }
  const big = kind === 'int64' || kind === 'timestamp';
  const out = big ? new BigInt64Array(rows) : kind === 'float64' ? new Float64Array(rows) : new Int32Array(rows);
  let i = 0;
  for (const c of chunks) {
    for (const v of c) {
      if (v !== null && v !== undefined) (out as unknown as unknown[])[i] = big ? BigInt(v as bigint) : Number(v);
      i++;
    }
  }
  const type: DataType = kind === 'int64' ? new Int64() : kind === 'timestamp' ? new TimestampMicrosecond() : kind === 'float64' ? new Float64() : kind === 'date' ? new DateDay() : new Int32();
  return makeData({ type, length: rows, nullCount: nulls, nullBitmap: bitmap, data: out } as never);
}

/**
 * The Parquet file as one Arrow IPC stream with the file's column types, or null when
 * the fast route cannot carry it (the caller then reads it row by row). Throws what
 * hyparquet throws for a broken file.
 */
export async function parquetToArrow(buffer: ArrayBuffer, metadata: FileMetaData, compressors: object | undefined): Promise<ParquetArrow | null> {
  const { parquetRead, parquetSchema } = await import('hyparquet');
  const leaves = parquetSchema(metadata).children;
  const rows = Number(metadata.num_rows);
  if (rows === 0 || rows > 2 ** 31 - 1) return null;
  const kinds: Kind[] = [];
  for (const leaf of leaves) {
    const kind = leaf.children.length === 0 ? kindOf(leaf.element) : null;
    if (!kind) return null;
    kinds.push(kind);
  }
  const names = leaves.map((l) => l.element.name);
  const chunks = new Map<string, { start: number; values: unknown[] }[]>(names.map((n) => [n, []]));
  await parquetRead({
    file: buffer,
    metadata,
    ...(compressors ? { compressors } : {}),
    // Strings stay bytes (copied once into the Arrow buffer); dates stay day numbers, timestamps microseconds.
    parsers: {
      stringFromBytes: (b: Uint8Array) => b,
      jsonFromBytes: (b: Uint8Array) => b,
      dateFromDays: (d: number) => d,
      timestampFromMilliseconds: (ms: bigint) => ms * 1000n,
      timestampFromMicroseconds: (us: bigint) => us,
      timestampFromNanoseconds: (ns: bigint) => ns / 1000n,
    },
    onChunk: (c) => chunks.get(c.columnName)?.push({ start: c.rowStart, values: c.columnData as unknown[] }),
  });
  const children: Data[] = [];
  const scales = decimalScales(leaves.map((l) => l.element));
  for (const [k, name] of names.entries()) {
    const scale = scales.get(k);
    const parts = chunks
      .get(name)!
      .sort((a, b) => a.start - b.start)
      .map((p) => (scale === undefined ? p.values : Array.from(p.values, (v) => exactDecimal(v, scale))));
    if (parts.reduce((s, p) => s + p.length, 0) !== rows) return null;
    const kind = kinds[k]!;
    const data = kind === 'utf8' ? utf8Data(parts, rows) : fixedData(kind, parts, rows);
    if (!data) return null;
    children.push(data);
  }
  const fields = children.map((d, i) => new Field(`c${i + 1}`, d.type, true));
  const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
  return {
    columns: names.map((name, i) => ({ name, type: DUCKDB_TYPE[kinds[i]!], field: `c${i + 1}` })),
    rows,
    ipc: tableToIPC(new Table(batch), 'stream'),
  };
}

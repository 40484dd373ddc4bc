// One dropped file → one typed DuckDB table plus a report of what happened.
//
// Every format becomes UTF-8 delimited text that DuckDB reads with read_csv,
// all columns as VARCHAR, into a staging table; the typing step then parses
// each column in SQL (values-sql.ts). Formats parsed in JS (xlsx, Parquet,
// JSON) are written as CSV rather than handed over as Arrow: one reader, one
// typing path, and the Engine interface needs no Arrow insert.
//
// The typed table keeps the header names. Where a typed column has cells that
// did not parse, a VARCHAR column "<name>__raw" beside it keeps the original
// text of every row (only then: a clean column costs no extra memory).
//
// A failed load drops what it created and never touches other tables: the
// new table gets a fresh name (or, with `replace`, is swapped in atomically).

import type { Table } from 'apache-arrow';
import type { Engine } from '../db/engine';
import { ident, int, str } from '../sql/quote';
import { decideType, type ColumnType, type TypePlan } from './column-types';
import { detectEncoding, stripInnerBoms, toUtf8, utf8Prefix, type EncodingGuess, type TextEncodingName } from './decode';
import { findHeaderIndex, looksLikeData, rowsToCsv, sniffDelimited, splitAligned } from './delimited';
import { IngestError } from './errors';
import type { Text } from './fields';
import type { ParquetArrow } from './parquet-arrow';
import { binaryReason, detectFormat, type FileFormat } from './format';
import { ingestText, noteText, type IngestMessage, type SizeWhat } from './messages';
import { cleanHeader, tableBaseName, uniqueName } from './names';
import {
  PROFILE_FIELDS,
  MAX_MAGNITUDE,
  blankSql,
  dateSql,
  normSql,
  numberFromMatchSql,
  numberMatchSql,
  plainNumberSql,
  profileAggregatesSql,
  type ColumnProfile,
} from './values-sql';

export interface LoadInput {
  /** File name as the user knows it ("销售明细.csv"); names the table and every message. */
  name: string;
  bytes?: Uint8Array;
  /** A browser File/Blob; read lazily, and handed to DuckDB unread when the engine can (see FileHandleEngine). */
  file?: Blob;
  /** Pasted text (a range copied from Excel arrives as TSV). */
  text?: string;
  /**
   * A file on disk (for Parquet also a glob, e.g. orders/*.parquet) that an engine reading
   * files itself (native DuckDB, Engine.readsFiles) reads in place, out of core; `file`
   * then gives its first bytes (of the first match) for the format and the header.
   */
  path?: string;
}

export interface IngestLimits {
  /** Largest file read into memory (bytes). */
  maxBytes: number;
  /** Largest .xlsx: unzipped XML and JS cell objects take ~10–20× the file size. */
  maxXlsxBytes: number;
  /** Largest UTF-8 CSV handed to DuckDB as a file handle (never copied into JS). */
  maxStreamBytes: number;
  /** Files above this go to DuckDB as a file handle when the engine supports it. */
  streamAboveBytes: number;
  maxColumns: number;
  /** Largest XML an .xlsx may unpack to, by its zip directory (a zip bomb is refused before it is unpacked). */
  maxXlsxUnpackedBytes: number;
  /**
   * Parquet larger than this, on disk for an engine reading files itself, becomes a view
   * over the file when its typed columns need no parsing: nothing is copied, so a file of
   * any size grades out of core. Smaller files are copied and typed as the page types them.
   */
  parquetViewAboveBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 256 * 2 ** 20,
  maxXlsxBytes: 40 * 2 ** 20,
  maxStreamBytes: 1024 * 2 ** 20,
  streamAboveBytes: 32 * 2 ** 20,
  maxColumns: 500,
  maxXlsxUnpackedBytes: 400 * 2 ** 20,
  parquetViewAboveBytes: 256 * 2 ** 20,
};
/** DuckDB's longest line in a CSV (its default, 2 MB); a longer one gets its own message. */
const MAX_LINE_BYTES = 2 * 2 ** 20;
/** Rows the type decision looks at, sampled across the whole file (the failure counts cover every row). */
const PROFILE_ROWS = 5_000;

export type LoadStage = 'read' | 'parse' | 'stage' | 'type' | 'done';

export interface LoadOptions {
  /** Table name wanted; made unique unless `replace`. Default: from the file (and sheet) name. */
  table?: string;
  /** Replace the table named `table` if it exists, in one transaction (reloading with another encoding, sheet or types). */
  replace?: boolean;
  format?: FileFormat;
  encoding?: TextEncodingName;
  /** One character; sniffed from , TAB ; | when absent. */
  delimiter?: string;
  /** Sheet name or 1-based position; the first sheet by default. */
  sheet?: string | number;
  /** Row (1-based) holding the header in a CSV or sheet; by default the first row with two or more filled cells, skipping title rows above it. */
  headerRow?: number;
  /** Force a column's type, by (cleaned) header name. */
  types?: Record<string, ColumnType>;
  /** Read 3/7/2025 as 3 July when a column does not show which order it uses. */
  dayFirst?: boolean;
  limits?: Partial<IngestLimits>;
  onProgress?: (stage: LoadStage) => void;
}

export type SqlType = 'DOUBLE' | 'BIGINT' | 'DATE' | 'VARCHAR';

export interface CellExample {
  /** Row as a spreadsheet numbers it: the header is row `headerRow` (1 unless title rows sit above it). */
  row: number;
  value: string;
}

export interface ColumnReport {
  name: string;
  type: ColumnType;
  sqlType: SqlType;
  /** Non-empty cells that became a value of `type` (all non-empty cells for text). */
  parsed: number;
  /** Non-empty cells that did not parse: NULL in the typed column, original text in `raw`. */
  failed: number;
  /** Empty cells, including markers such as "-", "N/A", "null". */
  empty: number;
  /** Up to 3 cells that did not parse. */
  examples: CellExample[];
  /** Column holding the original text, when some cells failed; null otherwise. */
  raw: string | null;
  /** How the values were read, e.g. "dates, day/month/year", "decimal comma". */
  note?: string;
  noteText?: Text;
  /** Cells (among `failed`) that were numbers of 10^15 or more: counted as missing, never graded. */
  outOfRange?: number;
}

export interface LoadedTable {
  table: string;
  file: string;
  format: FileFormat;
  sheet?: string;
  sheets?: string[];
  /** Null for binary formats (xlsx, Parquet). */
  encoding: EncodingGuess | null;
  delimiter?: string;
  /** Row of the header in the file or sheet (1 unless title rows were skipped). */
  headerRow: number;
  /** DuckDB read the file through a handle, in place; JS never held it whole. */
  readInPlace?: boolean;
  rows: number;
  columns: ColumnReport[];
  /** What the user should know about how the file was read, in English (the CLI prints these)… */
  warnings: string[];
  /** …and the same, as message ids with their parameters, and in both languages for the page. */
  notices: IngestMessage[];
  noticeTexts: Text[];
  /** The statements that built the table, for the page's SQL view (they read staging objects that no longer exist). */
  sql: string[];
}

/**
 * An engine that can read a browser File without copying it into JS memory
 * (DuckDB-WASM's registerFileHandle with BROWSER_FILEREADER). Optional: the
 * Engine interface does not have it yet; see the ingest report.
 */
export interface FileHandleEngine extends Engine {
  registerFileHandle(name: string, file: Blob): Promise<void>;
}

function canStream(engine: Engine): engine is FileHandleEngine {
  return typeof (engine as Partial<FileHandleEngine>).registerFileHandle === 'function';
}

let sequence = 0;

/** Plain objects from a result, bigints as numbers, nested Arrow values as JS. */
function rows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((r) => {
    const o = (r as { toJSON(): Record<string, unknown> }).toJSON();
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === 'bigint') o[k] = Number(v);
    }
    return o;
  });
}

function listOf(value: unknown): number[] {
  if (value === null || value === undefined) return [];
  return (value as { toArray(): unknown[] }).toArray().map(Number);
}

function examplesOf(value: unknown): CellExample[] {
  if (value === null || value === undefined) return [];
  const items = (value as { toArray(): unknown[] }).toArray();
  return items.map((it) => {
    const o = (it as { toJSON(): { row: number | bigint; value: string } }).toJSON();
    return { row: Number(o.row), value: String(o.value) };
  });
}

interface Prepared {
  format: FileFormat;
  encoding: EncodingGuess | null;
  delimiter: string;
  skipLines: number;
  /** Columns to declare (≥ header length when rows carry trailing delimiters). */
  width: number;
  /** Fields in the header record as written. */
  headerWidth: number;
  /** Rows above the header (sep= line, titles): added to staging row numbers to give the file's row. */
  rowOffset: number;
  sheet?: string;
  sheets?: string[];
  warnings: IngestMessage[];
  /** UTF-8 delimited text for DuckDB… */
  bytes?: Uint8Array;
  /** …or a UTF-8 file DuckDB reads through a handle… */
  handle?: Blob;
  /** …or a file on disk (a UTF-8 CSV, or Parquet by a path or glob) DuckDB reads itself; Parquet lists its columns. */
  disk?: { path: string; parquet: { name: string; type: string }[] | null };
  /** …or Parquet read in JS into Arrow columns, for an engine that takes Arrow. */
  arrow?: ParquetArrow;
}

async function readAll(input: LoadInput): Promise<Uint8Array> {
  if (input.bytes) return input.bytes;
  if (input.text !== undefined) return new TextEncoder().encode(input.text);
  if (input.file) return new Uint8Array(await input.file.arrayBuffer());
  throw new TypeError('loadFile: give bytes, file or text');
}

function sizeOf(input: LoadInput): number {
  return input.bytes?.length ?? input.file?.size ?? (input.text !== undefined ? input.text.length * 3 : 0);
}

function tooLarge(file: string, size: number, limit: number, what: SizeWhat): IngestError {
  return new IngestError('too-large', { id: 'tooLarge', size, limit, what }, { file });
}

function checkWidth(file: string, width: number, limits: IngestLimits): void {
  if (width > limits.maxColumns) {
    throw new IngestError('too-many-columns', { id: 'tooManyColumns', columns: width, max: limits.maxColumns }, { file });
  }
}

const extOf = (file: string) => /\.[^.]+$/.exec(file)?.[0];

/** Rows parsed in JS → CSV bytes with the header as row 1, like a CSV file. */
function fromJsRows(file: string, format: FileFormat, header: readonly unknown[], body: readonly unknown[][], limits: IngestLimits, extra: Partial<Prepared>, rowOffset = 0): Prepared {
  let width = header.length;
  for (const r of body) if (r.length > width) width = r.length;
  if (width === 0) {
    throw new IngestError('empty', extra.sheet !== undefined ? { id: 'sheetEmpty', sheet: extra.sheet } : { id: 'noTable' }, { file });
  }
  checkWidth(file, width, limits);
  return {
    format,
    encoding: null,
    delimiter: ',',
    skipLines: 0,
    width,
    headerWidth: header.length,
    rowOffset,
    warnings: [],
    ...extra,
    bytes: rowsToCsv([header, ...body], width),
  };
}

async function prepare(engine: Engine, input: LoadInput, opts: LoadOptions, limits: IngestLimits): Promise<Prepared> {
  const file = input.name;
  const size = sizeOf(input);
  if (size === 0) throw new IngestError('empty', { id: 'empty' }, { file });
  const head = input.file && !input.bytes ? new Uint8Array(await input.file.slice(0, 1 << 18).arrayBuffer()) : null;
  const format = opts.format ?? (input.text !== undefined ? 'csv' : detectFormat(file, head ?? input.bytes!.subarray(0, 1 << 18)));

  // On disk, for an engine that reads files itself: Parquet and UTF-8 CSV never pass through JS.
  if (input.path !== undefined && engine.readsFiles && head) {
    if (format === 'parquet') return prepareParquetOnDisk(engine, file, input.path, limits);
    const inPlace = format === 'csv' ? sniffInPlace(file, head, size > head.length, opts, limits) : null;
    if (inPlace) return { ...inPlace, format, disk: { path: input.path, parquet: null } };
  }
  // Large UTF-8 CSV from a browser File: DuckDB reads it through a handle, JS never holds it whole.
  if (format === 'csv' && input.file && !input.bytes && size > limits.streamAboveBytes && canStream(engine)) {
    const inPlace = sniffInPlace(file, head!, true, opts, limits);
    if (inPlace) {
      if (size > limits.maxStreamBytes) throw tooLarge(file, size, limits.maxStreamBytes, 'utf8csv');
      return { ...inPlace, format, handle: input.file };
    }
  }

  const maxBytes = format === 'xlsx' ? limits.maxXlsxBytes : limits.maxBytes;
  if (size > maxBytes) throw tooLarge(file, size, maxBytes, format === 'xlsx' ? 'xlsx' : 'files');
  const bytes = await readAll(input);
  const named = /\.([^.]+)$/.exec(file)?.[1]?.toLowerCase();
  const renamed: IngestMessage[] =
    named !== undefined && (format === 'xlsx' || format === 'parquet') && !['xlsx', 'xlsm', 'parquet'].includes(named)
      ? [{ id: 'renamedBinary', ext: named, format }]
      : [];

  if (format === 'xlsx') {
    const { readXlsx } = await import('./read-xlsx');
    const book = await readXlsx(file, bytes, opts.sheet, limits.maxXlsxUnpackedBytes);
    const at = findHeaderIndex(book.rows, opts.headerRow);
    const [header = [], ...body] = book.rows.slice(at);
    const warnings = [...renamed, ...titleWarning(at)];
    return fromJsRows(file, format, header, body, limits, { sheet: book.sheet, sheets: book.sheets, warnings }, at);
  }
  if (format === 'parquet') {
    const { readParquet } = await import('./read-parquet');
    const pq = await readParquet(file, bytes, engine.insertArrowIpc !== undefined);
    if ('arrow' in pq) {
      checkWidth(file, pq.arrow.columns.length, limits);
      return parquetPrepared(pq.arrow.columns.length, renamed, { arrow: pq.arrow });
    }
    return fromJsRows(file, format, pq.names, pq.rows, limits, { warnings: renamed });
  }

  const decoded = toUtf8(bytes, opts.encoding);
  const { utf8, innerBoms, ...encoding } = decoded;
  const warnings: IngestMessage[] = decoded.notice ? [decoded.notice] : [];
  if (innerBoms) warnings.push({ id: 'bomsRemoved', ...innerBoms });
  const reason = binaryReason(utf8);
  if (reason) throw new IngestError('binary', { id: 'notText', ...reason, ext: extOf(file) ?? 'text' }, { file, ...(reason.nul ? { line: reason.line } : {}) });
  if (utf8Prefix(utf8, 1 << 16).trim() === '') throw new IngestError('empty', { id: 'blank' }, { file });

  if (format === 'json') {
    const { readJson } = await import('./read-json');
    const json = readJson(file, new TextDecoder().decode(utf8));
    const prepared = fromJsRows(file, format, json.names, json.rows, limits, {});
    return { ...prepared, encoding, warnings };
  }

  const partial = utf8.length > 1 << 18;
  const sniffed = sniffDelimited(utf8Prefix(utf8, 1 << 18), partial, opts.delimiter, opts.headerRow);
  checkMixed(file, sniffed.mixed, sniffed.delimiter);
  if (sniffed.whitespace) {
    // Space-aligned columns: split here, then typed like any CSV.
    const records = new TextDecoder().decode(utf8).split(/\r\n|\r|\n/u).map(splitAligned).filter((r) => r.length > 0);
    const [header = [], ...body] = records;
    const prepared = fromJsRows(file, format, header, body, limits, {});
    return { ...prepared, encoding, warnings: [...warnings, { id: 'spaceAligned', columns: prepared.width }] };
  }
  warnings.push(...titleWarning(sniffed.titleRows));
  const width = Math.max(sniffed.header.length, sniffed.maxFields);
  // Only Excel's "sep=;" hint and nothing after it.
  if (width === 0) throw new IngestError('empty', { id: 'noTable' }, { file });
  checkWidth(file, width, limits);
  return {
    format,
    encoding,
    delimiter: sniffed.delimiter,
    skipLines: sniffed.skipLines,
    width,
    headerWidth: sniffed.header.length,
    rowOffset: sniffed.skipLines,
    warnings,
    bytes: utf8,
  };
}

/** A CSV read in place from its first bytes: delimiter, header and width, or null when it is not plainly UTF-8 (then it is read whole and converted). */
function sniffInPlace(file: string, head: Uint8Array, partial: boolean, opts: LoadOptions, limits: IngestLimits): Omit<Prepared, 'format'> | null {
  const guess = detectEncoding(head, opts.encoding, partial);
  if (guess.encoding !== 'utf-8' || guess.reason === 'mostly-utf8') return null;
  // Whole files read in memory are checked for a UTF-8 BOM inside; in place, DuckDB would keep it as text.
  if (!partial && stripInnerBoms(head.subarray(guess.bomLength)).count > 0) return null;
  const reason = binaryReason(head);
  if (reason) throw new IngestError('binary', { id: 'notText', ...reason, ext: extOf(file) ?? 'text' }, { file, ...(reason.nul ? { line: reason.line } : {}) });
  const text = utf8Prefix(head.subarray(guess.bomLength), head.length);
  if (text.trim() === '') throw new IngestError('empty', { id: 'blank' }, { file });
  const sniffed = sniffDelimited(text, partial, opts.delimiter, opts.headerRow);
  checkMixed(file, sniffed.mixed, sniffed.delimiter);
  // Space-aligned columns are split in JS: read whole.
  if (sniffed.whitespace) return null;
  const width = Math.max(sniffed.header.length, sniffed.maxFields);
  if (width === 0) throw new IngestError('empty', { id: 'noTable' }, { file });
  checkWidth(file, width, limits);
  return {
    encoding: guess,
    delimiter: sniffed.delimiter,
    skipLines: sniffed.skipLines,
    width,
    headerWidth: sniffed.header.length,
    rowOffset: sniffed.skipLines,
    warnings: titleWarning(sniffed.titleRows),
  };
}

/** Parquet (a file or a glob) that DuckDB reads itself: its columns, or what is wrong with it. */
async function prepareParquetOnDisk(engine: Engine, file: string, path: string, limits: IngestLimits): Promise<Prepared> {
  let names: { name: string; type: string }[];
  try {
    names = rows(await engine.query(`DESCRIBE SELECT * FROM read_parquet(${str(path)})`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    throw new IngestError('bad-parquet', { id: 'parquetUnreadable', detail: why }, { file }, { cause: e });
  }
  if (names.length === 0) throw new IngestError('empty', { id: 'noTable' }, { file });
  checkWidth(file, names.length, limits);
  return parquetPrepared(names.length, [], { disk: { path, parquet: names } });
}

/** A Parquet file's preparation: its columns are named by the schema, with no rows above them. */
function parquetPrepared(width: number, warnings: IngestMessage[], source: Pick<Prepared, 'disk' | 'arrow'>): Prepared {
  return { format: 'parquet', encoding: null, delimiter: ',', skipLines: 0, width, headerWidth: width, rowOffset: 0, warnings, ...source };
}

function titleWarning(rows: number): IngestMessage[] {
  return rows > 0 ? [{ id: 'titleRows', rows }] : [];
}

/** The header split by one delimiter and the rows by another: reading on would take a data row for the header. */
function checkMixed(file: string, mixed: { headerDelimiter: string; row: number } | undefined, delimiter: string): void {
  if (mixed) throw new IngestError('ragged-row', { id: 'mixedDelimiters', headerDelimiter: mixed.headerDelimiter, delimiter, row: mixed.row }, { file, row: mixed.row });
}

function readCsvSql(fileName: string, p: Prepared, parallel = true): string {
  const columns = Array.from({ length: p.width }, (_, i) => `${str(`c${i + 1}`)}: 'VARCHAR'`).join(', ');
  return `read_csv(${str(fileName)}, header = false, auto_detect = false, delim = ${str(p.delimiter)}, quote = '"', escape = '"', null_padding = true, skip = ${int(p.skipLines)}, max_line_size = ${int(MAX_LINE_BYTES)}${parallel ? '' : ', parallel = false'}, columns = {${columns}})`;
}

/** DuckDB's CSV errors → the user's words, with the line. */
function csvError(file: string, e: unknown, p: Prepared): IngestError {
  const msg = e instanceof Error ? e.message : String(e);
  const line = Number(/CSV Error on Line: (\d+)/.exec(msg)?.[1] ?? NaN);
  // DuckDB counts lines from the start of the file, skipped ones included.
  const at = Number.isFinite(line) ? { line } : {};
  const where = { file, ...at };
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  if (cols) {
    return new IngestError('ragged-row', { id: 'raggedRow', ...at, fields: Number(cols[2]), header: Number(cols[1]), delimiter: p.delimiter }, where, { cause: e });
  }
  if (/unterminated quote/i.test(msg)) return new IngestError('bad-csv', { id: 'unterminatedQuote', ...at }, where, { cause: e });
  if (/Invalid unicode|not utf-8/i.test(msg)) return new IngestError('bad-encoding', { id: 'notUtf8', ...at }, where, { cause: e });
  if (/Maximum line size/i.test(msg)) return new IngestError('bad-csv', { id: 'lineTooLong', ...at, limit: MAX_LINE_BYTES }, where, { cause: e });
  const first = msg.split('\n')[0] ?? msg;
  return new IngestError('bad-csv', { id: 'csvOther', ...at, detail: first }, where, { cause: e });
}

/** The user chose the type: read the values as well as that type allows. */
function forcedPlan(type: ColumnType, p: ColumnProfile, dayFirst: boolean): TypePlan {
  if (type === 'text') return { type, note: 'chosen' };
  if (type === 'date') {
    const order = dayFirst || (p.xyzFirstOver12 > 0 && p.xyzSecondOver12 === 0) ? 'dmy' : 'mdy';
    return { type, date: { order, compact: p.compact > 0, serial: p.serial > 0 }, note: 'chosen' };
  }
  return { type, decimal: p.commaOnly > p.dotOnly ? ',' : '.', note: 'chosen' };
}

interface Planned {
  name: string;
  col: string;
  plan: TypePlan;
  /** The cell as text: the column itself, or, for a column staged in its Parquet type, that value's text (textOf). */
  text: string;
  /** The Parquet type a column was staged in, or null when staged as text. */
  source: string | null;
}

/**
 * The typed value of a column in three projection levels, so the costly parts
 * run once per cell: s = normalised text, m = number pattern match (only for
 * cells that are not plain numbers), v = the value.
 */
function valueSql(c: Planned): { l1: string[]; l2: string[]; v: string } {
  const k = c.col.slice(1);
  const { plan, source } = c;
  // A typed Parquet column read as its own type: the value its text would parse to, without the text.
  if (source && plan.type === 'number' && (plan.decimal ?? '.') === '.' && NUMBER_TYPE(source)) {
    const x = `CAST(${ident(c.col)} AS DOUBLE)`;
    return { l1: [], l2: [], v: `CASE WHEN isfinite(${x}) THEN ${x} END` };
  }
  if (source && plan.type === 'date' && DATE_TYPE(source)) {
    const x = ident(c.col);
    return { l1: [], l2: [], v: `CASE WHEN isfinite(${x}) AND year(${x}) BETWEEN 1000 AND 9999 THEN CAST(${x} AS DATE) END` };
  }
  const col = c.text;
  if (plan.type === 'number' || plan.type === 'percent') {
    const dec = plan.decimal ?? '.';
    return {
      l1: [`${normSql(col)} AS s${k}`],
      l2: [`s${k}`, `CASE WHEN ${plainNumberSql(`s${k}`, dec)} IS NULL THEN ${numberMatchSql(`s${k}`, dec)} END AS m${k}`],
      v: `coalesce(${plainNumberSql(`s${k}`, dec)}, ${numberFromMatchSql(`m${k}`, dec)})`,
    };
  }
  if (plan.type === 'date') {
    return { l1: [`${normSql(col)} AS s${k}`], l2: [`s${k}`], v: dateSql(`s${k}`, plan.date ?? { order: 'mdy', compact: false, serial: false }) };
  }
  return { l1: [], l2: [], v: col };
}

/** One load's own names and record: what it registers and creates, and the statements it keeps for the page. */
interface LoadRun {
  engine: Engine;
  file: string;
  options: LoadOptions;
  limits: IngestLimits;
  /** The registered file, the staging table, the typed table, and the new table while it replaces an old one. */
  names: { registered: string; arrow: string; stage: string; typed: string; building: string };
  /** Statements that built the table, shown on the page. */
  sql: string[];
  registeredFile: boolean;
  /** Parquet in place: stage its first rows only, and make the table a view over the file (parquetView). */
  view: boolean;
  /** A target created but not yet committed: dropped when the load fails. */
  createdTarget: string | null;
  /**
   * Parquet staged in its own types: the header (from the file's schema, not a staged row 1)
   * and, per staged column, the DuckDB type it kept (numbers, dates, timestamps) or null for text.
   */
  typedStage: { header: string[]; types: (string | null)[] } | null;
}

const runKept = (r: LoadRun, statement: string) => {
  r.sql.push(statement);
  return r.engine.query(statement);
};

async function registerPrepared(r: LoadRun, prep: Prepared): Promise<void> {
  if (prep.handle) await (r.engine as FileHandleEngine).registerFileHandle(r.names.registered, prep.handle);
  else await r.engine.registerFile(r.names.registered, prep.bytes!);
  r.registeredFile = true;
}

async function dropRegistered(r: LoadRun): Promise<void> {
  await r.engine.dropFile(r.names.registered);
  r.registeredFile = false;
}

/**
 * Stage 1, staging: the file into a temp table of text columns c1…cN with its row
 * number, as DuckDB's CSV reader reads it. Returns the preparation it was read with
 * (a streamed file found not to be UTF-8 past its sampled start is read again whole).
 */
async function stageFile(r: LoadRun, input: LoadInput, prepared: Prepared): Promise<Prepared> {
  let p = prepared;
  const source = p.disk?.path ?? r.names.registered;
  const stageSql = (prep: Prepared, parallel = true) =>
    `CREATE TEMP TABLE ${ident(r.names.stage)} AS SELECT CAST(row_number() OVER () AS INTEGER) AS __row, * FROM ${readCsvSql(source, prep, parallel)}`;
  // DuckDB's parallel reader refuses short rows (null_padding) together with line breaks inside quotes
  // (an address over two lines): such a file is read again by the serial reader.
  const stageRun = async (prep: Prepared) => {
    try {
      await runKept(r, stageSql(prep));
    } catch (e) {
      if (!/parallel scanner does not support null_padding/i.test(e instanceof Error ? e.message : String(e))) throw e;
      r.sql.pop();
      await runKept(r, stageSql(prep, false));
    }
  };
  r.options.onProgress?.('stage');
  if (p.disk?.parquet) {
    const columns = p.disk.parquet.map((c) => ({ ...c, sql: ident(c.name) }));
    const from = r.view ? `(SELECT * FROM read_parquet(${str(p.disk.path)}) LIMIT ${int(PROFILE_ROWS)})` : `read_parquet(${str(p.disk.path)})`;
    await stageParquet(r, from, columns);
    return p;
  }
  if (p.arrow) {
    try {
      await r.engine.insertArrowIpc!(r.names.arrow, p.arrow.ipc);
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
      throw new IngestError('bad-parquet', { id: 'parquetUnreadable', detail: why }, { file: r.file }, { cause: e });
    }
    const read = `-- ${ident(r.names.arrow)}: the Parquet file's ${p.arrow.rows} rows, read in JS (hyparquet) and handed to DuckDB as Arrow columns\n`;
    await stageParquet(r, ident(r.names.arrow), p.arrow.columns.map((c) => ({ ...c, sql: ident(c.field) })), read);
    await r.engine.query(`DROP TABLE ${ident(r.names.arrow)}`);
    return p;
  }
  if (p.disk) {
    try {
      await stageRun(p);
    } catch (e) {
      throw csvError(r.file, e, p);
    }
    return p;
  }
  await registerPrepared(r, p);
  try {
    await stageRun(p);
  } catch (e) {
    const err = csvError(r.file, e, p);
    if (!(err.code === 'bad-encoding' && p.handle)) throw err;
    // A streamed file was UTF-8 only in its sampled start: read it whole and convert.
    r.sql.pop();
    await dropRegistered(r);
    p = await prepare(r.engine, { name: input.name, bytes: new Uint8Array(await p.handle.arrayBuffer()) }, r.options, r.limits);
    await registerPrepared(r, p);
    try {
      await stageRun(p);
    } catch (e2) {
      throw csvError(r.file, e2, p);
    }
  }
  await dropRegistered(r);
  return p;
}

/**
 * A Parquet value as the text the JS reader writes for it (cellText), so a file grades the
 * same whichever engine read it: 10 not 10.0, Infinity not inf, NaN and '' as missing, a
 * midnight timestamp as its date.
 */
function parquetCellSql(col: string, type: string): string {
  if (FLOAT_TYPES.test(type)) {
    const x = `CAST(${col} AS DOUBLE)`;
    return `CASE WHEN isnan(${x}) THEN NULL WHEN isinf(${x}) THEN CASE WHEN ${x} > 0 THEN 'Infinity' ELSE '-Infinity' END
      WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e21 THEN CAST(CAST(${x} AS HUGEINT) AS VARCHAR) ELSE CAST(${x} AS VARCHAR) END`;
  }
  if (/^TIMESTAMP/u.test(type)) return `CASE WHEN CAST(${col} AS TIME) = TIME '00:00:00' THEN strftime(${col}, '%Y-%m-%d') ELSE strftime(${col}, '%Y-%m-%d %H:%M:%S') END`;
  if (type === 'BLOB') return `'[' || octet_length(${col}) || ' bytes]'`;
  // An empty string is a missing value, as an empty CSV field is.
  return `nullif(CAST(${col} AS VARCHAR), '')`;
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/u;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL|DECIMAL)/u;
const NUMBER_TYPE = (type: string) => INTEGER_TYPES.test(type) || FLOAT_TYPES.test(type);
const DATE_TYPE = (type: string) => type === 'DATE' || /^TIMESTAMP/u.test(type);
/** Parquet column types staged as themselves rather than as text. */
const KEEPS_TYPE = (type: string) => NUMBER_TYPE(type) || DATE_TYPE(type);

/** The Parquet type staged column cK kept, or null when it was staged as text. */
const stagedType = (r: LoadRun, col: string): string | null => r.typedStage?.types[Number(col.slice(1)) - 1] ?? null;

/** A staged column as the text the row route would have staged for it (the column itself when staged as text). */
function textOf(r: LoadRun, col: string): string {
  const type = stagedType(r, col);
  return type ? parquetCellSql(ident(col), type) : ident(col);
}

/** Whether a header could be the text of a typed value (a number, a date): only then can a row repeat it. */
const mayBeValueText = (header: string) => /^-?Infinity$/u.test(header.trim()) || looksLikeData([header, '0']);

/**
 * Parquet columns in DuckDB (read_parquet, or the Arrow table the JS reader made) into the
 * staging table: numbers, dates and timestamps as themselves, the rest as DuckDB's text of
 * them (as the JS row reader writes it), the names from the schema (r.typedStage) — or, when
 * the names look like data, everything as text below the names as row 1, like a CSV.
 */
async function stageParquet(r: LoadRun, from: string, columns: readonly { name: string; type: string; sql: string }[], comment = ''): Promise<void> {
  const cols = columns.map((_, i) => `c${i + 1}`);
  // Numbers, dates and timestamps keep their type (no text round trip for a million cells), unless
  // the names look like a row of data: then, as the row route reads them, row 1 is data.
  const names = columns.map((c) => c.name);
  const keepTypes = r.options.headerRow !== undefined || !looksLikeData(names);
  r.typedStage = keepTypes ? { header: names, types: columns.map((c) => (KEEPS_TYPE(c.type) ? c.type : null)) } : null;
  const types = r.typedStage?.types;
  const values = columns.map((c, i) => `${types?.[i] ? c.sql : parquetCellSql(c.sql, c.type)} AS ${ident(cols[i]!)}`).join(', ');
  const header = columns.map((c, i) => `${str(c.name)} AS ${ident(cols[i]!)}`).join(', ');
  const body = `SELECT CAST(row_number() OVER () + 1 AS INTEGER) AS __row, ${values} FROM ${from}`;
  try {
    await runKept(r, `${comment}CREATE TEMP TABLE ${ident(r.names.stage)} AS\n${keepTypes ? body : `SELECT 1 AS __row, ${header}\nUNION ALL\n${body}`}`);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    throw new IngestError('bad-parquet', { id: 'parquetUnreadable', detail: why }, { file: r.file }, { cause: e });
  }
}

/** What the header checks found: the columns kept, their names, and which staged rows are the body. */
interface HeaderCheck {
  kept: { c: string; h: string | null }[];
  names: string[];
  /** The WHERE condition of the body rows (past the header, without repeats of it). */
  body: string;
  dataRows: number;
}

/**
 * Stage 2, header checks: row 1 is the header; unnamed columns with values past a
 * delimited header are a broken row; rows repeating the header, empty unnamed
 * columns and duplicate rows are left out or counted, and said so in `warnings`.
 */
async function checkHeader(r: LoadRun, p: Prepared, warnings: IngestMessage[]): Promise<HeaderCheck> {
  const { engine, file } = r;
  const stage = ident(r.names.stage);
  const cols = Array.from({ length: p.width }, (_, i) => `c${i + 1}`);
  let firstRecord: (string | null)[];
  if (r.typedStage) firstRecord = r.typedStage.header;
  else {
    const [headerRow] = rows(await engine.query(`SELECT ${cols.map(ident).join(', ')} FROM ${stage} WHERE __row = 1`));
    if (!headerRow) throw new IngestError('empty', { id: 'noRows' }, { file });
    firstRecord = cols.map((c) => (headerRow[c] ?? null) as string | null);
  }
  // A file without a header (a transaction log of numbers and dates): row 1 is data, the columns get names.
  const headerless = !r.typedStage && r.options.headerRow === undefined && looksLikeData(firstRecord);
  const rawHeader = headerless ? cols.map((_, i) => `column_${i + 1}`) : firstRecord;
  const first = headerless ? 1 : 2;
  const unnamed = cols.filter((_, i) => (rawHeader[i] ?? '').trim() === '');
  const filled = (c: string) => `NOT ${blankSql(textOf(r, c))}`;
  // A row equal to the header is a second export joined on below the first: left out, and said so.
  // Columns staged as text are compared first, so a typed column's text is rarely made.
  // A typed column whose header no value of its type can spell rules a repeat out.
  const typed = (i: number) => stagedType(r, cols[i]!) !== null;
  const byText = [...cols.keys()].sort((a, b) => Number(typed(a)) - Number(typed(b)));
  const repeatsHeader =
    !headerless && rawHeader.filter((h) => (h ?? '').trim() !== '').length >= 2 && cols.every((_, i) => !typed(i) || mayBeValueText(rawHeader[i] ?? ''))
      ? byText.map((i) => `coalesce(trim(${textOf(r, cols[i]!)}), '') = ${str((rawHeader[i] ?? '').trim())}`).join(' AND ')
      : 'false';
  const counts = rows(
    await engine.query(
      `SELECT CAST(count(*) AS INTEGER) AS n, CAST(count_if(${repeatsHeader}) AS INTEGER) AS repeated, arg_min(__row, __row, 5) FILTER (WHERE ${repeatsHeader}) AS repeated_rows${unnamed.map((c) => `, CAST(count_if(${filled(c)}) AS INTEGER) AS ${ident(c)}, min(__row) FILTER (WHERE ${filled(c)}) AS ${ident(`first_${c}`)}`).join('')} FROM ${stage} WHERE __row >= ${int(first)}`,
    ),
  )[0]!;
  // In delimited text, values past the header's last field mean a broken row (an unquoted delimiter), not a column.
  if (p.format === 'csv') {
    const beyond = unnamed.filter((c) => Number(c.slice(1)) > p.headerWidth && Number(counts[c]) > 0);
    const firstRow = Math.min(...beyond.map((c) => Number(counts[`first_${c}`]))) + p.rowOffset;
    if (beyond.length > 0) {
      throw new IngestError('ragged-row', { id: 'raggedRow', row: firstRow, header: p.headerWidth, delimiter: p.delimiter }, { file, row: firstRow });
    }
  }
  const repeated = Number(counts.repeated);
  const dataRows = Number(counts.n) - repeated;
  if (dataRows === 0) {
    throw new IngestError('header-only', { id: 'headerOnly' }, { file, row: first + p.rowOffset });
  }
  const body = repeated > 0 ? `__row >= ${int(first)} AND NOT (${repeatsHeader})` : `__row >= ${int(first)}`;
  // Unnamed columns with no values are trailing delimiters or empty sheet columns: drop them.
  const dropped = new Set(unnamed.filter((c) => Number(counts[c]) === 0));
  const kept = cols.map((c, i) => ({ c, h: rawHeader[i] ?? null })).filter((x) => !dropped.has(x.c));
  if (headerless) warnings.push({ id: 'noHeader', columns: kept.length });
  if (repeated > 0) warnings.push({ id: 'headerRepeated', rows: listOf(counts.repeated_rows).map((row) => row + p.rowOffset), count: repeated });
  if (dropped.size > 0) warnings.push({ id: 'emptyColumnsDropped', count: dropped.size });
  const header = cleanHeader(kept.map((x) => x.h));
  warnings.push(...header.warnings);
  // The same file exported twice, or a million copies of one line: worth a word, never a silent sum.
  const [dup] = rows(
    await engine.query(`SELECT CAST(coalesce(sum(k - 1), 0) AS BIGINT) AS copies, min(r) FILTER (WHERE k > 1) AS first
FROM (SELECT min(__row) AS r, count(*) AS k FROM ${stage} WHERE ${body} GROUP BY hash(${kept.map((x) => hashOf(r, x.c)).join(', ')}))`),
  );
  if (dup && Number(dup.copies) > 0) warnings.push({ id: 'duplicateRows', count: Number(dup.copies), rows: dataRows, firstRow: Number(dup.first) + p.rowOffset });
  return { kept, names: header.names, body, dataRows };
}

/** A staged column for the duplicate-row hash: a typed one as equal as its text would be (NaN missing, -0 as 0, whole seconds). */
function hashOf(r: LoadRun, col: string): string {
  const type = stagedType(r, col);
  const c = ident(col);
  if (!type) return c;
  if (FLOAT_TYPES.test(type)) return `CASE WHEN NOT isnan(CAST(${c} AS DOUBLE)) THEN CAST(${c} AS DOUBLE) + 0 END`;
  return /^TIMESTAMP/u.test(type) ? `date_trunc('second', ${c})` : c;
}

/** A typed column's figures over every row, read once from the typed table. */
interface ColumnStats {
  /** Cells that are not empty (text columns), or that parsed (others). */
  nonEmpty: number;
  parsed: number;
  /** Cells with text that did not parse, and the first few of them. */
  unparsed: number;
  unparsedExamples: CellExample[];
  /** Numbers of 10^15 or more (counted as missing), and the first few. */
  huge: number;
  hugeExamples: CellExample[];
  /** Every in-range number is whole (a number column becomes BIGINT). */
  integral: boolean;
}

const numeric = (c: Planned) => c.plan.type === 'number' || c.plan.type === 'percent';
// Numbers of 10^15 or more (1e308, an overflowed 1e309 = Infinity) are no amount, count or rating: missing, with the text kept.
const inRange = (k: string) => `abs(v${k}) < ${MAX_MAGNITUDE}`;

/** The statistics of every typed column in one pass over the typed table; read back by readColumnStats, in the same order. */
function columnStatsSql(planned: readonly Planned[], typed: string): string {
  const statAggs = planned.flatMap((c) => {
    const k = c.col.slice(1);
    const col = c.text;
    if (c.plan.type === 'text') return [`CAST(count_if(v${k} IS NOT NULL AND trim(v${k}) <> '') AS INTEGER) AS ne${k}`];
    // The cell's text (made from a typed Parquet value) and the blank test only where the value is missing: CASE runs a branch for its rows only.
    const bad = `CASE WHEN v${k} IS NULL THEN ${col} IS NOT NULL AND NOT ${blankSql(col)} ELSE false END`;
    const aggs = [
      `CAST(count(v${k}) AS INTEGER) AS ok${k}`,
      `CAST(count_if(${bad}) AS INTEGER) AS f${k}`,
      `arg_min({'row': __row, 'value': CASE WHEN v${k} IS NULL THEN ${col} END}, __row, 3) FILTER (WHERE ${bad}) AS x${k}`,
    ];
    if (numeric(c)) {
      const huge = `v${k} IS NOT NULL AND NOT ${inRange(k)}`;
      aggs.push(`CAST(count_if(${huge}) AS INTEGER) AS h${k}`, `arg_min({'row': __row, 'value': CASE WHEN ${huge} THEN ${col} END}, __row, 3) FILTER (WHERE ${huge}) AS y${k}`);
    }
    if (c.plan.type === 'number') aggs.push(`coalesce(bool_and(v${k} = trunc(v${k})) FILTER (WHERE ${inRange(k)}), false) AS i${k}`);
    return aggs;
  });
  return `SELECT ${statAggs.join(',\n  ')}\nFROM ${ident(typed)}`;
}

/** columnStatsSql's row, per column (examples shifted to the file's own row numbers). */
function readColumnStats(row: Record<string, unknown>, planned: readonly Planned[], rowOffset: number): ColumnStats[] {
  const shift = (xs: CellExample[]) => xs.map((x) => ({ ...x, row: x.row + rowOffset }));
  return planned.map((c) => {
    const k = c.col.slice(1);
    if (c.plan.type === 'text') {
      const nonEmpty = Number(row[`ne${k}`]);
      return { nonEmpty, parsed: nonEmpty, unparsed: 0, unparsedExamples: [], huge: 0, hugeExamples: [], integral: false };
    }
    const unparsed = Number(row[`f${k}`]);
    const huge = numeric(c) ? Number(row[`h${k}`]) : 0;
    return {
      nonEmpty: Number(row[`ok${k}`]) + unparsed,
      parsed: Number(row[`ok${k}`]),
      unparsed,
      unparsedExamples: unparsed > 0 ? shift(examplesOf(row[`x${k}`])) : [],
      huge,
      hugeExamples: huge > 0 ? shift(examplesOf(row[`y${k}`])) : [],
      integral: c.plan.type === 'number' && row[`i${k}`] === true,
    };
  });
}

/**
 * Stage 3, column typing: each kept column's type from a sample of the body, every cell
 * parsed once into the typed table (raw text beside typed value), then each column's
 * statistics over every row: its report, its warnings, and its SELECT into the table.
 */
async function typeColumns(r: LoadRun, p: Prepared, h: HeaderCheck, warnings: IngestMessage[]): Promise<{ reports: ColumnReport[]; select: string[] }> {
  const { engine, options } = r;
  const stage = ident(r.names.stage);
  const { kept, body, dataRows } = h;
  // Typed Parquet columns are profiled on their text, in the sample only, so they get the type the row route gives them.
  const sampleCols = kept.flatMap((x, i) => [`${textOf(r, x.c)} AS ${ident(x.c)}`, `${normSql(textOf(r, x.c))} AS s${i}`]);
  const profileSql = `SELECT ${kept.flatMap((x, i) => profileAggregatesSql(ident(x.c), `s${i}`, i)).join(',\n  ')}
FROM (SELECT ${sampleCols.join(', ')} FROM (SELECT * FROM ${stage} WHERE ${body}) USING SAMPLE reservoir(${int(PROFILE_ROWS)} ROWS) REPEATABLE (7))`;
  const profile = rows(await engine.query(profileSql))[0]!;
  const planned: Planned[] = kept.map((x, i) => {
    const name = h.names[i]!;
    const prof = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, Number(profile[`${f}_${i}`])])) as ColumnProfile;
    let plan = decideType(name, prof, { dayFirst: options.dayFirst ?? false });
    const forced = options.types?.[name];
    if (forced && forced !== plan.type) plan = forcedPlan(forced, prof, options.dayFirst ?? false);
    if (plan.dateWarning) warnings.push({ id: plan.dateWarning === 'mixed' ? 'datesMixedOrder' : 'datesAmbiguous', column: name, order: plan.date?.order ?? 'mdy' });
    return { name, col: x.c, plan, text: textOf(r, x.c), source: stagedType(r, x.c) };
  });

  // Every cell is parsed once, into a temporary table of raw text beside typed value.
  const parts = planned.map(valueSql);
  const raw = planned.map((c) => ident(c.col));
  const l1 = [...raw, ...parts.flatMap((x) => x.l1)];
  const l2 = [...raw, ...parts.flatMap((x) => x.l2)];
  const l3 = [...raw, ...planned.map((c, i) => `${parts[i]!.v} AS v${c.col.slice(1)}`)];
  await runKept(r, `CREATE TEMP TABLE ${ident(r.names.typed)} AS
SELECT __row, ${l3.join(',\n  ')}
FROM (SELECT __row, ${l2.join(',\n  ')}
FROM (SELECT __row, ${l1.join(',\n  ')}
FROM ${stage} WHERE ${body}))`);
  await engine.query(`DROP TABLE ${stage}`);

  const stats = readColumnStats(rows(await engine.query(columnStatsSql(planned, r.names.typed)))[0]!, planned, p.rowOffset);
  const reports: ColumnReport[] = [];
  const select: string[] = [];
  planned.forEach((c, i) => {
    const s = stats[i]!;
    const k = c.col.slice(1);
    const failed = s.unparsed + s.huge;
    const sqlType: SqlType = c.plan.type === 'date' ? 'DATE' : c.plan.type === 'text' ? 'VARCHAR' : s.integral ? 'BIGINT' : 'DOUBLE';
    const rawName = failed > 0 ? `${c.name}__raw` : null;
    // -0 (a "-0" cell, or a rounded tiny loss) is 0: it would print as "-0" and sort apart from 0.
    const value = numeric(c) ? `CASE WHEN ${inRange(k)} THEN (CASE WHEN v${k} = 0 THEN 0 ELSE v${k} END) END` : `v${k}`;
    select.push(`${sqlType === 'BIGINT' ? `CAST(${value} AS BIGINT)` : value} AS ${ident(c.name)}`);
    if (rawName) select.push(`${c.text} AS ${ident(rawName)}`);
    if (s.unparsed > 0 && c.plan.type !== 'text') warnings.push({ id: 'cellsNotParsed', column: c.name, type: c.plan.type, count: s.unparsed, examples: s.unparsedExamples });
    if (s.huge > 0) warnings.push({ id: 'valuesOutOfRange', column: c.name, count: s.huge, examples: s.hugeExamples });
    reports.push({
      name: c.name,
      type: c.plan.type,
      sqlType,
      parsed: s.nonEmpty - failed,
      failed,
      empty: dataRows - s.nonEmpty,
      examples: [...s.unparsedExamples, ...s.hugeExamples].sort((a, b) => a.row - b.row).slice(0, 3),
      raw: rawName,
      ...(c.plan.note ? { note: c.plan.note, noteText: noteText(c.plan.note) } : {}),
      ...(s.huge > 0 ? { outOfRange: s.huge } : {}),
    });
  });
  return { reports, select };
}

/**
 * Stage 4 for a large Parquet file in place: a view that gives each column the type the
 * page would, straight from the file's own types — or null when a column needs parsing
 * (numbers or dates held as text, cells that did not parse), and then the file is copied.
 */
async function commitView(r: LoadRun, disk: NonNullable<Prepared['disk']>, reports: readonly ColumnReport[]): Promise<{ table: string; rows: number } | null> {
  const columns = disk.parquet!;
  if (reports.length !== columns.length) return null;
  const exprs: string[] = [];
  for (const [i, c] of columns.entries()) {
    const rep = reports[i]!;
    const col = ident(c.name);
    let expr: string | null = null;
    if (rep.failed > 0) expr = null;
    else if (rep.type === 'text' && c.type === 'VARCHAR') expr = col;
    else if (rep.type === 'number' && INTEGER_TYPES.test(c.type)) expr = `CAST(${col} AS BIGINT)`;
    // As the page reads them: NaN and ±Infinity are no value.
    else if (rep.type === 'number' && FLOAT_TYPES.test(c.type)) expr = `CASE WHEN isfinite(CAST(${col} AS DOUBLE)) THEN CAST(${col} AS DOUBLE) END`;
    else if (rep.type === 'date' && (c.type === 'DATE' || /^TIMESTAMP/u.test(c.type))) expr = `CAST(${col} AS DATE)`;
    if (expr === null) return null;
    exprs.push(`${expr} AS ${ident(rep.name)}`);
  }
  const existing = rows(await r.engine.query('SELECT table_name AS t FROM information_schema.tables')).map((x) => String(x.t));
  const table = uniqueName(r.options.table ?? tableBaseName(r.file), existing);
  await runKept(r, `CREATE VIEW ${ident(table)} AS\nSELECT ${exprs.join(',\n  ')}\nFROM read_parquet(${str(disk.path)})`);
  const [count] = rows(await r.engine.query(`SELECT CAST(count(*) AS BIGINT) AS n FROM ${ident(table)}`));
  return { table, rows: Number(count?.n ?? 0) };
}

/**
 * Stage 4, commit: the typed columns into the user's table, under a name of its own
 * (or, replacing, built beside the old one and swapped in one transaction). Returns its name.
 */
async function commitTable(r: LoadRun, p: Prepared, select: readonly string[]): Promise<string> {
  const { engine, file, options } = r;
  const existing = rows(await engine.query('SELECT table_name AS t FROM information_schema.tables')).map((x) => String(x.t));
  const wanted = options.table ?? tableBaseName(file, p.sheet && p.sheets && p.sheets[0] !== p.sheet ? p.sheet : undefined);
  const replacing = options.replace === true && options.table !== undefined && existing.some((t) => t.toLowerCase() === wanted.toLowerCase());
  const table = replacing ? wanted : uniqueName(wanted, existing);
  const createTarget = replacing ? r.names.building : table;
  // The typed table is in file order; a copy keeps it unless the engine may reorder (native DuckDB out of core), and sorting a million rows costs a second or two.
  const [keeps] = rows(await engine.query(`SELECT current_setting('preserve_insertion_order') AS keeps`));
  const order = keeps?.keeps === true ? '' : '\nORDER BY __row';
  await runKept(r, `CREATE TABLE ${ident(createTarget)} AS\nSELECT ${select.join(',\n  ')}\nFROM ${ident(r.names.typed)}${order}`);
  r.createdTarget = createTarget;
  if (replacing) {
    await engine.query('BEGIN TRANSACTION');
    try {
      await engine.query(`DROP TABLE ${ident(table)}`);
      await engine.query(`ALTER TABLE ${ident(r.names.building)} RENAME TO ${ident(table)}`);
      await engine.query('COMMIT');
    } catch (e) {
      await engine.query('ROLLBACK');
      throw e;
    }
  }
  r.createdTarget = null;
  return table;
}

export async function loadFile(engine: Engine, input: LoadInput, options: LoadOptions = {}): Promise<LoadedTable> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // A large Parquet file on disk: a view over it when its columns allow, else copied like any file.
  if (input.path !== undefined && engine.readsFiles && sizeOf(input) > limits.parquetViewAboveBytes) {
    const view = await loadWith(engine, input, options, limits, true);
    if (view) return view;
  }
  return (await loadWith(engine, input, options, limits, false))!;
}

async function loadWith(engine: Engine, input: LoadInput, options: LoadOptions, limits: IngestLimits, view: boolean): Promise<LoadedTable | null> {
  const file = input.name;
  const progress = options.onProgress ?? (() => {});
  progress('read');
  const n = ++sequence;
  const r: LoadRun = {
    engine,
    file,
    options,
    limits,
    names: { registered: `__ingest_${n}.csv`, arrow: `__ingest_arrow_${n}`, stage: `__ingest_stage_${n}`, typed: `__ingest_typed_${n}`, building: `__ingest_new_${n}` },
    sql: [],
    registeredFile: false,
    view,
    createdTarget: null,
    typedStage: null,
  };

  let p = await prepare(engine, input, options, limits);
  if (view && !p.disk?.parquet) return null;
  try {
    progress('parse');
    p = await stageFile(r, input, p);
    const warnings = [...p.warnings];
    const header = await checkHeader(r, p, warnings);
    progress('type');
    const { reports, select } = await typeColumns(r, p, header, warnings);
    let table: string;
    let rowCount = header.dataRows;
    if (view) {
      const made = await commitView(r, p.disk!, reports);
      if (!made) return null;
      table = made.table;
      rowCount = made.rows;
      warnings.unshift({ id: 'parquetInPlace', sampled: header.dataRows });
    } else table = await commitTable(r, p, select);
    progress('done');
    return {
      table,
      file,
      format: p.format,
      ...(p.sheet !== undefined ? { sheet: p.sheet } : {}),
      ...(p.sheets ? { sheets: p.sheets } : {}),
      encoding: p.encoding,
      ...(p.format === 'csv' ? { delimiter: p.delimiter } : {}),
      headerRow: p.rowOffset + 1,
      rows: rowCount,
      columns: reports,
      warnings: warnings.map((w) => ingestText(w).en),
      notices: warnings,
      noticeTexts: warnings.map(ingestText),
      sql: r.sql,
      readInPlace: Boolean(p.handle ?? p.disk),
    };
  } finally {
    // Clean up whatever this load created, success or not; other tables are never named here.
    if (r.registeredFile) await engine.dropFile(r.names.registered).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${ident(r.names.arrow)}`).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${ident(r.names.stage)}`).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${ident(r.names.typed)}`).catch(() => {});
    if (r.createdTarget) await engine.query(`DROP TABLE IF EXISTS ${ident(r.createdTarget)}`).catch(() => {});
  }
}

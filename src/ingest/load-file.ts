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
import { detectEncoding, toUtf8, utf8Prefix, type EncodingGuess, type TextEncodingName } from './decode';
import { findHeaderIndex, rowsToCsv, sniffDelimited } from './delimited';
import { IngestError } from './errors';
import { binaryReason, detectFormat, type FileFormat } from './format';
import { cleanHeader, tableBaseName, uniqueName } from './names';
import {
  PROFILE_FIELDS,
  blankSql,
  dateSql,
  normSql,
  numberFromMatchSql,
  numberMatchSql,
  plainNumberSql,
  profileAggregatesSql,
  type ColumnProfile,
} from './values-sql';

export { IngestError } from './errors';
export type { ColumnType } from './column-types';
export type { EncodingGuess, TextEncodingName } from './decode';
export type { FileFormat } from './format';

export interface LoadInput {
  /** File name as the user knows it ("销售明细.csv"); names the table and every message. */
  name: string;
  bytes?: Uint8Array;
  /** A browser File/Blob; read lazily, and handed to DuckDB unread when the engine can (see FileHandleEngine). */
  file?: Blob;
  /** Pasted text (a range copied from Excel arrives as TSV). */
  text?: string;
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
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 256 * 2 ** 20,
  maxXlsxBytes: 40 * 2 ** 20,
  maxStreamBytes: 1024 * 2 ** 20,
  streamAboveBytes: 32 * 2 ** 20,
  maxColumns: 500,
};
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
  warnings: string[];
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
  warnings: string[];
  /** UTF-8 delimited text for DuckDB… */
  bytes?: Uint8Array;
  /** …or a UTF-8 file DuckDB reads through a handle. */
  handle?: Blob;
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

const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;

function tooLarge(file: string, size: number, limit: number, what: string): IngestError {
  return new IngestError('too-large', `The file is ${mb(size)}; ${what} up to ${mb(limit)} can be loaded in the browser. Split it, or export fewer columns or a shorter period.`, { file });
}

function checkWidth(file: string, width: number, limits: IngestLimits): void {
  if (width > limits.maxColumns) {
    throw new IngestError('too-many-columns', `The table has ${width} columns; at most ${limits.maxColumns} are supported. Export only the columns you need.`, { file });
  }
}

/** Rows parsed in JS → CSV bytes with the header as row 1, like a CSV file. */
function fromJsRows(file: string, format: FileFormat, header: readonly unknown[], body: readonly unknown[][], limits: IngestLimits, extra: Partial<Prepared>, rowOffset = 0): Prepared {
  let width = header.length;
  for (const r of body) if (r.length > width) width = r.length;
  if (width === 0) {
    const what = extra.sheet !== undefined ? `The sheet ${JSON.stringify(extra.sheet)} is empty.` : 'The file holds no table.';
    throw new IngestError('empty', what, { file });
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
  if (size === 0) throw new IngestError('empty', 'The file is empty.', { file });
  const head = input.file && !input.bytes ? new Uint8Array(await input.file.slice(0, 1 << 18).arrayBuffer()) : null;
  const format = opts.format ?? (input.text !== undefined ? 'csv' : detectFormat(file, head ?? input.bytes!.subarray(0, 1 << 18)));

  // Large UTF-8 CSV from a browser File: DuckDB reads it through a handle, JS never holds it whole.
  if (format === 'csv' && input.file && !input.bytes && size > limits.streamAboveBytes && canStream(engine)) {
    const guess = detectEncoding(head!, opts.encoding, true);
    if (guess.encoding === 'utf-8' && guess.reason !== 'mostly-utf8') {
      if (size > limits.maxStreamBytes) throw tooLarge(file, size, limits.maxStreamBytes, 'UTF-8 CSV files');
      const reason = binaryReason(head!);
      if (reason) throw new IngestError('binary', `This does not look like a text table: ${reason}.`, { file });
      const sniffed = sniffDelimited(utf8Prefix(head!.subarray(guess.bomLength), head!.length), true, opts.delimiter, opts.headerRow);
      const width = Math.max(sniffed.header.length, sniffed.maxFields);
      checkWidth(file, width, limits);
      return {
        format,
        encoding: guess,
        delimiter: sniffed.delimiter,
        skipLines: sniffed.skipLines,
        width,
        headerWidth: sniffed.header.length,
        rowOffset: sniffed.skipLines,
        warnings: titleWarning(sniffed.titleRows),
        handle: input.file,
      };
    }
  }

  const maxBytes = format === 'xlsx' ? limits.maxXlsxBytes : limits.maxBytes;
  if (size > maxBytes) throw tooLarge(file, size, maxBytes, format === 'xlsx' ? 'Excel workbooks' : 'files');
  const bytes = await readAll(input);
  const named = /\.([^.]+)$/.exec(file)?.[1]?.toLowerCase();
  const renamed =
    named !== undefined && (format === 'xlsx' || format === 'parquet') && !['xlsx', 'xlsm', 'parquet'].includes(named)
      ? [`The file is named .${named} but is ${format === 'xlsx' ? 'an Excel workbook' : 'a Parquet file'}; read as such.`]
      : [];

  if (format === 'xlsx') {
    const { readXlsx } = await import('./read-xlsx');
    const book = await readXlsx(file, bytes, opts.sheet);
    const at = findHeaderIndex(book.rows, opts.headerRow);
    const [header = [], ...body] = book.rows.slice(at);
    const warnings = [...renamed, ...titleWarning(at)];
    return fromJsRows(file, format, header, body, limits, { sheet: book.sheet, sheets: book.sheets, warnings }, at);
  }
  if (format === 'parquet') {
    const { readParquet } = await import('./read-parquet');
    const pq = await readParquet(file, bytes);
    return fromJsRows(file, format, pq.names, pq.rows, limits, { warnings: renamed });
  }

  const decoded = toUtf8(bytes, opts.encoding);
  const warnings = decoded.warning ? [decoded.warning] : [];
  const { utf8, ...encoding } = decoded;
  const reason = binaryReason(utf8);
  if (reason) throw new IngestError('binary', `This does not look like a text table: ${reason}. Is it really a ${/\.[^.]+$/.exec(file)?.[0] ?? 'text'} file?`, { file });
  if (utf8Prefix(utf8, 1 << 16).trim() === '') throw new IngestError('empty', 'The file has no content (only blank lines or spaces).', { file });

  if (format === 'json') {
    const { readJson } = await import('./read-json');
    const json = readJson(file, new TextDecoder().decode(utf8));
    const prepared = fromJsRows(file, format, json.names, json.rows, limits, {});
    return { ...prepared, encoding, warnings };
  }

  const partial = utf8.length > 1 << 18;
  const sniffed = sniffDelimited(utf8Prefix(utf8, 1 << 18), partial, opts.delimiter, opts.headerRow);
  warnings.push(...titleWarning(sniffed.titleRows));
  const width = Math.max(sniffed.header.length, sniffed.maxFields);
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

function titleWarning(rows: number): string[] {
  return rows > 0 ? [`Skipped ${rows} title row(s) above the header, which is row ${rows + 1}.`] : [];
}

function readCsvSql(fileName: string, p: Prepared): string {
  const columns = Array.from({ length: p.width }, (_, i) => `${str(`c${i + 1}`)}: 'VARCHAR'`).join(', ');
  return `read_csv(${str(fileName)}, header = false, auto_detect = false, delim = ${str(p.delimiter)}, quote = '"', escape = '"', null_padding = true, skip = ${int(p.skipLines)}, columns = {${columns}})`;
}

/** DuckDB's CSV errors → the user's words, with the line. */
function csvError(file: string, e: unknown, p: Prepared): IngestError {
  const msg = e instanceof Error ? e.message : String(e);
  const line = Number(/CSV Error on Line: (\d+)/.exec(msg)?.[1] ?? NaN);
  // DuckDB counts lines from the start of the file, skipped ones included.
  const where = { file, ...(Number.isFinite(line) ? { line } : {}) };
  const at = Number.isFinite(line) ? `Line ${line}` : 'A line';
  const cols = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  const delim = p.delimiter === '\t' ? 'tab' : `"${p.delimiter}"`;
  if (cols) {
    return new IngestError('ragged-row', `${at} has ${cols[2]} fields but the header has ${cols[1]} (delimiter ${delim}). A value may contain the delimiter without quotes, or the delimiter is wrong.`, where, { cause: e });
  }
  if (/unterminated quote/i.test(msg)) {
    return new IngestError('bad-csv', `${at} opens a quoted value that never closes.`, where, { cause: e });
  }
  if (/Invalid unicode|not utf-8/i.test(msg)) {
    return new IngestError('bad-encoding', `${at} is not valid UTF-8; choose the file's encoding (e.g. GB18030).`, where, { cause: e });
  }
  const first = msg.split('\n')[0] ?? msg;
  return new IngestError('bad-csv', `Could not read the file as delimited text: ${first}`, where, { cause: e });
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
}

/**
 * The typed value of a column in three projection levels, so the costly parts
 * run once per cell: s = normalised text, m = number pattern match (only for
 * cells that are not plain numbers), v = the value.
 */
function valueSql(c: Planned): { l1: string[]; l2: string[]; v: string } {
  const k = c.col.slice(1);
  const { plan } = c;
  const col = ident(c.col);
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

export async function loadFile(engine: Engine, input: LoadInput, options: LoadOptions = {}): Promise<LoadedTable> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const file = input.name;
  const progress = options.onProgress ?? (() => {});
  progress('read');
  const n = ++sequence;
  const registered = `__ingest_${n}.csv`;
  const stage = `__ingest_stage_${n}`;
  const building = `__ingest_new_${n}`;
  const typed = `__ingest_typed_${n}`;
  const sql: string[] = [];
  const run = async (statement: string, keep = true) => {
    if (keep) sql.push(statement);
    return engine.query(statement);
  };

  let p = await prepare(engine, input, options, limits);
  let registeredFile = false;
  let createdTarget: string | null = null;
  try {
    progress('parse');
    const register = async (prep: Prepared) => {
      if (prep.handle) await (engine as FileHandleEngine).registerFileHandle(registered, prep.handle);
      else await engine.registerFile(registered, prep.bytes!);
      registeredFile = true;
    };
    const stageSql = (prep: Prepared) =>
      `CREATE TEMP TABLE ${ident(stage)} AS SELECT CAST(row_number() OVER () AS INTEGER) AS __row, * FROM ${readCsvSql(registered, prep)}`;
    await register(p);

    progress('stage');
    try {
      await run(stageSql(p));
    } catch (e) {
      const err = csvError(file, e, p);
      if (!(err.code === 'bad-encoding' && p.handle)) throw err;
      // A streamed file was UTF-8 only in its sampled start: read it whole and convert.
      sql.pop();
      await engine.dropFile(registered);
      registeredFile = false;
      p = await prepare(engine, { name: file, bytes: new Uint8Array(await p.handle.arrayBuffer()) }, options, limits);
      await register(p);
      try {
        await run(stageSql(p));
      } catch (e2) {
        throw csvError(file, e2, p);
      }
    }
    await engine.dropFile(registered);
    registeredFile = false;

    // Header: row 1 as DuckDB read it.
    const width = p.width;
    const cols = Array.from({ length: width }, (_, i) => `c${i + 1}`);
    const [headerRow] = rows(await engine.query(`SELECT ${cols.map(ident).join(', ')} FROM ${ident(stage)} WHERE __row = 1`));
    if (!headerRow) throw new IngestError('empty', 'The file has no rows.', { file });
    const rawHeader = cols.map((c) => (headerRow[c] ?? null) as string | null);
    const unnamed = cols.filter((_, i) => (rawHeader[i] ?? '').trim() === '');
    const filled = (c: string) => `NOT ${blankSql(ident(c))}`;
    const counts = rows(
      await engine.query(
        `SELECT CAST(count(*) AS INTEGER) AS n${unnamed.map((c) => `, CAST(count_if(${filled(c)}) AS INTEGER) AS ${ident(c)}, min(__row) FILTER (WHERE ${filled(c)}) AS ${ident(`first_${c}`)}`).join('')} FROM ${ident(stage)} WHERE __row > 1`,
      ),
    )[0]!;
    // In delimited text, values past the header's last field mean a broken row (an unquoted delimiter), not a column.
    if (p.format === 'csv') {
      const beyond = unnamed.filter((c) => Number(c.slice(1)) > p.headerWidth && Number(counts[c]) > 0);
      const firstRow = Math.min(...beyond.map((c) => Number(counts[`first_${c}`]))) + p.rowOffset;
      if (beyond.length > 0) {
        const delim = p.delimiter === '\t' ? 'tab' : `"${p.delimiter}"`;
        throw new IngestError('ragged-row', `Row ${firstRow} has more fields than the header's ${p.headerWidth} (delimiter ${delim}). A value may contain the delimiter without quotes, or the delimiter is wrong.`, { file, row: firstRow });
      }
    }
    const dataRows = Number(counts.n);
    if (dataRows === 0) {
      throw new IngestError('header-only', 'The file has a header row but no data rows.', { file, row: 2 + p.rowOffset });
    }
    // Unnamed columns with no values are trailing delimiters or empty sheet columns: drop them.
    const dropped = new Set(unnamed.filter((c) => Number(counts[c]) === 0));
    const kept = cols.map((c, i) => ({ c, h: rawHeader[i] ?? null })).filter((x) => !dropped.has(x.c));
    const warnings = [...p.warnings];
    if (dropped.size > 0) warnings.push(`Ignored ${dropped.size} empty column(s) without a header.`);
    const header = cleanHeader(kept.map((x) => x.h));
    warnings.push(...header.warnings);

    progress('type');
    const sampleCols = kept.flatMap((x, i) => [ident(x.c), `${normSql(ident(x.c))} AS s${i}`]);
    const profileSql = `SELECT ${kept.flatMap((x, i) => profileAggregatesSql(ident(x.c), `s${i}`, i)).join(',\n  ')}
FROM (SELECT ${sampleCols.join(', ')} FROM (SELECT * FROM ${ident(stage)} WHERE __row > 1) USING SAMPLE reservoir(${int(PROFILE_ROWS)} ROWS) REPEATABLE (7))`;
    const profile = rows(await engine.query(profileSql))[0]!;
    const planned: Planned[] = kept.map((x, i) => {
      const name = header.names[i]!;
      const prof = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, Number(profile[`${f}_${i}`])])) as ColumnProfile;
      let plan = decideType(name, prof, { dayFirst: options.dayFirst ?? false });
      const forced = options.types?.[name];
      if (forced && forced !== plan.type) plan = forcedPlan(forced, prof, options.dayFirst ?? false);
      if (plan.warning) warnings.push(`Column "${name}": ${plan.warning}.`);
      return { name, col: x.c, plan };
    });

    // Every cell is parsed once, into a temporary table of raw text beside typed value.
    const parts = planned.map(valueSql);
    const raw = planned.map((c) => ident(c.col));
    const l1 = [...raw, ...parts.flatMap((x) => x.l1)];
    const l2 = [...raw, ...parts.flatMap((x) => x.l2)];
    const l3 = [...raw, ...planned.map((c, i) => `${parts[i]!.v} AS v${c.col.slice(1)}`)];
    await run(`CREATE TEMP TABLE ${ident(typed)} AS
SELECT __row, ${l3.join(',\n  ')}
FROM (SELECT __row, ${l2.join(',\n  ')}
FROM (SELECT __row, ${l1.join(',\n  ')}
FROM ${ident(stage)} WHERE __row > 1))`);
    await engine.query(`DROP TABLE ${ident(stage)}`);

    const statAggs = planned.flatMap((c) => {
      const k = c.col.slice(1);
      const col = ident(c.col);
      if (c.plan.type === 'text') return [`CAST(count_if(${col} IS NOT NULL AND trim(${col}) <> '') AS INTEGER) AS ne${k}`];
      // The blank test only runs where the value is missing.
      const bad = `v${k} IS NULL AND ${col} IS NOT NULL AND NOT ${blankSql(col)}`;
      const aggs = [
        `CAST(count(v${k}) AS INTEGER) AS ok${k}`,
        `CAST(count_if(${bad}) AS INTEGER) AS f${k}`,
        `arg_min({'row': __row, 'value': ${col}}, __row, 3) FILTER (WHERE ${bad}) AS x${k}`,
      ];
      if (c.plan.type === 'number') aggs.push(`coalesce(bool_and(v${k} = trunc(v${k}) AND abs(v${k}) < 9e15), false) AS i${k}`);
      return aggs;
    });
    const stats = rows(await engine.query(`SELECT ${statAggs.join(',\n  ')}\nFROM ${ident(typed)}`))[0]!;

    const reports: ColumnReport[] = [];
    const select: string[] = [];
    for (const c of planned) {
      const k = c.col.slice(1);
      const failed = c.plan.type === 'text' ? 0 : Number(stats[`f${k}`]);
      const nonEmpty = c.plan.type === 'text' ? Number(stats[`ne${k}`]) : Number(stats[`ok${k}`]) + failed;
      const integral = c.plan.type === 'number' && stats[`i${k}`] === true;
      const sqlType: SqlType = c.plan.type === 'date' ? 'DATE' : c.plan.type === 'text' ? 'VARCHAR' : integral ? 'BIGINT' : 'DOUBLE';
      const raw = failed > 0 ? `${c.name}__raw` : null;
      select.push(`${sqlType === 'BIGINT' ? `CAST(v${k} AS BIGINT)` : `v${k}`} AS ${ident(c.name)}`);
      if (raw) select.push(`${ident(c.col)} AS ${ident(raw)}`);
      reports.push({
        name: c.name,
        type: c.plan.type,
        sqlType,
        parsed: nonEmpty - failed,
        failed,
        empty: dataRows - nonEmpty,
        examples: failed > 0 ? examplesOf(stats[`x${k}`]).map((x) => ({ ...x, row: x.row + p.rowOffset })) : [],
        raw,
        ...(c.plan.note ? { note: c.plan.note } : {}),
      });
    }

    const existing = rows(await engine.query('SELECT table_name AS t FROM information_schema.tables')).map((r) => String(r.t));
    const wanted = options.table ?? tableBaseName(file, p.sheet && p.sheets && p.sheets[0] !== p.sheet ? p.sheet : undefined);
    const replacing = options.replace === true && options.table !== undefined && existing.some((t) => t.toLowerCase() === wanted.toLowerCase());
    const table = replacing ? wanted : uniqueName(wanted, existing);
    const createTarget = replacing ? building : table;
    await run(`CREATE TABLE ${ident(createTarget)} AS\nSELECT ${select.join(',\n  ')}\nFROM ${ident(typed)}\nORDER BY __row`);
    createdTarget = createTarget;
    if (replacing) {
      await engine.query('BEGIN TRANSACTION');
      try {
        await engine.query(`DROP TABLE ${ident(table)}`);
        await engine.query(`ALTER TABLE ${ident(building)} RENAME TO ${ident(table)}`);
        await engine.query('COMMIT');
      } catch (e) {
        await engine.query('ROLLBACK');
        throw e;
      }
    }
    createdTarget = null;
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
      rows: dataRows,
      columns: reports,
      warnings,
      sql,
      readInPlace: Boolean(p.handle),
    };
  } finally {
    // Clean up whatever this load created, success or not; other tables are never named here.
    if (registeredFile) await engine.dropFile(registered).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${ident(stage)}`).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${ident(typed)}`).catch(() => {});
    if (createdTarget) await engine.query(`DROP TABLE IF EXISTS ${ident(createdTarget)}`).catch(() => {});
  }
}

// The JS side of delimited text: read the first records to find the delimiter
// and the header (DuckDB then reads the whole file), and write rows parsed by
// JS readers (xlsx, parquet, JSON) as CSV so every format takes one typing path.

export const DELIMITERS = [',', '\t', ';', '|'] as const;

/** RFC 4180 records from the start of a text ('"' quotes, "" escapes, CRLF/LF/CR). A record cut by the end of the sample is dropped when `partial`. */
export function parseRecords(text: string, delimiter: string, maxRecords: number, partial: boolean): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let atFieldStart = true;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (i >= n && records.length < maxRecords && !partial && (field !== '' || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Drop blank lines (a record with one empty field): DuckDB skips them too. */
function nonBlank(records: string[][]): string[][] {
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

export interface Sniffed {
  delimiter: string;
  /** The header record, as written. */
  header: string[];
  /** Most fields seen in a sampled record (≥ header length when rows carry trailing delimiters). */
  maxFields: number;
  /** Lines to skip before the header: Excel's "sep=;" hint and title lines above the table. */
  skipLines: number;
  /** Title records skipped above the header (report titles, export dates). */
  titleRows: number;
  /** Sampled data records (after the header). */
  sample: string[][];
  /**
   * The row skipped just above the header splits, by another delimiter, into as
   * many fields as the table has: the header and the rows use different delimiters.
   */
  mixed?: { headerDelimiter: string; row: number };
  /** Columns aligned by runs of spaces (a mainframe or report export): split in JS, not by DuckDB. */
  whitespace?: boolean;
}

/** Split a line of a space-aligned export into its fields. */
export function splitAligned(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/[ \t]+/u);
}

/**
 * The first records of space-aligned text, or null when the lines do not split into
 * one consistent number (≥ 2) of fields: at least 90 % of the sampled lines must agree.
 */
export function alignedRecords(text: string, maxRecords: number): string[][] | null {
  const records: string[][] = [];
  let padded = 0;
  for (const line of text.split(/\r\n|\r|\n/u)) {
    if (records.length >= maxRecords) break;
    const r = splitAligned(line);
    if (r.length === 0) continue;
    records.push(r);
    if (/\S(  |\t)+\S/u.test(line) || /^ +\S/u.test(line)) padded++;
  }
  if (records.length < 2) return null;
  // Padding to columns, or lines of numbers only: single words with spaces ("Acme Corp") are no columns.
  const numeric = records.filter((r) => r.every((f) => /\d/u.test(f) && !/[a-z]{2}/iu.test(f))).length;
  if (padded < 0.9 * records.length && numeric < 0.9 * records.length) return null;
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  const [fields, same] = [...counts].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0]!;
  return fields >= 2 && same >= 0.9 * records.length ? records : null;
}

/** Does a header record look like data (every filled cell a number, a date or a code of digits)? Then the file has no header. */
export function looksLikeData(record: readonly (string | null)[]): boolean {
  const cells = record.map((c) => (c ?? '').trim()).filter((c) => c !== '');
  return cells.length >= 2 && cells.every((c) => /^[-+]?[\d.,/:\s-]*\d[\d.,/:\s-]*$/u.test(c));
}

const filledCount = (r: readonly unknown[]) => r.filter((c) => c !== null && c !== undefined && String(c).trim() !== '').length;

/**
 * Index of the header among the first rows: report exports often put a title
 * and a date line above the table. The header is the first row with at least
 * two filled cells when the table is wider than one column; rows above it
 * with at most one filled cell are titles. `headerRow` (1-based) overrides.
 */
export function findHeaderIndex(rows: readonly (readonly unknown[])[], headerRow?: number): number {
  if (headerRow !== undefined) return Math.max(0, headerRow - 1);
  const widest = Math.max(0, ...rows.slice(0, 50).map(filledCount));
  if (widest < 2) return 0;
  for (let i = 0; i < Math.min(rows.length, 20); i++) {
    if (filledCount(rows[i]!) >= 2) return i;
  }
  return 0;
}

/**
 * Pick the delimiter whose most common field count (> 1) covers the most
 * sampled records; ties go to the one giving more fields.
 */
export function sniffDelimited(text: string, partial: boolean, forced?: string, headerRow?: number): Sniffed {
  let sepLines = 0;
  let body = text;
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep) {
    sepLines = 1;
    body = text.slice(sep[0].length);
    forced ??= sep[1]!;
  }
  const candidates = forced ? [forced] : DELIMITERS;
  let best: { d: string; records: string[][]; score: number; fields: number } | null = null;
  for (const d of candidates) {
    const records = nonBlank(parseRecords(body, d, 200, partial));
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [fields, same] = [...counts].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0]!;
    const score = fields > 1 ? same / records.length : 0;
    if (!best || score > best.score || (score === best.score && fields > best.fields)) best = { d, records, score, fields };
  }
  if (!best) return { delimiter: forced ?? ',', header: [], maxFields: 0, skipLines: sepLines, titleRows: 0, sample: [] };
  // No delimiter splits the lines, but runs of spaces do the same way on (nearly) every line: a space-aligned report.
  if (!forced && best.score === 0) {
    const aligned = alignedRecords(body, 200);
    if (aligned) return { delimiter: ' ', whitespace: true, header: aligned[0]!, maxFields: Math.max(...aligned.map((r) => r.length)), skipLines: sepLines, titleRows: 0, sample: aligned.slice(1) };
  }
  const at = findHeaderIndex(best.records, headerRow);
  // DuckDB's `skip` counts lines: blank lines and line breaks inside quoted title cells included.
  let titleLines = 0;
  let seen = 0;
  for (const r of parseRecords(body, best.d, 200, partial)) {
    const blank = r.length === 1 && r[0] === '';
    if (!blank && seen++ === at) break;
    titleLines += 1 + r.reduce((k, f) => k + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  }
  const header = best.records[at] ?? [];
  const sample = best.records.slice(at + 1);
  const above = at > 0 && headerRow === undefined ? best.records[at - 1]! : null;
  const other = above && filledCount(above) === 1 && header.length >= 3 ? DELIMITERS.find((d) => d !== best.d && parseRecords(above.join(best.d), d, 1, false)[0]?.length === header.length) : undefined;
  return {
    ...(other ? { mixed: { headerDelimiter: other, row: sepLines + at } } : {}),
    delimiter: best.d,
    header,
    maxFields: Math.max(header.length, ...sample.map((r) => r.length)),
    skipLines: sepLines + titleLines,
    titleRows: at,
    sample,
  };
}

/** One cell as text for the CSV handed to DuckDB; null/undefined → empty (NULL). */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  // NaN is how numeric libraries write "no value"; ±Infinity stays visible, so the loader can say it is not a number.
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString(); // dates from xlsx/parquet are UTC instants
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

/** Rows of JS values → UTF-8 CSV bytes, every non-null field quoted so any content survives. */
export function rowsToCsv(rows: Iterable<readonly unknown[]>, width: number): Uint8Array {
  const parts: string[] = [];
  for (const row of rows) {
    const cells: string[] = new Array(width);
    for (let j = 0; j < width; j++) {
      const t = cellText(row[j]);
      // A lone empty field would be a blank line, which CSV readers skip.
      cells[j] = t === null ? (width === 1 ? '""' : '') : `"${t.replaceAll('"', '""')}"`;
    }
    parts.push(cells.join(','));
  }
  parts.push('');
  return new TextEncoder().encode(parts.join('\n'));
}

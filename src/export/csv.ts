// Graded customers as CSV that Excel opens correctly (UTF-8 with BOM) and that
// cannot smuggle a formula into a spreadsheet: text cells starting with
// = + - @ TAB or CR get a leading apostrophe, as OWASP's CSV-injection guidance says.
// Numbers stay numbers (a negative profit is still -12.5, not text).

export type Cell = string | number | boolean | bigint | null | undefined | Date;

const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return neutralise(v);
}

function quote(text: string, delimiter: string): string {
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CsvOptions {
  delimiter?: string;
  /** Prepend a UTF-8 byte-order mark (Excel needs it to read UTF-8 Chinese). Default true. */
  bom?: boolean;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], opts: CsvOptions = {}): string {
  const d = opts.delimiter ?? ',';
  const lines = [header.map((h) => quote(neutralise(h), d)).join(d)];
  for (const r of rows) lines.push(r.map((c) => quote(cellText(c), d)).join(d));
  return `${opts.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** Plain objects (e.g. toRows output) as CSV, columns in the given order. */
export function rowsToCsv(columns: readonly string[], rows: readonly Record<string, unknown>[], opts: CsvOptions = {}): string {
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => r[c] as Cell)),
    opts,
  );
}

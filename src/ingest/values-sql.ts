// SQL that reads messy text cells: profiles a column's values, and parses them
// into numbers, percentages and dates. Every expression takes a quoted column
// reference and yields NULL where a value does not parse, so failures can be
// counted and shown next to the raw text. Patterns are RE2 (DuckDB's regexes).

import { str } from '../sql/quote';

const FULLWIDTH_FROM = '０１２３４５６７８９．，－＋（）％￥＄：／';
const FULLWIDTH_TO = '0123456789.,-+()%¥$:/';

/** Full-width digits and signs → ASCII; every kind of space → one plain space; trimmed. Printable ASCII (most cells) skips the work. */
export function normSql(col: string): string {
  return `CASE WHEN regexp_full_match(${col}, '[ -~]*') THEN trim(${col}) ELSE trim(regexp_replace(translate(${col}, ${str(FULLWIDTH_FROM)}, ${str(FULLWIDTH_TO)}), '[\\s\\x{00A0}\\x{2009}\\x{202F}\\x{3000}]+', ' ', 'g')) END`;
}

/**
 * Numbers at or beyond ±10^15 (a thousand trillion) are no amount, count or
 * rating a customer file can hold: 1e308, Excel's 9.99E+307 placeholders, or
 * "1e309", which a double cannot even hold (it becomes Infinity). The loader
 * counts them as missing, keeps their text and says so; below the bound, sums
 * over any number of rows a browser can load stay finite.
 */
export const MAX_MAGNITUDE = '1e15';

/** Cells that mean "no value" in exports ("nan" is how pandas and numpy write one); they become NULL and never count as failures. */
export const EMPTY_MARKERS = ['', '-', '--', '—', '–', 'n/a', 'na', '#n/a', 'null', 'none', 'nan'];

export function blankSql(col: string, norm = normSql(col)): string {
  return `(${col} IS NULL OR (length(${col}) <= 8 AND lower(${norm}) IN (${EMPTY_MARKERS.map(str).join(', ')})))`;
}

const CUR = '(?:[¥$€£]|US\\$|HK\\$|RMB|CNY|USD|EUR|HKD|GBP|JPY|人民币)';
const NUM_DOT = "(?:\\d{1,3}(?:[, ']\\d{3})+(?:\\.\\d*)?|\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|\\.\\d+)";
const NUM_COMMA = "(?:\\d{1,3}(?:[. ']\\d{3})+(?:,\\d*)?|\\d+(?:,\\d*)?|,\\d+)";

export type DecimalMark = '.' | ',';

/** Whole-cell number pattern: (, sign, currency, sign, digits, 万/亿 unit, currency/元, %/‰, ), trailing minus. */
export function numberPattern(decimal: DecimalMark): string {
  const num = decimal === '.' ? NUM_DOT : NUM_COMMA;
  return `^(\\()?\\s*([-+])?\\s*${CUR}?\\s*([-+])?\\s*(${num})\\s*(百万|千万|万|亿|千)?\\s*(?:元|${CUR})?\\s*([%‰])?\\s*(\\))?\\s*(-)?$`;
}
const NUMBER_GROUPS = "['open', 'sign', 'sign2', 'num', 'unit', 'pct', 'close', 'tail']";

/** A struct of the number pattern's groups; all '' when the cell does not match. */
export function numberMatchSql(norm: string, decimal: DecimalMark): string {
  return `regexp_extract(${norm}, ${str(numberPattern(decimal))}, ${NUMBER_GROUPS})`;
}

/** Plain numbers ("1234.5", "-7") skip the full pattern; with a decimal comma only integers do. */
export function plainNumberSql(norm: string, decimal: DecimalMark): string {
  const plain = decimal === '.' ? '[-+]?\\d+(\\.\\d+)?' : '[-+]?\\d+';
  return `CASE WHEN regexp_full_match(${norm}, '${plain}') THEN CAST(${norm} AS DOUBLE) END`;
}

/** DOUBLE from a numberMatchSql struct, or NULL. */
export function numberFromMatchSql(m: string, decimal: DecimalMark): string {
  const digits =
    decimal === '.'
      ? `replace(replace(replace(${m}.num, ',', ''), ' ', ''), '''', '')`
      : `replace(replace(replace(replace(${m}.num, '.', ''), ' ', ''), '''', ''), ',', '.')`;
  return `CASE WHEN ${m}.num = '' OR (${m}.open = '') <> (${m}.close = '') OR (${m}.sign <> '' AND ${m}.sign2 <> '') THEN NULL
    ELSE (CASE WHEN ${m}.open <> '' OR ${m}.sign = '-' OR ${m}.sign2 = '-' OR ${m}.tail = '-' THEN -1 ELSE 1 END)
      * TRY_CAST(${digits} AS DOUBLE)
      * (CASE ${m}.unit WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN '千' THEN 1e3 WHEN '百万' THEN 1e6 WHEN '千万' THEN 1e7 ELSE 1 END)
      / (CASE ${m}.pct WHEN '%' THEN 100 WHEN '‰' THEN 1000 ELSE 1 END) END`;
}

export const DATE_YMD = '^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T].*)?$';
export const DATE_CN = '^(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日?(?:\\s.*)?$';
export const DATE_XYZ = '^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})(?:[ T].*)?$';
const DATE_XY4 = '^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})(?:[ T].*)?$';
const DATE_XY2 = '^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{2})(?:[ T].*)?$';
export const DATE_COMPACT = '^((?:19|20)\\d{2})(\\d{2})(\\d{2})$';
/** Excel day numbers between 1954 and 2119: outside that a number is more likely an amount. */
export const SERIAL_MIN = 20000;
export const SERIAL_MAX = 80000;

export interface DatePlan {
  /** Order of d/m/y style dates (3/7/2025): US month first, or day first. */
  order: 'mdy' | 'dmy';
  /** 20250307 */
  compact: boolean;
  /** Excel serial day numbers (45723 = 2025-03-07). */
  serial: boolean;
}

/** DATE from a normalised cell, or NULL (also for impossible dates such as 2025-02-30). */
export function dateSql(norm: string, plan: DatePlan): string {
  const via = (pattern: string, to: string) =>
    `WHEN regexp_full_match(${norm}, ${str(pattern)}) THEN TRY_CAST(regexp_replace(${norm}, ${str(pattern)}, ${str(to)}) AS DATE)`;
  const whens = [
    via(DATE_YMD, '\\1-\\2-\\3'),
    via(DATE_CN, '\\1-\\2-\\3'),
    via(DATE_XY4, plan.order === 'mdy' ? '\\3-\\1-\\2' : '\\3-\\2-\\1'),
    // Two-digit years are this century: ERP exports do not reach back to the 1900s.
    via(DATE_XY2, plan.order === 'mdy' ? '20\\3-\\1-\\2' : '20\\3-\\2-\\1'),
  ];
  if (plan.compact) whens.push(via(DATE_COMPACT, '\\1-\\2-\\3'));
  if (plan.serial) {
    // Day 0 is 1899-12-30 so that Excel's phantom 1900-02-29 (day 60) is absorbed for every later date.
    whens.push(
      `WHEN regexp_full_match(${norm}, '\\d+(\\.\\d+)?') AND TRY_CAST(${norm} AS DOUBLE) BETWEEN 1 AND 2958465 THEN CAST(DATE '1899-12-30' + CAST(floor(TRY_CAST(${norm} AS DOUBLE)) AS INTEGER) AS DATE)`,
    );
  }
  // ISO dates (most exports) parse by a plain cast first.
  return `coalesce(TRY_CAST(CASE WHEN regexp_full_match(${norm}, '\\d{4}-\\d\\d-\\d\\d') THEN ${norm} END AS DATE), CASE ${whens.join('\n    ')} END)`;
}

/** Per-column counts that decide a column's type; see column-types.ts for the names. `s` is the normalised cell (normSql), computed once. */
export function profileAggregatesSql(col: string, s: string, i: number): string[] {
  const dot = `regexp_full_match(${s}, ${str(numberPattern('.'))})`;
  const comma = `regexp_full_match(${s}, ${str(numberPattern(','))})`;
  const xyz = `regexp_full_match(${s}, ${str(DATE_XYZ)})`;
  const part = (n: number) => `TRY_CAST(regexp_extract(${s}, ${str(DATE_XYZ)}, ${n}) AS INTEGER)`;
  const count = (name: string, cond: string) => `CAST(count_if(${cond}) AS INTEGER) AS ${name}_${i}`;
  return [
    count('nonEmpty', `NOT ${blankSql(col, s)}`),
    count('numDot', dot),
    count('numComma', comma),
    count('dotOnly', `${dot} AND NOT ${comma}`),
    count('commaOnly', `${comma} AND NOT ${dot}`),
    count('percent', `(${dot} OR ${comma}) AND (contains(${s}, '%') OR contains(${s}, '‰'))`),
    count('leadingZero', `regexp_full_match(${s}, '[-+]?0\\d+')`),
    // Only in the integer part: Excel's floats written out ("-60.70400000000001") have long fractions.
    count('longDigits', `regexp_matches(${s}, '^[-+]?\\d{16,}')`),
    // Whole numbers and letter-prefixed ones side by side (536365 and C536365, 85049 and 85049E) are codes.
    count('plainInt', `regexp_full_match(${s}, '\\d+')`),
    count('codeMixed', `regexp_full_match(${s}, '[A-Z]{1,3}\\d{3,}[A-Z]{0,3}|\\d{3,}[A-Z]{1,3}')`),
    count('ymd', `regexp_full_match(${s}, ${str(DATE_YMD)}) OR regexp_full_match(${s}, ${str(DATE_CN)})`),
    count('xyz', xyz),
    count('xyzFirstOver12', `${xyz} AND ${part(1)} > 12`),
    count('xyzSecondOver12', `${xyz} AND ${part(2)} > 12`),
    count('compact', `regexp_full_match(${s}, ${str(DATE_COMPACT)})`),
    count('serial', `regexp_full_match(${s}, '\\d{5}(\\.\\d+)?') AND TRY_CAST(${s} AS DOUBLE) BETWEEN ${SERIAL_MIN} AND ${SERIAL_MAX}`),
  ];
}

export const PROFILE_FIELDS = [
  'nonEmpty',
  'numDot',
  'numComma',
  'dotOnly',
  'commaOnly',
  'percent',
  'leadingZero',
  'longDigits',
  'plainInt',
  'codeMixed',
  'ymd',
  'xyz',
  'xyzFirstOver12',
  'xyzSecondOver12',
  'compact',
  'serial',
] as const;
export type ColumnProfile = Record<(typeof PROFILE_FIELDS)[number], number>;

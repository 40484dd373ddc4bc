// Encodings and bad files through loadFile and the real engine. After every
// failure the table loaded first must still be there, unchanged.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { DEFAULT_LIMITS, loadFile, type LoadInput, type LoadOptions } from '../../src/ingest/load-file';
import { IngestError } from '../../src/ingest/errors';
import { csvText, gb18030, tableNames, tableRows, utf16, utf8, utf8Bom } from '../support/fixtures-ingest';

let engine: Engine;
let before: { names: string[]; rows: Record<string, unknown>[] };

const HEADER = ['客户编号', '客户名称', '销售额', '订单日期'];
const BODY = [
  ['C001', '北京华联商厦', '¥1,234.50', '2025/3/7'],
  ['C002', '上海东方明珠', '880', '2025/3/8'],
  ['C003', '深圳"特区"贸易, 有限公司', '(200)', '2025/3/9'],
];
const TEXT = csvText([HEADER, ...BODY]);
const EXPECTED = [
  { 客户编号: 'C001', 客户名称: '北京华联商厦', 销售额: 1234.5, 订单日期: Date.UTC(2025, 2, 7) },
  { 客户编号: 'C002', 客户名称: '上海东方明珠', 销售额: 880, 订单日期: Date.UTC(2025, 2, 8) },
  { 客户编号: 'C003', 客户名称: '深圳"特区"贸易, 有限公司', 销售额: -200, 订单日期: Date.UTC(2025, 2, 9) },
];

beforeAll(async () => {
  engine = await openNodeEngine();
  const first = await loadFile(engine, { name: 'keep.csv', bytes: utf8(TEXT) });
  before = { names: await tableNames(engine), rows: await tableRows(engine, first.table) };
});
afterAll(async () => {
  await engine.close();
});

describe('encodings', () => {
  test.each([
    ['UTF-8', utf8(TEXT), 'utf-8'],
    ['UTF-8 BOM', utf8Bom(TEXT), 'utf-8'],
    ['UTF-16LE BOM', utf16(TEXT, 'le', true), 'utf-16le'],
    ['UTF-16BE BOM', utf16(TEXT, 'be', true), 'utf-16be'],
    ['UTF-16LE no BOM', utf16(TEXT, 'le', false), 'utf-16le'],
    ['UTF-16BE no BOM', utf16(TEXT, 'be', false), 'utf-16be'],
    ['GB18030', gb18030(TEXT), 'gb18030'],
    ['GB18030 with CRLF', gb18030(TEXT.replaceAll('\n', '\r\n')), 'gb18030'],
  ])('%s loads the same table', async (_label, bytes, encoding) => {
    const t = await loadFile(engine, { name: '客户.csv', bytes });
    expect(t.encoding?.encoding).toBe(encoding);
    expect(t.columns.map((c) => c.name)).toEqual(HEADER);
    expect(await tableRows(engine, t.table)).toEqual(EXPECTED);
  });

  test('a wrong override is honoured (the user decides), and the right one fixes it', async () => {
    const bytes = gb18030(TEXT);
    const wrong = await loadFile(engine, { name: 'gbk.csv', bytes }, { encoding: 'windows-1252' });
    expect(wrong.columns[0]!.name).not.toBe('客户编号');
    const right = await loadFile(engine, { name: 'gbk.csv', bytes }, { encoding: 'gb18030', table: wrong.table, replace: true });
    expect(right.table).toBe(wrong.table);
    expect(await tableRows(engine, right.table)).toEqual(EXPECTED);
  });

  test('semicolon-delimited with decimal commas (European Excel)', async () => {
    const t = await loadFile(engine, { name: 'eu.csv', bytes: utf8('Kunde;Umsatz\nA;1.234,50\nB;99,90\n') });
    expect(t.delimiter).toBe(';');
    expect(await tableRows(engine, t.table)).toEqual([
      { Kunde: 'A', Umsatz: 1234.5 },
      { Kunde: 'B', Umsatz: 99.9 },
    ]);
  });
});

async function fails(input: LoadInput, options: LoadOptions = {}): Promise<IngestError> {
  const err = await loadFile(engine, input, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  // Nothing loaded before is lost, and no staging table is left behind.
  expect(await tableNames(engine)).toEqual(await tableNames(engine).then((n) => n.filter((x) => !x.startsWith('__'))));
  expect((await tableNames(engine)).filter((n) => before.names.includes(n))).toEqual(before.names);
  expect(await tableRows(engine, before.names.find((n) => n === 'keep')!)).toEqual(before.rows);
  return err as IngestError;
}

describe('bad input', () => {
  test('empty file', async () => {
    const e = await fails({ name: 'empty.csv', bytes: new Uint8Array() });
    expect(e).toMatchObject({ code: 'empty', file: 'empty.csv' });
    expect(e.message).toBe('empty.csv: The file is empty.');
  });

  test('only blank lines', async () => {
    expect(await fails({ name: 'blank.csv', bytes: utf8('\r\n  \n\n') })).toMatchObject({ code: 'empty' });
  });

  test('header only', async () => {
    const e = await fails({ name: 'head.csv', bytes: utf8('客户编号,销售额\r\n') });
    expect(e).toMatchObject({ code: 'header-only', row: 2 });
    expect(e.message).toMatch(/header row but no data rows/);
  });

  test('a binary file named .csv', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const e = await fails({ name: 'data.csv', bytes });
    expect(e.code).toBe('binary');
    expect(e.message).toMatch(/does not look like a text table/);
  });

  test('a PNG named .csv is named as such', async () => {
    const e = await fails({ name: 'chart.csv', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    expect(e.message).toMatch(/PNG image/);
  });

  test('an old .xls workbook', async () => {
    const e = await fails({ name: 'old.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]) });
    expect(e.message).toMatch(/\.xls.*not supported.*\.xlsx or CSV/);
  });

  test(`a thousand columns (limit ${DEFAULT_LIMITS.maxColumns})`, async () => {
    const header = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const e = await fails({ name: 'wide.csv', bytes: utf8(csvText([header, header.map(() => '1')])) });
    expect(e.code).toBe('too-many-columns');
    expect(e.message).toMatch(/1,000 columns; at most 500/);
  });

  test('a file too large for the browser (default limit 256 MB; a small limit here)', async () => {
    expect(DEFAULT_LIMITS.maxBytes).toBe(256 * 2 ** 20);
    const e = await fails({ name: 'big.csv', bytes: utf8(TEXT.repeat(20)) }, { limits: { maxBytes: 1000 } });
    expect(e.code).toBe('too-large');
    // A Blob is refused by its size, before it is read.
    const blob = new Blob([utf8(TEXT)]);
    Object.defineProperty(blob, 'size', { value: 3 * 2 ** 30 });
    expect((await fails({ name: 'huge.csv', file: blob })).message).toMatch(/3072 MB; files up to 256 MB/);
  });

  test('a row with more fields than the header names its line', async () => {
    // Within the sampled start: found from the data, as a spreadsheet row.
    const e = await fails({ name: 'ragged.csv', bytes: utf8('a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n') });
    expect(e).toMatchObject({ code: 'ragged-row', row: 4 });
    expect(e.message).toMatch(/Row 4 has more fields than the header's 3 \(delimiter ","\)/);
    // Past the sampled start (200 records): DuckDB's reader stops at the line.
    const rows = Array.from({ length: 300 }, (_, i) => `${i},x,y`);
    rows.push('1,2,3,4');
    const late = await fails({ name: 'late.csv', bytes: utf8(`a,b,c\n${rows.join('\n')}\n`) });
    expect(late).toMatchObject({ code: 'ragged-row', line: 302 });
    expect(late.message).toMatch(/Line 302 has 4 fields but the header has 3/);
  });

  test('short rows are padded with empty cells', async () => {
    const t = await loadFile(engine, { name: 'short.csv', bytes: utf8('a,b,c\n1,2,3\n4,5\n') });
    expect(await tableRows(engine, t.table)).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 4, b: 5, c: null },
    ]);
  });

  test('an unterminated quote', async () => {
    const e = await fails({ name: 'quote.csv', bytes: utf8('a,b\n1,"open\n2,3\n') });
    expect(e.code).toBe('bad-csv');
    expect(e.message).toMatch(/quoted value that never closes/);
  });

  test('duplicate and empty headers are made unique with a warning', async () => {
    const t = await loadFile(engine, { name: 'dup.csv', bytes: utf8('金额,金额,,Name\n1,2,3,x\n') });
    expect(t.columns.map((c) => c.name)).toEqual(['金额', '金额_2', 'column_3', 'Name']);
    expect(t.warnings.join('\n')).toMatch(/no header name/);
    expect(t.warnings.join('\n')).toMatch(/"金额" → "金额_2"/);
    expect(await tableRows(engine, t.table)).toEqual([{ 金额: 1, 金额_2: 2, column_3: 3, Name: 'x' }]);
  });

  test('a trailing delimiter on every row adds no column', async () => {
    const t = await loadFile(engine, { name: 'trail.csv', bytes: utf8('a,b\n1,2,\n3,4,\n') });
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  test('a failed replace keeps the table it was meant to replace', async () => {
    const e = await fails({ name: 'keep.csv', bytes: utf8('客户编号\n') }, { table: 'keep', replace: true });
    expect(e.code).toBe('header-only');
  });

  test('loading the same file twice gives a second table, never replaces the first', async () => {
    const a = await loadFile(engine, { name: 'twice.csv', bytes: utf8('x\n1\n') });
    const b = await loadFile(engine, { name: 'twice.csv', bytes: utf8('x\n2\n') });
    expect([a.table, b.table]).toEqual(['twice', 'twice_2']);
    expect(await tableRows(engine, 'twice')).toEqual([{ x: 1 }]);
  });
});

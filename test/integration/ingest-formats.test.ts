// Excel (transitional and strict), Parquet, JSON, NDJSON and pasted text,
// each written by an independent library in the test and loaded through the real engine.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile, type FileHandleEngine } from '../../src/ingest/load-file';
import { IngestError } from '../../src/ingest/errors';
import { columnTypes, csvText, gb18030, parquetBytes, tableNames, tableRows, toStrictOoxml, utf8, xlsxBytes } from '../support/fixtures-ingest';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

const ORDERS = [
  ['订单号', '客户编号', '下单日期', '金额', '备注'],
  ['SO-1', 'C001', d(2025, 3, 7), 1234.5, '首单'],
  ['SO-2', 'C002', d(2025, 3, 8), 880, null],
  ['SO-3', 'C001', d(2025, 12, 31), '(200)', 'refund'],
] as const;
const ORDERS_EXPECTED = [
  { 订单号: 'SO-1', 客户编号: 'C001', 下单日期: Date.UTC(2025, 2, 7), 金额: 1234.5, 备注: '首单' },
  { 订单号: 'SO-2', 客户编号: 'C002', 下单日期: Date.UTC(2025, 2, 8), 金额: 880, 备注: null },
  { 订单号: 'SO-3', 客户编号: 'C001', 下单日期: Date.UTC(2025, 11, 31), 金额: -200, 备注: 'refund' },
];

async function workbook(): Promise<Uint8Array> {
  return xlsxBytes([
    { sheet: '说明', data: [['This workbook holds orders'], ['see the next sheet']] },
    { sheet: '订单', data: ORDERS.map((r) => [...r]) },
  ]);
}

describe('xlsx', () => {
  test('lists the sheets, reads the first by default', async () => {
    const t = await loadFile(engine, { name: '订单 2025.xlsx', bytes: await workbook() });
    expect(t).toMatchObject({ format: 'xlsx', sheet: '说明', sheets: ['说明', '订单'], encoding: null, table: '订单_2025' });
    expect(t.rows).toBe(1);
  });

  test('the chosen sheet by name or position, typed, in its own table', async () => {
    const bytes = await workbook();
    const byName = await loadFile(engine, { name: '订单 2025.xlsx', bytes }, { sheet: '订单' });
    expect(byName.table).toBe('订单_2025_订单');
    expect(byName.columns.map((c) => [c.name, c.type])).toEqual([
      ['订单号', 'text'],
      ['客户编号', 'text'],
      ['下单日期', 'date'],
      ['金额', 'number'],
      ['备注', 'text'],
    ]);
    expect(await tableRows(engine, byName.table)).toEqual(ORDERS_EXPECTED);
    const byPos = await loadFile(engine, { name: 'x.xlsx', bytes }, { sheet: 2 });
    expect(await tableRows(engine, byPos.table)).toEqual(ORDERS_EXPECTED);
  });

  test('a missing sheet names the ones there are', async () => {
    const err = await loadFile(engine, { name: 'x.xlsx', bytes: await workbook() }, { sheet: 'Sheet9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toMatch(/no sheet "Sheet9"; the sheets are "说明", "订单"/);
  });

  test('ISO strict OOXML reads the same', async () => {
    const strict = toStrictOoxml(await workbook());
    const t = await loadFile(engine, { name: 'strict.xlsx', bytes: strict }, { sheet: '订单' });
    expect(await tableRows(engine, t.table)).toEqual(ORDERS_EXPECTED);
  });

  test('an empty sheet, and a workbook named .csv', async () => {
    const bytes = await xlsxBytes([{ sheet: 'Data', data: [['id', 'n'], ['a', 1]] }, { sheet: 'Empty', data: [] }]);
    const err = await loadFile(engine, { name: 'e.xlsx', bytes }, { sheet: 'Empty' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'empty', message: 'e.xlsx: The sheet "Empty" is empty.' });
    const renamed = await loadFile(engine, { name: 'export.csv', bytes });
    expect(renamed.format).toBe('xlsx');
    expect(renamed.warnings[0]).toMatch(/named \.csv but is an Excel workbook/);
  });

  test('a corrupt workbook is an IngestError and leaves no table', async () => {
    const bytes = (await workbook()).slice(0, 300);
    const names = await tableNames(engine);
    const err = await loadFile(engine, { name: 'broken.xlsx', bytes }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('bad-xlsx');
    expect(await tableNames(engine)).toEqual(names);
  });
});

describe('parquet', () => {
  const columns = () => [
    { name: 'customer_id', data: ['C001', 'C002', 'C003'], type: 'STRING' as const },
    { name: 'orders', data: [3n, 1n, 12n], type: 'INT64' as const },
    { name: 'revenue', data: [1234.5, 0.25, -7], type: 'DOUBLE' as const },
    { name: 'first_order', data: [d(2024, 1, 2), d(2025, 3, 7), d(2023, 12, 31)], type: 'TIMESTAMP' as const },
    { name: 'vip', data: [true, false, null], type: 'BOOLEAN' as const },
  ];
  const expected = [
    { customer_id: 'C001', orders: 3, revenue: 1234.5, first_order: Date.UTC(2024, 0, 2), vip: 'true' },
    { customer_id: 'C002', orders: 1, revenue: 0.25, first_order: Date.UTC(2025, 2, 7), vip: 'false' },
    { customer_id: 'C003', orders: 12, revenue: -7, first_order: Date.UTC(2023, 11, 31), vip: null },
  ];

  test.each(['SNAPPY', 'UNCOMPRESSED', 'GZIP'] as const)('%s', async (codec) => {
    const t = await loadFile(engine, { name: 'customers.parquet', bytes: parquetBytes(columns(), codec) });
    expect(t.format).toBe('parquet');
    expect(await tableRows(engine, t.table)).toEqual(expected);
    expect(await columnTypes(engine, t.table)).toEqual({ customer_id: 'VARCHAR', orders: 'BIGINT', revenue: 'DOUBLE', first_order: 'DATE', vip: 'VARCHAR' });
  });

  test('a truncated file', async () => {
    const err = await loadFile(engine, { name: 'cut.parquet', bytes: parquetBytes(columns()).slice(0, 60) }).catch((e: unknown) => e);
    expect((err as IngestError).code).toBe('bad-parquet');
  });
});

describe('JSON', () => {
  const objects = [
    { id: 'C001', name: '华联', sales: '¥1,200', since: '2024-01-05' },
    { id: 'C002', name: 'Acme', sales: 300.5, tags: ['a', 'b'] },
  ];
  const expected = [
    { id: 'C001', name: '华联', sales: 1200, since: Date.UTC(2024, 0, 5), tags: null },
    { id: 'C002', name: 'Acme', sales: 300.5, since: null, tags: '["a","b"]' },
  ];
  test('array of objects (keys in first-seen order, missing keys empty)', async () => {
    const t = await loadFile(engine, { name: 'c.json', bytes: utf8(JSON.stringify(objects)) });
    expect(t.format).toBe('json');
    expect(await tableRows(engine, t.table)).toEqual(expected);
  });
  test('wrapped in an object', async () => {
    const t = await loadFile(engine, { name: 'c.json', bytes: utf8(JSON.stringify({ total: 2, data: objects })) });
    expect(await tableRows(engine, t.table)).toEqual(expected);
  });
  test('NDJSON', async () => {
    const t = await loadFile(engine, { name: 'c.ndjson', bytes: utf8(objects.map((o) => JSON.stringify(o)).join('\n') + '\n') });
    expect(await tableRows(engine, t.table)).toEqual(expected);
  });
  test('an empty list', async () => {
    const err = await loadFile(engine, { name: 'e.json', bytes: utf8('[]') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'empty' });
  });

  test('NDJSON with a broken line names it', async () => {
    const text = `${JSON.stringify(objects[0])}\n\n{"id": "C002", broken\n`;
    const err = await loadFile(engine, { name: 'c.jsonl', bytes: utf8(text) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad-json', line: 3 });
  });
});

describe('title rows above the header', () => {
  test('a report export with a title and a date line (GB18030 CSV)', async () => {
    const text = csvText([
      ['2025年销售报表', '', ''],
      ['导出日期：2025-03-01', '', ''],
      ['客户', '销售额', '日期'],
      ['华联', '1,000', '2025/1/2'],
      ['Acme', 'oops', '2025/1/3'],
      ['Beta', '2,500', '2025/1/4'],
      ['Gamma', '300', '2025/1/5'],
      ['Delta', '40', '2025/1/6'],
    ]);
    const t = await loadFile(engine, { name: 'report.csv', bytes: gb18030(text) });
    expect(t.headerRow).toBe(3);
    expect(t.warnings.join(' ')).toMatch(/Skipped 2 title row\(s\) above the header, which is row 3/);
    expect(t.columns.map((c) => c.name)).toEqual(['客户', '销售额', '日期']);
    // Rows are the file's rows: the failing cell is on row 5.
    expect(t.columns[1]).toMatchObject({ failed: 1, examples: [{ row: 5, value: 'oops' }] });
    expect(t.rows).toBe(5);
  });

  test('the same in a sheet, and an explicit header row', async () => {
    const bytes = await xlsxBytes([{ sheet: 'S', data: [['Sales report'], [null], ['id', 'amount'], ['A', 1], ['B', 2]] }]);
    const t = await loadFile(engine, { name: 'r.xlsx', bytes });
    expect(t.headerRow).toBe(3);
    expect(await tableRows(engine, t.table)).toEqual([
      { id: 'A', amount: 1 },
      { id: 'B', amount: 2 },
    ]);
    const own = await loadFile(engine, { name: 'r.xlsx', bytes }, { headerRow: 4 });
    expect(own.columns.map((c) => c.name)).toEqual(['A', '1']);
  });

  test('an Excel "sep=" line counts in row and line numbers', async () => {
    const t = await loadFile(engine, { name: 'sep.csv', bytes: utf8('sep=;\na;b\n1;2\nx;3\n4;5\n6;7\n8;9\n') });
    expect(t.delimiter).toBe(';');
    expect(t.columns[0]).toMatchObject({ failed: 1, examples: [{ row: 4, value: 'x' }] });
    const rows = Array.from({ length: 300 }, (_, i) => `${i};1`);
    const err = await loadFile(engine, { name: 'sep2.csv', bytes: utf8(`sep=;\na;b\n${rows.join('\n')}\n1;2;3\n`) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ragged-row', line: 303 });
  });
});

describe('pasted from Excel', () => {
  test('TSV text with a quoted multi-line cell', async () => {
    const text = '客户\t销售额\t备注\r\n华联\t1,234\t"两行\n备注"\r\nAcme\t56.5\t\r\n';
    const t = await loadFile(engine, { name: '粘贴', text });
    expect(t.delimiter).toBe('\t');
    expect(await tableRows(engine, t.table)).toEqual([
      { 客户: '华联', 销售额: 1234, 备注: '两行\n备注' },
      { 客户: 'Acme', 销售额: 56.5, 备注: null },
    ]);
  });
});

describe('large files through a file handle', () => {
  // DuckDB-WASM's registerFileHandle is not on the Engine interface yet: this
  // wrapper gives the Node engine one, so loadFile's handle path is exercised.
  function withHandles(inner: Engine, seen: string[]): FileHandleEngine {
    return {
      ...inner,
      query: (s) => inner.query(s),
      queryBound: (s, p) => inner.queryBound(s, p),
      registerFile: (n, b) => inner.registerFile(n, b),
      dropFile: (n) => inner.dropFile(n),
      close: () => inner.close(),
      async registerFileHandle(name, file) {
        seen.push(name);
        await inner.registerFile(name, new Uint8Array(await file.arrayBuffer()));
      },
    };
  }
  const limits = { streamAboveBytes: 1000 };

  test('a UTF-8 file above the threshold goes to DuckDB as a handle', async () => {
    const seen: string[] = [];
    const n = 5000;
    const file = new Blob([csvText([['id', 'amount'], ...Array.from({ length: n }, (_, i) => [`C${i}`, `${i}.5`])])]);
    const t = await loadFile(withHandles(engine, seen), { name: 'big.csv', file }, { limits });
    expect(seen).toHaveLength(1);
    expect(t.rows).toBe(n);
    const total = Number((await engine.query(`SELECT sum(amount) AS s FROM ${t.table}`)).toArray()[0]!.toJSON().s);
    expect(total).toBe((n * (n - 1)) / 2 + 0.5 * n);
  });

  test('a GB18030 file is read whole and converted instead', async () => {
    const seen: string[] = [];
    const file = new Blob([gb18030(`客户,金额\n${'华联,1\n'.repeat(5000)}`)]);
    const t = await loadFile(withHandles(engine, seen), { name: 'gbk.csv', file }, { limits });
    expect(seen).toHaveLength(0);
    expect(t.encoding?.encoding).toBe('gb18030');
    expect(t.rows).toBe(5000);
  });

  test('UTF-8 at the start but GB18030 further on: retried whole and converted', async () => {
    const seen: string[] = [];
    const ascii = 'id,name\n' + Array.from({ length: 40000 }, (_, i) => `${i},abc`).join('\n') + '\n';
    const file = new Blob([utf8(ascii), gb18030('99999,华联\n')]);
    expect(file.size).toBeGreaterThan(1 << 18); // past the sampled start
    const t = await loadFile(withHandles(engine, seen), { name: 'mixed.csv', file }, { limits });
    expect(seen).toHaveLength(1);
    expect(t.encoding?.encoding).toBe('gb18030');
    expect(await tableRows(engine, t.table).then((r) => r.at(-1))).toEqual({ id: 99999, name: '华联' });
  });
});

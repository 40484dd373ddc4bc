// Messy values → types, through the real DuckDB-WASM engine. Each expected
// value is written out by hand (or computed in plain JS), not by the code under test.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile, type LoadedTable } from '../../src/ingest/load-file';
import { columnTypes, csvText, dateMs, tableRows, utf8 } from '../support/fixtures-ingest';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

type Expect = number | null | 'FAIL';
/** Column name → [raw cell, expected value] per row; shorter columns are padded with empty cells. */
type Spec = Record<string, [string, Expect][]>;

async function load(spec: Spec, name: string, opts = {}): Promise<{ loaded: LoadedTable; rows: Record<string, unknown>[] }> {
  const names = Object.keys(spec);
  const n = Math.max(...names.map((c) => spec[c]!.length));
  const body = Array.from({ length: n }, (_, i) => names.map((c) => spec[c]![i]?.[0] ?? ''));
  const loaded = await loadFile(engine, { name, bytes: utf8(csvText([names, ...body])) }, opts);
  return { loaded, rows: await tableRows(engine, loaded.table) };
}

function check(spec: Spec, loaded: LoadedTable, rows: Record<string, unknown>[], column: string) {
  const cells = spec[column]!;
  const report = loaded.columns.find((c) => c.name === column)!;
  const fails = cells.map(([raw, e], i) => ({ row: i + 2, value: raw, e })).filter((x) => x.e === 'FAIL');
  cells.forEach(([raw, e], i) => {
    const got = rows[i]![column];
    if (e === 'FAIL') {
      expect(got, `${column} row ${i + 2} ${raw}`).toBeNull();
      expect(rows[i]![`${column}__raw`]).toBe(raw);
    } else if (typeof e === 'number') {
      expect(got, `${column} row ${i + 2} ${raw}`).toBeCloseTo(e, 9);
    } else {
      expect(got, `${column} row ${i + 2} ${raw}`).toBeNull();
    }
  });
  expect(report.failed).toBe(fails.length);
  expect(report.examples).toEqual(fails.slice(0, 3).map(({ row, value }) => ({ row, value })));
  expect(report.parsed).toBe(cells.filter(([, e]) => typeof e === 'number').length);
  expect(report.raw).toBe(fails.length > 0 ? `${column}__raw` : null);
}

describe('numbers', () => {
  const spec: Spec = {
    金额: [
      ['¥1,234.50', 1234.5],
      ['$1,706', 1706],
      ['RMB 500', 500],
      ['500元', 500],
      ['(1,200)', -1200],
      ['-88.5', -88.5],
      ['1.2万', 12000],
      ['3亿', 300000000],
      ['１２３', 123],
      ['￥2,000.00', 2000],
      ['1,200-', -1200],
      ['+15', 15],
      ['1.5E3', 1500],
      ['2.5万元', 25000],
      ['N/A', null],
      ['', null],
      ['-', null],
      ['abc', 'FAIL'],
      ['12..5', 'FAIL'],
      ['#DIV/0!', 'FAIL'],
      ['7', 7],
      ['US$ 99.99', 99.99],
      ['－５０', -50],
      ['8 000', 8000],
    ],
    eur: [
      ['1 234,50 €', 1234.5],
      ['2.500,00', 2500],
      ['12,5', 12.5],
      ['€ 3,75', 3.75],
      ['1.000.000', 1000000],
      ['0,99', 0.99],
    ],
    rate: [
      ['15%', 0.15],
      ['0.5%', 0.005],
      ['100%', 1],
      ['-2.5%', -0.025],
      ['３０％', 0.3],
      ['5‰', 0.005],
    ],
    qty: [
      ['1,000', 1000],
      ['2,000', 2000],
      ['15', 15],
      ['0', 0],
    ],
    code: [
      ['001', null],
      ['002', null],
      ['010', null],
    ],
  };

  test('each format parses to the value written next to it; failures keep their text', async () => {
    const { loaded, rows } = await load(spec, 'numbers.csv');
    for (const c of ['金额', 'eur', 'rate', 'qty']) check(spec, loaded, rows, c);
    const types = Object.fromEntries(loaded.columns.map((c) => [c.name, [c.type, c.sqlType]]));
    expect(types).toEqual({
      金额: ['number', 'DOUBLE'],
      eur: ['number', 'DOUBLE'],
      rate: ['percent', 'DOUBLE'],
      qty: ['number', 'BIGINT'],
      code: ['text', 'VARCHAR'],
    });
    expect(loaded.columns.find((c) => c.name === 'eur')!.note).toBe('decimal comma');
    // Leading zeros are codes: kept as text, exactly.
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(['001', '002', '010']);
    expect(await columnTypes(engine, loaded.table)).toMatchObject({ 金额: 'DOUBLE', 金额__raw: 'VARCHAR', qty: 'BIGINT', code: 'VARCHAR' });
    expect(loaded.columns.find((c) => c.name === '金额')!.empty).toBe(3);
  });
});

const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return dateMs(y!, m!, d!);
};
/** Excel serial day n, computed the long way: day 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was. */
const excelSerial = (n: number) => Date.UTC(1900, 0, 1) + (n - 1 - (n > 60 ? 1 : 0)) * 86_400_000;

describe('dates', () => {
  const spec: Spec = {
    ymd: [
      ['2025/3/7', day('2025-03-07')],
      ['2025-03-07', day('2025-03-07')],
      ['2025.3.7', day('2025-03-07')],
      ['2025年3月7日', day('2025-03-07')],
      ['2025-03-07 10:30:00', day('2025-03-07')],
      ['2024-02-29', day('2024-02-29')],
      ['2025-02-30', 'FAIL'],
      ['2025/12/31', day('2025-12-31')],
      ['２０２５年１２月１日', day('2025-12-01')],
      ['', null],
    ],
    us: [
      ['3/7/2025', day('2025-03-07')],
      ['12/31/2025', day('2025-12-31')],
      ['1/2/25', day('2025-01-02')],
      ['7/4/2025', day('2025-07-04')],
    ],
    eu: [
      ['31/12/2025', day('2025-12-31')],
      ['7/3/2025', day('2025-03-07')],
      ['01.02.2025', day('2025-02-01')],
    ],
    下单日期: [
      ['45723', excelSerial(45723)],
      ['45658', excelSerial(45658)],
      ['2025-01-15', day('2025-01-15')],
      ['36526', excelSerial(36526)],
    ],
    amount: [
      ['45723', 45723],
      ['45658', 45658],
      ['100', 100],
    ],
  };

  test('each format becomes the DATE written next to it', async () => {
    const { loaded, rows } = await load(spec, 'dates.csv');
    for (const c of ['ymd', 'us', 'eu', '下单日期']) check(spec, loaded, rows, c);
    const t = Object.fromEntries(loaded.columns.map((c) => [c.name, c.type]));
    expect(t).toEqual({ ymd: 'date', us: 'date', eu: 'date', 下单日期: 'date', amount: 'number' });
    expect(loaded.columns.find((c) => c.name === 'eu')!.note).toMatch(/day\/month/);
    expect(loaded.columns.find((c) => c.name === 'us')!.note).toMatch(/month\/day/);
    // The independent serial formula agrees with the calendar on a known day.
    expect(excelSerial(45723)).toBe(day('2025-03-07'));
  });

  test('an ambiguous d/m column is read month-first with a warning, or day-first when asked', async () => {
    const amb: Spec = { when: [['3/7/2025', day('2025-03-07')], ['4/8/2025', day('2025-04-08')]] };
    const us = await load(amb, 'amb.csv');
    check(amb, us.loaded, us.rows, 'when');
    expect(us.loaded.warnings.join(' ')).toMatch(/ambiguous/);
    const eu = await load(amb, 'amb.csv', { dayFirst: true });
    expect(eu.rows.map((r) => r.when)).toEqual([day('2025-07-03'), day('2025-08-04')]);
  });

  test('the user can force a type; cells that do not fit are counted', async () => {
    const s: Spec = { 备注: [['100', 100], ['abc', 'FAIL'], ['200', 200], ['x', 'FAIL'], ['y', 'FAIL']] };
    const auto = await load(s, 'force.csv');
    expect(auto.loaded.columns[0]!.type).toBe('text');
    const forced = await load(s, 'force.csv', { types: { 备注: 'number' } });
    check(s, forced.loaded, forced.rows, '备注');
  });
});

test('the type is decided from rows across the whole file, not only its start', async () => {
  // "late" is empty in the first half: a first-rows sample would call it text.
  const rows: (string | number)[][] = [['id', 'late']];
  for (let i = 0; i < 20_000; i++) rows.push([i, i < 10_000 ? '' : i % 50]);
  const t = await loadFile(engine, { name: 'half-empty.csv', bytes: utf8(csvText(rows)) });
  expect(t.columns.map((c) => [c.name, c.type, c.parsed, c.empty])).toEqual([
    ['id', 'number', 20_000, 0],
    ['late', 'number', 10_000, 10_000],
  ]);
});

test('floats written out in full are numbers; 16-digit codes stay text', async () => {
  // From the Chinese Superstore workbook (test/conformance/cn-superstore): Excel's binary floats.
  const rows = [
    ['profit', 'card'],
    ['-60.70400000000001', '6222021234567890123'],
    ['4.199999999999999', '6222021234567890124'],
    ['0.12345678901234567', '6222021234567890125'],
  ];
  const t = await loadFile(engine, { name: 'floats.csv', bytes: utf8(csvText(rows)) });
  expect(t.columns.map((c) => [c.name, c.type])).toEqual([
    ['profit', 'number'],
    ['card', 'text'],
  ]);
  const got = await tableRows(engine, t.table);
  expect(got.map((r) => r.profit)).toEqual([-60.70400000000001, 4.199999999999999, 0.12345678901234567]);
});

test('invoice and stock numbers with a letter on some stay codes: C536854 is a cancelled invoice, not a missing number', async () => {
  // The shape of the UCI Online Retail log (test/conformance/online-retail).
  const rows = [['InvoiceNo', 'StockCode', 'Quantity', 'UnitPrice']];
  for (let i = 0; i < 40; i++) rows.push([String(536365 + i), String(21000 + i), String(1 + (i % 5)), '2.55']);
  rows.push(['C536854', '85049E', '-2', '1.25'], ['536900', 'POST', '1', '18']);
  const t = await loadFile(engine, { name: 'retail.csv', bytes: utf8(csvText(rows)) });
  expect(t.columns.map((c) => [c.name, c.type])).toEqual([
    ['InvoiceNo', 'text'],
    ['StockCode', 'text'],
    ['Quantity', 'number'],
    ['UnitPrice', 'number'],
  ]);
  const got = await tableRows(engine, t.table);
  expect(got.at(-2)).toMatchObject({ InvoiceNo: 'C536854', StockCode: '85049E', Quantity: -2 });
});

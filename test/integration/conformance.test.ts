// The conformance suite: real public exports nobody here wrote (test/conformance/,
// each with its SOURCE.md), dropped as a user drops them — load, profile, detect the
// mapping, run the page's data checks, grade with the classic preset — in the real
// DuckDB-WASM engine. The totals are recomputed here from the raw files with a
// separate reader, so the engine path and this one can disagree.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, describe, expect, it } from 'vitest';
import { toRows } from '../../src/results/rows';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { detectMapping } from '../../src/ingest/detect-mapping';
import { loadFile } from '../../src/ingest/load-file';
import { runMappingChecks } from '../../src/ingest/mapping-checks';
import { profileTable } from '../../src/ingest/mapping-profile';
import { choicesFromGuesses, toSourceMapping } from '../../src/ingest/to-source-mapping';
import { CLASSIC_CRM } from '../../src/model/config';
import { runGrading } from '../../src/pipeline/run-grading';
import { DATASETS } from '../conformance/datasets';
import { csvRecords } from '../support/csv';

const csv = (path: string) => csvRecords(readFileSync(path, 'utf8'));

const files = (id: string) => DATASETS.find((d) => d.id === id)!.files;
const file = (id: string, name: string) => files(id).find((f) => basename(f) === name)!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const cents = (x: number) => Math.round(x * 100) / 100;

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

/** What the page does with a drop of these files, up to the grade table. */
async function drop(paths: string[]) {
  engine = await openNodeEngine();
  const tables: string[] = [];
  for (const p of paths) tables.push((await loadFile(engine, { name: basename(p), bytes: new Uint8Array(readFileSync(p)) })).table);
  const profiles = await Promise.all(tables.map((t, i) => profileTable(engine!, t, basename(paths[i]!))));
  const guesses = detectMapping(profiles);
  const built = toSourceMapping(choicesFromGuesses(guesses), profiles);
  expect(built.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const mapping = built.mapping!;
  const checks = await runMappingChecks(engine, mapping);
  const result = await runGrading(engine, mapping, CLASSIC_CRM);
  return {
    roles: guesses.map((g) => [g.table, g.role]),
    mapping,
    notes: built.problems.map((p) => p.text.en),
    checks: checks.map((p) => [p.severity, p.text.en] as const),
    grades: result.gradeTable.map((r) => r.customers),
    totals: result.totals,
  };
}

describe('real exports grade on the first drop', () => {
  it('Northwind: customers, orders and order details; the amount is price × quantity × (1 − discount)', async () => {
    const details = csv(file('northwind', 'order_details.csv'));
    const total = cents(sum(details.map((d) => Number(d.unit_price) * Number(d.quantity) * (1 - Number(d.discount)))));
    expect(total).toBe(1265793.04); // the figure Northwind's own sales reports show
    const customers = csv(file('northwind', 'customers.csv')).length;

    const r = await drop(files('northwind'));
    expect(r.roles).toEqual([
      ['customers', 'customers'],
      ['orders', 'orders'],
      ['order_details', 'lines'],
    ]);
    expect(r.mapping.lines).toMatchObject({ orderId: 'order_id', unitPrice: 'unit_price', quantity: 'quantity', discount: 'discount' });
    expect(r.mapping.lines.amount).toBeUndefined();
    expect(r.mapping.orders).toMatchObject({ orderId: 'order_id', customerId: 'customer_id', orderDate: 'order_date' });
    expect(r.mapping.customers).toMatchObject({ customerId: 'customer_id', name: 'company_name' });
    expect(r.notes.join(' ')).toContain('unit price × quantity × (1 − discount)');
    expect(r.checks).toEqual([]);
    expect(r.totals.customers).toBe(customers);
    expect(cents(r.totals.order_amount!)).toBe(total);
    expect(r.totals.profit).toBeNull();
    expect(r.grades).toEqual([18, 28, 27, 18]);
  });

  it('Online Retail: one invoice log; C-invoices are returns, lines without a customer are left out and said so', async () => {
    const lines = csv(files('online-retail')[0]!);
    const amount = (l: Record<string, string>) => Number(l.Quantity) * Number(l.UnitPrice);
    const withId = lines.filter((l) => l.CustomerID !== '');
    const customers = new Set(withId.map((l) => l.CustomerID)).size;
    const total = cents(sum(withId.map(amount)));
    const negative = lines.filter((l) => amount(l) < 0);
    const returnDocs = new Set(negative.map((l) => l.InvoiceNo)).size;

    const r = await drop(files('online-retail'));
    expect(r.roles).toEqual([['online_retail_slice', 'lines']]);
    expect(r.mapping.lines).toMatchObject({ orderId: 'InvoiceNo', customerId: 'CustomerID', orderDate: 'InvoiceDate', unitPrice: 'UnitPrice', quantity: 'Quantity' });
    expect(r.checks.map(([s]) => s)).toEqual(['warning', 'note']);
    expect(r.checks[0]![1]).toBe(`${lines.length - withId.length} rows of "online_retail_slice" have no customer id and are left out of the grading.`);
    expect(r.checks[1]![1]).toContain(`${negative.length} lines of "online_retail_slice" have a negative amount`);
    expect(r.checks[1]![1]).toContain(`in ${returnDocs} documents`);
    expect(r.checks[1]![1]).toContain(cents(sum(negative.map(amount))).toLocaleString('en-US', { minimumFractionDigits: 2 }));
    expect(r.totals.customers).toBe(customers);
    expect(cents(r.totals.order_amount!)).toBe(total);
    expect(r.grades).toEqual([23, 35, 34, 23]);
  });

  it('Olist: customers, orders and order items; the price is the amount, the freight beside it is not', async () => {
    const items = csv(file('olist', 'order_items.csv'));
    const total = cents(sum(items.map((i) => Number(i.price))));
    // Olist's customer_id is one per order; customer_unique_id is the customer.
    const master = csv(file('olist', 'customers.csv'));
    const personOf = new Map(master.map((c) => [c.customer_id!, c.customer_unique_id!]));
    const customers = new Set(master.map((c) => c.customer_unique_id)).size;
    const ordersOf = new Map<string, number>();
    for (const o of csv(file('olist', 'orders.csv'))) ordersOf.set(personOf.get(o.customer_id!)!, (ordersOf.get(personOf.get(o.customer_id!)!) ?? 0) + 1);
    const repeat = [...ordersOf].filter(([, n]) => n > 1);
    expect(customers).toBe(2499);
    expect(repeat.length).toBeGreaterThan(0);

    const r = await drop(files('olist'));
    expect(r.roles).toEqual([
      ['customers', 'customers'],
      ['orders', 'orders'],
      ['order_items', 'lines'],
    ]);
    expect(r.mapping.lines).toMatchObject({ orderId: 'order_id', unitPrice: 'price' });
    expect(JSON.stringify(r.mapping)).not.toContain('freight_value');
    expect(r.mapping.orders).toMatchObject({ customerId: 'customer_id', orderDate: 'order_purchase_timestamp' });
    expect(r.mapping.customers).toMatchObject({ customerId: 'customer_id', person: 'customer_unique_id' });
    // The customers with several orders (several keys) are graded once, with all their orders.
    for (const [person, n] of repeat) {
      const [row] = toRows<{ order_count: number }>(await engine!.query(`SELECT order_count FROM customers_graded WHERE customer_id = '${person}'`));
      expect(row?.order_count, person).toBe(n);
    }
    // customer_city and the delivery dates are not the customer's name.
    expect(r.mapping.customers?.name).toBeUndefined();
    expect(r.checks).toEqual([]);
    expect(r.totals.customers).toBe(customers);
    expect(cents(r.totals.order_amount!)).toBe(total);
    expect(r.grades).toEqual([500, 750, 749, 500]);
  });

  it('CDNOW: space-aligned text without a header, yyyymmdd dates', async () => {
    const rows = readFileSync(files('cdnow')[0]!, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().split(/\s+/));
    const customers = new Set(rows.map((r) => r[0])).size;
    const total = cents(sum(rows.map((r) => Number(r[4]))));

    const r = await drop(files('cdnow'));
    expect(r.roles).toEqual([['cdnow_sample', 'lines']]);
    expect(r.mapping.lines).toMatchObject({ customerId: 'column_1', orderDate: 'column_3', quantity: 'column_4', amount: 'column_5' });
    expect(r.notes.join(' ')).toContain("a customer's lines of one day count as one order");
    expect(r.checks).toEqual([]);
    expect(r.totals.customers).toBe(customers);
    expect(cents(r.totals.order_amount!)).toBe(total);
    expect(r.grades).toEqual([471, 708, 707, 471]);
  });

  it('Superstore sample: five files, graded as the built-in preset', async () => {
    const lines = csv(file('superstore', 'lineitems.csv'));
    const customers = csv(file('superstore', 'customers.csv')).length;

    const r = await drop(files('superstore'));
    expect(r.roles.map(([, role]) => role)).toEqual(['customers', 'orders', 'lines', 'complaints', 'openOrders']);
    expect(r.checks).toEqual([]);
    expect(r.totals.customers).toBe(customers);
    expect(cents(r.totals.order_amount!)).toBe(cents(sum(lines.map((l) => Number(l.Sales)))));
    expect(cents(r.totals.profit!)).toBe(cents(sum(lines.map((l) => Number(l.Profit)))));
    expect(r.grades).toEqual([159, 238, 237, 159]);
  });

  it('Chinese Superstore workbook: Chinese headers, the order sheet of three', async () => {
    const path = files('cn-superstore')[0]!;
    const sheets = (await readXlsxFile(readFileSync(path))) as unknown as { sheet: string; data: unknown[][] }[];
    expect(sheets.map((s) => s.sheet)).toEqual(['订单', '退货', '销售人员']);
    const [header, ...body] = sheets[0]!.data;
    const col = (name: string) => (header as string[]).indexOf(name);
    const customers = new Set(body.map((r) => r[col('客户 ID')])).size;
    const total = sum(body.map((r) => Number(r[col('销售额')])));
    const profit = sum(body.map((r) => Number(r[col('利润')])));

    const r = await drop(files('cn-superstore'));
    expect(r.roles).toEqual([['示例_超市', 'lines']]);
    expect(r.mapping.lines).toMatchObject({ orderId: '订单 ID', customerId: '客户 ID', orderDate: '订单日期', amount: '销售额', profit: '利润', quantity: '数量' });
    // 细分 is Tableau's Chinese for Segment: the customer type.
    // 地区, 省/自治区 and 城市 all name a region; 地区 is the field's first word, so it wins the tie.
    expect(r.mapping.customers).toMatchObject({ customerId: '客户 ID', name: '客户名称', customerType: '细分', region: '地区' });
    expect(r.checks).toEqual([]);
    expect(r.totals.customers).toBe(customers);
    // Summed in another order a float total can land either side of a half cent (16,068,954.125…).
    expect(r.totals.order_amount!).toBeCloseTo(total, 2);
    expect(r.totals.profit!).toBeCloseTo(profit, 2);
    expect(r.grades).toEqual([158, 237, 237, 158]);
  });

  it('a real export with unquoted commas (Neo4j\'s Northwind customers) is refused with the row that breaks', async () => {
    engine = await openNodeEngine();
    const path = new URL('../conformance/broken/northwind-neo4j-customers.csv', import.meta.url);
    const bytes = new Uint8Array(readFileSync(path));
    // Independently: the first line with more fields than the header, numbered as a
    // spreadsheet shows it (the header is row 1).
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    const width = lines[0]!.split(',').length;
    const row = lines.findIndex((l) => l.split(',').length > width) + 1;
    expect(lines[row - 1]).toMatch(/^BLONP,.*24, place Kléber/u);
    await expect(loadFile(engine, { name: 'customers.csv', bytes })).rejects.toThrow(`Row ${row} has more fields than the header's ${width}`);
  });
});

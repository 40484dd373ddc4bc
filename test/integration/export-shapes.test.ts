// Export shapes through the page's own state (IngestController and Session) on
// DuckDB-WASM: each file is dropped alone and must grade on the first try, with
// the role, the id column and the amounts the page found checked by hand.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestController } from '../../src/app/ingest.svelte';
import { Session } from '../../src/app/session.svelte';
import { openNodeEngine } from '../../src/db/node-engine';
import { toRows } from '../../src/results/rows';
import { SAMPLE_DIR } from '../support/sample';

const DIR = join(__dirname, '../data');
let session: Session;
let ingest: IngestController;

async function drop(path: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(join(DIR, path)));
  for (const f of [...ingest.files]) await ingest.remove(f.id);
  await ingest.addFiles([new File([bytes], path.split('/').pop()!)]);
}

const customers = async () =>
  toRows<{ customer_id: string; order_amount: number; orders: number }>(
    await session.engine!.query(`SELECT customer_id, CAST(order_amount AS DOUBLE) AS order_amount, CAST(order_count AS INTEGER) AS orders FROM customer_metrics ORDER BY customer_id`),
  );

beforeAll(async () => {
  session = new Session(openNodeEngine, async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  await session.start();
  ingest = new IngestController(session);
});
afterAll(async () => {
  await session.engine?.close();
});

const errors = () => ingest.problems.filter((p) => p.severity === 'error').map((p) => p.text.en);

describe('exports grade on the first drop', () => {
  it('a customer-level CRM report with a title row: one row per customer, the account code is the id', async () => {
    await drop('shapes/crm.csv');
    expect(errors()).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(ingest.choices[0]).toMatchObject({ role: 'customers' });
    expect(session.mapping.lines).toMatchObject({ customerId: 'Account Code', amount: 'Annual Revenue' });
    expect(ingest.problems.some((p) => p.severity === 'note' && p.text.en.includes('one row per customer'))).toBe(true);
    const rows = await customers();
    expect(rows.map((r) => r.customer_id)).toEqual(['AC-0001', 'AC-0002', 'AC-0003', 'AC-0004', 'AC-0005', 'AC-0006']);
    expect(rows[0]!.order_amount).toBe(1_250_000);
    expect(session.result!.totals.customers).toBe(6);
  });

  it('SAP billing documents: sold-to party, net value, cost of sales', async () => {
    await drop('shapes/sap_billing.csv');
    expect(errors()).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(session.mapping.lines).toMatchObject({ customerId: 'Sold-To Party', orderId: 'Billing Document', amount: 'Net Value', orderDate: 'Billing Date' });
    expect(session.result!.totals.customers).toBeGreaterThan(3);
  });

  it('a GB18030 Kingdee sales voucher: 客户代码 keeps its leading zeros, 本币无税金额 is the amount', async () => {
    await drop('shapes/销售出库单.csv');
    expect(errors()).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(session.mapping.lines).toMatchObject({ customerId: '客户代码', orderId: '单据编号', orderDate: '单据日期' });
    const rows = await customers();
    expect(rows.every((r) => /^0\d{4}$/u.test(r.customer_id))).toBe(true);
  });

  it('a wide monthly report is unpivoted: one order per month with an amount', async () => {
    await drop('shapes/2024年月度销售报表.csv');
    expect(errors()).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(session.mapping.lines.months?.length).toBe(12);
    const [c1] = await customers();
    expect(c1).toMatchObject({ customer_id: 'C0001', orders: 12 });
    expect(c1!.order_amount).toBe(1100 + 4662 + 516 + 2089 + 965 + 4058 + 3682 + 3868 + 3109 + 1719 + 768 + 3996);
  });

  it('the CDNOW log: space-aligned, no header, YYYYMMDD dates', async () => {
    await drop('cdnow/CDNOW_sample.txt');
    expect(errors()).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(ingest.files[0]!.loaded!.notices.map((w) => w.id)).toEqual(expect.arrayContaining(['spaceAligned', 'noHeader']));
    expect(session.result!.totals.customers).toBe(2357);
  });

  it('an orders file without any customer column says so and offers the pick, keeping the grading', async () => {
    const before = session.result;
    const text = 'Order,Date,Amount\nS1,2024-01-02,10\nS2,2024-01-03,20\n';
    for (const f of [...ingest.files]) await ingest.remove(f.id);
    await ingest.addFiles([new File([text], 'orders.csv')]);
    const err = ingest.problems.find((p) => p.severity === 'error');
    expect(err?.text.en).toContain('customer ID');
    expect(err?.fix).toMatchObject({ kind: 'field', field: 'customerId' });
    expect(session.result!.totals.customers).toBeGreaterThan(0);
    expect(before).not.toBeNull();
  });
});

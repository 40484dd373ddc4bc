// Bring your own data, in Chromium on the built site: a GB18030 CSV with
// Chinese headers and "¥1,234.50" amounts through the real file input, then an
// .xlsx customer master, then a broken file that must not disturb the grading.
// Expected grades come from the test's own arithmetic (reference-grading.ts).

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_CRM } from '../../src/model/config';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';
import { csvText, gb18030, parquetBytes, xlsxBytes } from '../support/fixtures-ingest';
import { referenceGrade } from '../support/reference-grading';


let app: OpenApp;
let w: WatchedPage;

// --- fixture data, deterministic -------------------------------------------------

let seed = 20250307;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const cents = (x: number) => Math.round(x * 100) / 100;
const yuan = (x: number) => `¥${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const SURNAMES = ['华东', '江南', '北方', '西部', '东海', '南粤', '中原', '天府', '齐鲁', '燕赵'];
const TRADES = ['机械', '电子', '物流', '矿业', '化工', '食品', '纺织', '建材'];
const N_ORDERING = 37;
const N_MASTER = 40; // three customers in the master have never ordered

interface Order {
  customer: string;
  name: string;
  order: string;
  date: string;
  amount: number;
  profit: number;
}

const customers = Array.from({ length: N_MASTER }, (_, i) => ({
  id: `C${String(i + 1).padStart(3, '0')}`,
  name: `${SURNAMES[i % SURNAMES.length]}${TRADES[i % TRADES.length]}${i + 1}号`,
  industry: TRADES[i % TRADES.length]!,
  region: ['华东', '华南', '华北', '西南'][i % 4]!,
}));

const orders: Order[] = [];
for (const c of customers.slice(0, N_ORDERING)) {
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const amount = cents(100 + rand() * 30000);
    const profit = cents(amount * (rand() * 0.4 - 0.1));
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    orders.push({ customer: c.id, name: c.name, order: `SO${orders.length + 1001}`, date: `2025/${month}/${day}`, amount, profit });
  }
}

const csv = csvText([['客户编号', '客户名称', '订单号', '订单日期', '销售额', '利润'], ...orders.map((o) => [o.customer, o.name, o.order, o.date, yuan(o.amount), o.profit.toFixed(2)])]);

/** Grades by the README's method, computed here from the fixture, not by the app's SQL. */
function expectedGrades(ids: string[], withProfit = true): { byId: Map<string, string>; counts: [string, string][] } {
  const sums = new Map(ids.map((id) => [id, { amount: 0, profit: 0 }]));
  for (const o of orders) {
    const s = sums.get(o.customer);
    if (!s) continue;
    s.amount += o.amount;
    s.profit += o.profit;
  }
  const ref = referenceGrade(
    ids.map((id) => ({ id, profit: withProfit ? sums.get(id)!.profit : null, values: { amount: sums.get(id)!.amount, profit: sums.get(id)!.profit } })),
    [{ key: 'amount', weight: 30, higherIsBetter: true }, ...(withProfit ? [{ key: 'profit', weight: 60, higherIsBetter: true }] : [])],
    CLASSIC_CRM.rule.grades,
  );
  const counts = CLASSIC_CRM.rule.grades.map((g) => [g.name, String(ref.filter((r) => r.grade === g.name).length)] as [string, string]);
  return { byId: new Map(ref.map((r) => [r.id, r.grade])), counts };
}

// --- page helpers ----------------------------------------------------------------

const gradeCounts = () =>
  w.page.$$eval('[data-testid="grade-table"] tbody tr', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-grade'), tr.querySelector('[data-testid="grade-count"]')?.textContent?.trim()]),
  );

const listedGrades = (): Promise<[string, string][]> =>
  w.page.$$eval('[data-testid="customer-list"] tbody tr', (trs) =>
    trs.map((tr) => [tr.querySelector('td:nth-child(2)')?.textContent?.trim() ?? '', tr.querySelector('td:nth-child(4)')?.textContent?.trim() ?? ''] as [string, string]),
  );

const idle = () => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });

/** Removes every file card, one at a time, waiting for the page after each. */
async function removeAllFiles(): Promise<void> {
  while ((await w.page.locator('[data-testid="file-card"]').count()) > 0) {
    const n = await w.page.locator('[data-testid="file-card"]').count();
    await w.page.locator('[data-testid="file-card"]').first().getByRole('button', { name: /移除|Remove/ }).click();
    await expect.poll(() => w.page.locator('[data-testid="file-card"]').count(), { timeout: 30_000 }).toBe(n - 1);
    await idle();
  }
}

async function setFiles(files: { name: string; mimeType: string; bytes: Uint8Array }[]): Promise<void> {
  await w.page.setInputFiles(
    '[data-testid="file-input"]',
    files.map((f) => ({ name: f.name, mimeType: f.mimeType, buffer: Buffer.from(f.bytes) })),
  );
}

const SAMPLE_COUNTS = [
  ['A', '159'],
  ['B', '238'],
  ['C', '237'],
  ['D', '159'],
];

beforeAll(async () => {
  app = await openBuiltApp('/ingest/');
  w = app.w;
});

afterAll(() => app?.close());

describe('bring your own data, in Chromium', () => {
  it('starts on the sample', async () => {
    expect(await gradeCounts()).toEqual(SAMPLE_COUNTS);
    expect(await w.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('sample');
  });

  it('grades a GB18030 CSV with Chinese headers and ¥ amounts dropped through the file input', async () => {
    const bytes = gb18030(csv);
    // The fixture really is GB18030, not UTF-8 in disguise.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    await setFiles([{ name: '销售订单.csv', mimeType: 'text/csv', bytes }]);

    const expected = expectedGrades(customers.slice(0, N_ORDERING).map((c) => c.id));
    await expect.poll(gradeCounts, { timeout: 60_000 }).toEqual(expected.counts);
    await idle();
    expect(expected.counts).toEqual([
      ['A', '7'],
      ['B', '12'],
      ['C', '11'],
      ['D', '7'],
    ]);
    expect(await w.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('files');
    expect(await w.page.textContent('[data-testid="total-customers"]')).toBe(String(N_ORDERING));

    const card = w.page.locator('[data-testid="file-card"][data-file="销售订单.csv"]');
    expect(await card.getAttribute('data-status')).toBe('ready');
    expect(await card.locator('[data-testid="file-encoding"]').textContent()).toBe('gb18030');
    expect(await card.locator('[data-testid="file-summary"]').textContent()).toContain(String(orders.length));
    // Every amount parsed: no failures in any column.
    expect(await card.locator('[data-testid="column-failed"]').allTextContents()).toEqual(['0', '0', '0', '0', '0', '0']);

    // The detected mapping, shown as selects.
    const table = w.page.locator('[data-testid="mapping-table"]');
    expect(await table.getAttribute('data-role')).toBe('lines');
    const fields = await table.locator('[data-testid="field-select"]').evaluateAll((ss) => ss.map((s) => [s.getAttribute('data-column'), (s as HTMLSelectElement).value]));
    expect(fields).toEqual([
      ['客户编号', 'customerId'],
      ['客户名称', 'customerName'],
      ['订单号', 'orderId'],
      ['订单日期', 'orderDate'],
      ['销售额', 'amount'],
      ['利润', 'profit'],
    ]);

    // Each customer's grade, as the reference computes it, and the name from the file.
    const listed = await listedGrades();
    expect(listed).toHaveLength(N_ORDERING);
    const names = await w.page.$$eval('[data-testid="customer-list"] tbody td:nth-child(3)', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(new Set(names)).toEqual(new Set(customers.slice(0, N_ORDERING).map((c) => c.name)));
    for (const [id, grade] of listed) expect([id, grade]).toEqual([id, expected.byId.get(id)]);
  });

  it('adds an .xlsx customer master: customers without orders are graded too', async () => {
    const xlsx = await xlsxBytes([
      { sheet: '客户档案', data: [['客户编号', '客户名称', '所属行业', '地区'], ...customers.map((c) => [c.id, c.name, c.industry, c.region])] },
    ]);
    await setFiles([{ name: '客户档案.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsx }]);
    const expected = expectedGrades(customers.map((c) => c.id));
    await expect.poll(gradeCounts, { timeout: 60_000 }).toEqual(expected.counts);
    await idle();
    expect(await w.page.textContent('[data-testid="total-customers"]')).toBe(String(N_MASTER));
    const roles = await w.page.locator('[data-testid="mapping-table"]').evaluateAll((ts) => ts.map((t) => [t.getAttribute('data-role')]));
    expect(roles).toEqual([['lines'], ['customers']]);
    // Names now come from the master.
    const names = await w.page.$$eval('[data-testid="customer-list"] tbody td:nth-child(3)', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(new Set(names)).toEqual(new Set(customers.map((c) => c.name)));
    const listed = await listedGrades();
    for (const [id, grade] of listed) expect([id, grade]).toEqual([id, expected.byId.get(id)]);
  });

  it('re-grades when a column’s field is changed in the mapping editor', async () => {
    const profit = w.page.locator('[data-testid="mapping-table"][data-role="lines"] [data-testid="field-select"][data-column="利润"]');
    await profit.selectOption('');
    // Without profit the score is the order amount alone.
    const amountOnly = expectedGrades(customers.map((c) => c.id), false);
    const full = expectedGrades(customers.map((c) => c.id));
    // The edit must make a difference the page can show.
    expect([...amountOnly.byId].filter(([id, g]) => full.byId.get(id) !== g).length).toBeGreaterThan(0);
    await expect.poll(async () => (await listedGrades()).every(([id, g]) => amountOnly.byId.get(id) === g), { timeout: 60_000 }).toBe(true);
    await idle();
    await profit.selectOption('profit');
    await expect.poll(async () => (await listedGrades()).every(([id, g]) => full.byId.get(id) === g), { timeout: 60_000 }).toBe(true);
    await idle();
  });

  it('reloads a file with another encoding, keeping the grading while the text is wrong', async () => {
    const before = await gradeCounts();
    const card = w.page.locator('[data-testid="file-card"][data-file="销售订单.csv"]');
    await card.locator('[data-testid="encoding-select"]').selectOption('utf-8');
    // Read as UTF-8 the headers are garbage: no customer id, no amount; grading is not touched.
    await w.page.locator('[data-testid="mapping-problem"][data-severity="error"]').first().waitFor({ timeout: 30_000 });
    await idle();
    expect(await card.locator('[data-testid="file-encoding"]').textContent()).toBe('utf-8');
    expect(await gradeCounts()).toEqual(before);
    await card.locator('[data-testid="encoding-select"]').selectOption('');
    await expect.poll(() => w.page.locator('[data-testid="mapping-problem"][data-severity="error"]').count(), { timeout: 30_000 }).toBe(0);
    await idle();
    expect(await card.locator('[data-testid="file-encoding"]').textContent()).toBe('gb18030');
    expect(await gradeCounts()).toEqual(before);
    const full = expectedGrades(customers.map((c) => c.id));
    for (const [id, grade] of await listedGrades()) expect([id, grade]).toEqual([id, full.byId.get(id)]);
  });

  it('takes a table pasted from Excel, and says when two tables claim the same role', async () => {
    const before = await gradeCounts();
    const tsv = ['客户编号\t满意度', ...customers.slice(0, 5).map((c, i) => `${c.id}\t${(3 + i * 0.4).toFixed(1)}`)].join('\n');
    await w.page.locator('[data-testid="paste-area"]').evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, tsv);
    const card = w.page.locator('[data-testid="file-card"][data-file="paste.tsv"]');
    await card.waitFor({ timeout: 30_000 });
    await w.page.locator('[data-testid="mapping-problem"][data-severity="error"]').first().waitFor({ timeout: 30_000 });
    await idle();
    expect(await card.getAttribute('data-status')).toBe('ready');
    expect(await w.page.locator('[data-testid="mapping-problem"][data-severity="error"]').first().textContent()).toContain('客户档案');
    expect(await gradeCounts()).toEqual(before);
    // Removing the pasted table clears the problem.
    await card.getByRole('button').click();
    await expect.poll(() => w.page.locator('[data-testid="file-card"][data-file="paste.tsv"]').count(), { timeout: 30_000 }).toBe(0);
    await idle();
    expect(await w.page.locator('[data-testid="mapping-problem"][data-severity="error"]').allTextContents()).toEqual([]);
    expect(await gradeCounts()).toEqual(before);
  });

  it('shows a broken file’s error at the file and keeps the grading', async () => {
    const before = await gradeCounts();
    const binary = new Uint8Array(4096);
    binary.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (let i = 8; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    await setFiles([{ name: 'broken.csv', mimeType: 'text/csv', bytes: binary }]);
    const card = w.page.locator('[data-testid="file-card"][data-file="broken.csv"]');
    await card.locator('[data-testid="file-error"]').waitFor({ timeout: 30_000 });
    await idle();
    expect(await card.getAttribute('data-status')).toBe('error');
    expect(await card.locator('[data-testid="file-error"]').textContent()).toContain('broken.csv');
    expect(await gradeCounts()).toEqual(before);
    expect(await w.page.locator('[data-testid="file-card"][data-status="ready"]').count()).toBe(2);
    mkdirSync('test-results', { recursive: true });
    await w.page.locator('#data').screenshot({ path: 'test-results/ingest-data.png' });
    expect(await w.page.getAttribute('[data-testid="status"]', 'data-phase')).toBe('ready');
  });

  it('goes back to the sample', async () => {
    await w.page.click('[data-testid="back-to-sample"]');
    await expect.poll(gradeCounts, { timeout: 60_000 }).toEqual(SAMPLE_COUNTS);
    await idle();
    expect(await w.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('sample');
  });

  it('grades a Parquet export, read into DuckDB-WASM as Arrow columns', async () => {
    await removeAllFiles();
    const day = (d: string) => {
      const [y, m, dd] = d.split('/').map(Number);
      return new Date(Date.UTC(y!, m! - 1, dd!));
    };
    const bytes = parquetBytes([
      { name: '客户编号', data: orders.map((o) => o.customer), type: 'STRING' },
      { name: '客户名称', data: orders.map((o) => o.name), type: 'STRING' },
      { name: '订单号', data: orders.map((o) => o.order), type: 'STRING' },
      { name: '订单日期', data: orders.map((o) => day(o.date)), type: 'TIMESTAMP' },
      { name: '销售额', data: orders.map((o) => o.amount), type: 'DOUBLE' },
      { name: '利润', data: orders.map((o) => o.profit), type: 'DOUBLE' },
    ]);
    await setFiles([{ name: '销售订单.parquet', mimeType: 'application/vnd.apache.parquet', bytes }]);
    const expected = expectedGrades(customers.slice(0, N_ORDERING).map((c) => c.id));
    await expect.poll(gradeCounts, { timeout: 60_000 }).toEqual(expected.counts);
    await idle();
    const card = w.page.locator('[data-testid="file-card"][data-file="销售订单.parquet"]');
    expect(await card.getAttribute('data-status')).toBe('ready');
    expect(await card.locator('[data-testid="column-failed"]').allTextContents()).toEqual(['0', '0', '0', '0', '0', '0']);
    for (const [id, grade] of await listedGrades()) expect([id, grade]).toEqual([id, expected.byId.get(id)]);
    // The Data step's SQL says how the file came in: Arrow columns, not text.
    const step = w.page.locator('#data');
    await step.locator('[data-testid="sql-toggle"]').first().click();
    expect(await step.locator('[data-testid="sql-text"]').first().textContent()).toMatch(/read in JS \(hyparquet\) and handed to DuckDB as Arrow columns\nCREATE TEMP TABLE/);
    await step.locator('[data-testid="sql-toggle"]').first().click();
  });

  it('takes several files dropped at once on the drop zone: English headers, $ amounts and a cost column', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `CU-${1000 + i * 7}`);
    const rows: { id: string; order: string; revenue: number; cost: number }[] = [];
    ids.slice(0, 20).forEach((id, i) => {
      for (let k = 0; k <= i % 3; k++) {
        const revenue = cents(50 + rand() * 5000);
        rows.push({ id, order: `US-${i}-${k}`, revenue, cost: cents(revenue * (0.6 + rand() * 0.5)) });
      }
    });
    const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const ordersCsv = csvText([['Order ID', 'Customer ID', 'Order Date', 'Revenue', 'COGS'], ...rows.map((r, i) => [r.order, r.id, `3/${1 + (i % 28)}/2025`, usd(r.revenue), r.cost.toFixed(2)])]);
    const customersCsv = csvText([['Customer ID', 'Customer Name', 'Industry'], ...ids.map((id, i) => [id, `Company ${i}`, i % 2 ? 'Retail' : 'Energy'])]);

    // Start afresh: remove the files of the earlier tests.
    await removeAllFiles();
    expect(await gradeCounts()).toEqual(SAMPLE_COUNTS);
    await w.page.locator('[data-testid="drop-zone"]').evaluate(
      (zone, files) => {
        const data = new DataTransfer();
        for (const f of files) data.items.add(new File([f.text], f.name, { type: 'text/csv' }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      [
        { name: 'orders.csv', text: ordersCsv },
        { name: 'customers.csv', text: customersCsv },
      ],
    );
    // Profit is revenue minus cost, per customer, computed here.
    const sums = new Map(ids.map((id) => [id, { amount: 0, profit: 0 }]));
    for (const r of rows) {
      sums.get(r.id)!.amount += r.revenue;
      sums.get(r.id)!.profit += r.revenue - r.cost;
    }
    const ref = referenceGrade(
      ids.map((id) => ({ id, profit: sums.get(id)!.profit, values: { amount: sums.get(id)!.amount, profit: sums.get(id)!.profit } })),
      [
        { key: 'amount', weight: 30, higherIsBetter: true },
        { key: 'profit', weight: 60, higherIsBetter: true },
      ],
      CLASSIC_CRM.rule.grades,
    );
    const counts = CLASSIC_CRM.rule.grades.map((g) => [g.name, String(ref.filter((r) => r.grade === g.name).length)]);
    await expect.poll(gradeCounts, { timeout: 60_000 }).toEqual(counts);
    await idle();
    expect(await w.page.textContent('[data-testid="total-customers"]')).toBe('23');
    const byId = new Map(ref.map((r) => [r.id, r.grade]));
    for (const [id, grade] of await listedGrades()) expect([id, grade]).toEqual([id, byId.get(id)]);
    // The sample's own tables keep their names; the dropped files got their own.
    const roles = await w.page.locator('[data-testid="mapping-table"]').evaluateAll((ts) => ts.map((t) => [t.getAttribute('data-table'), t.getAttribute('data-role')]));
    expect(roles).toContainEqual(['orders_2', 'lines']);
    expect(roles).toContainEqual(['customers_2', 'customers']);
  });

  it('made no request to another origin, hit no missing file and logged no console error', async () => {
    mkdirSync('test-results', { recursive: true });
    await w.page.screenshot({ path: 'test-results/ingest.png', fullPage: true });
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

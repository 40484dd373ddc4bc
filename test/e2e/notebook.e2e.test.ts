// The notebook in Chromium: cells in order with a table of contents, collapsing
// and their SQL; an analyst's SQL cell added, run, charted, sorted, downloaded,
// failing on its own and cancelled; the grade policy and the queues on the sample.

import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatchedPage, type WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
let w: WatchedPage;

beforeAll(async () => {
  app = await openBuiltApp('/note/book/', '[data-testid="complaint-queue"]');
  w = app.w;
  mkdirSync('test-results', { recursive: true });
});
afterAll(() => app?.close());

const counts = () => w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => Number(t.textContent?.replace(/\D/g, ''))));
const cellAt = (i: number) => w.page.locator('[data-testid="sql-cell"]').nth(i);

describe('the notebook in Chromium', () => {
  it('reads as ordered cells with a table of contents', async () => {
    const { page } = w;
    await expect.poll(() => page.getAttribute('[data-testid="status"]', 'data-phase'), { timeout: 30_000 }).toBe('ready');
    const ids = await page.$$eval('main > section.step', (ss) => ss.map((s) => s.id));
    expect(ids).toEqual(['data', 'mapping', 'score', 'weights', 'grades', 'charts', 'value', 'movers', 'history', 'customers', 'policy', 'queues', 'cells']);
    const toc = await page.$$eval('[data-testid="toc"] > ol > li > a', (as) => as.map((a) => a.getAttribute('href')));
    expect(toc).toEqual(ids.map((id) => `#${id}`));
    // A contents link scrolls to its cell and leaves the scenario in the address bar.
    const before = page.url();
    await page.click('[data-testid="toc"] a[href="#queues"]');
    await expect.poll(() => page.evaluate(() => Math.round(document.getElementById('queues')!.getBoundingClientRect().top))).toBeLessThan(40);
    expect(page.url()).toBe(before);
    expect(page.url()).toContain('#s=');
  });

  it('collapses a cell and opens it again', async () => {
    const charts = w.page.locator('#charts');
    await charts.locator('[data-testid="cell-collapse"]').click();
    expect(await charts.getAttribute('data-collapsed')).toBe('true');
    expect(await charts.locator('[data-testid="value-charts"]').count()).toBe(0);
    await charts.locator('[data-testid="cell-collapse"]').click();
    await charts.locator('[data-testid="value-charts"]').waitFor();
    expect(await charts.locator('[data-testid="cell-collapse"]').getAttribute('aria-expanded')).toBe('true');
  });

  it('shows the exact SQL of the policy and the queues', async () => {
    const policy = w.page.locator('#policy');
    await policy.locator(':scope > div > .sql [data-testid="sql-toggle"]').click();
    const text = await policy.locator(':scope > div > .sql [data-testid="sql-text"]').textContent();
    expect(text).toContain('CREATE OR REPLACE VIEW "grade_policy"');
    expect(text).toContain('CREATE OR REPLACE VIEW "customer_actions"');
    const queues = w.page.locator('#queues');
    await queues.locator(':scope > div > .sql [data-testid="sql-toggle"]').click();
    expect(await queues.locator(':scope > div > .sql [data-testid="sql-text"]').textContent()).toContain('CREATE OR REPLACE VIEW "complaint_queue"');
    for (const step of [policy, queues]) await step.locator(':scope > div > .sql [data-testid="sql-toggle"]').click();
    expect(await w.page.locator('#policy [data-testid="sql-text"], #queues [data-testid="sql-text"]').count()).toBe(0);
  });

  it('adds a SQL cell, runs it with Ctrl+Enter, shows the table and a chart', async () => {
    const { page } = w;
    await page.click('[data-testid="add-cell"]');
    const cell = cellAt(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cell-sql');
    expect(await cell.locator('textarea').inputValue()).toContain('FROM customers_graded');
    await page.keyboard.press('Control+Enter');
    const table = cell.locator('[data-testid="result-table"]');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('tbody tr[data-row]').count()).toBe(4);
    expect(await table.locator('tbody tr[data-row] td:nth-child(2)').allTextContents()).toEqual(['159', '238', '237', '159']);
    const chart = cell.locator('[data-testid="cell-chart"][data-rendered="true"] svg.marks');
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.locator('.mark-rect path').count()).toBe(4);
    // The whole notebook with a first SQL cell, for a person to look at (and the README's screenshot).
    await expect.poll(() => page.locator('[data-testid="value-chart"][data-rendered="false"]').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/notebook-zh.png', fullPage: true });
    expect(await cell.locator('[data-testid="chart-mark"] option:checked').textContent()).toContain('柱状图');
    // The analyst picks another chart: points of profit against customers.
    await cell.locator('[data-testid="chart-mark"]').selectOption('point');
    await cell.locator('[data-testid="chart-x"]').selectOption('customers');
    await cell.locator('[data-testid="chart-y"]').selectOption('profit');
    await expect.poll(() => cell.locator('[data-testid="cell-chart"] svg.marks .mark-symbol path').count(), { timeout: 30_000 }).toBe(4);
    await cell.locator('[data-testid="chart-mark"]').selectOption('auto');
    await cell.screenshot({ path: 'test-results/notebook-cell.png' });
  });

  it('shows DuckDB’s message at a failing cell and leaves the rest alone', async () => {
    const { page } = w;
    await page.click('[data-testid="add-cell"]');
    const bad = cellAt(1);
    await bad.locator('textarea').fill('SELECT grade, nonsense FROM customers_graded');
    await bad.locator('[data-testid="cell-run"]').click();
    await expect.poll(() => bad.locator('[data-testid="cell-error"]').textContent()).toMatch(/Binder Error: Referenced column "nonsense" not found/);
    await bad.locator('textarea').fill('DROP TABLE customers_graded');
    await bad.locator('[data-testid="cell-run"]').click();
    await expect.poll(() => bad.locator('[data-testid="cell-error"]').getAttribute('data-kind')).toBe('refused');
    expect(await bad.locator('[data-testid="cell-error"]').textContent()).toContain('DROP');
    // The first cell, the grading and the page are untouched.
    expect(await cellAt(0).locator('[data-testid="result-table"] tbody tr[data-row]').count()).toBe(4);
    expect(await counts()).toEqual([159, 238, 237, 159]);
    expect(await page.locator('[data-testid="error"]').count()).toBe(0);
  });

  it('keeps only the visible rows of a large result in the page, sorts it and counts the rest', async () => {
    const bad = cellAt(1);
    await bad.locator('textarea').fill('SELECT range AS n, range % 3 AS k FROM range(50000)');
    await bad.locator('[data-testid="cell-run"]').click();
    const count = bad.locator('[data-testid="result-count"]');
    await expect.poll(() => count.textContent()).toMatch(/10,000.*50,000/);
    const rows = bad.locator('[data-testid="result-table"] tbody tr[data-row]');
    expect(await rows.count()).toBeLessThan(60);
    // Sorted descending by n (two clicks), the first row is the largest shown.
    await bad.locator('button[data-column="n"]').click();
    await bad.locator('button[data-column="n"]').click();
    await expect.poll(() => bad.locator('th[aria-sort="descending"] button').getAttribute('data-column')).toBe('n');
    expect(await rows.first().locator('td').first().textContent()).toBe('9,999');
    // Scrolled to the end, the last rows are drawn and the rest are not.
    await bad.locator('[role="region"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => rows.last().getAttribute('data-row')).toBe('0');
    expect(await rows.count()).toBeLessThan(60);
  });

  it('downloads every row of a cell as CSV', async () => {
    const cell = cellAt(1);
    await cell.locator('[data-testid="cell-title"]').fill('范围');
    const [download] = await Promise.all([w.page.waitForEvent('download'), cell.locator('[data-testid="cell-download"]').click()]);
    expect(download.suggestedFilename()).toBe('tierscope-范围.csv');
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(50_001);
    expect(lines[0]).toBe('n,k');
  });

  it('cancels a long query and stays usable', async () => {
    const cell = cellAt(1);
    await cell.locator('textarea').fill('SELECT sum(hash(a.range + b.range)) AS h FROM range(1000000) a, range(1000000) b');
    await cell.locator('[data-testid="cell-run"]').click();
    await expect.poll(() => cell.getAttribute('data-status')).toBe('running');
    // While it runs on its own connection, the grading still answers: a new weight regrades.
    const weight = w.page.locator('#weights [data-testid="weight-input-orderAmount"]');
    await weight.fill('45');
    await weight.press('Enter');
    await expect.poll(() => w.page.locator('[data-testid="weight-share-orderAmount"]').textContent()).not.toMatch(/^33/);
    await expect.poll(async () => `${await w.page.getAttribute('[data-testid="status"]', 'data-phase')}/${await w.page.getAttribute('[data-testid="status"]', 'data-settled')}`).toBe('ready/true');
    expect(await cell.getAttribute('data-status')).toBe('running');
    await cell.locator('[data-testid="cell-cancel"]').click();
    await expect.poll(() => cell.locator('[data-testid="cell-error"]').getAttribute('data-kind'), { timeout: 60_000 }).toBe('cancelled');
    // The engine answers again: the first cell re-runs.
    await cellAt(0).locator('[data-testid="cell-run"]').click();
    await expect.poll(() => cellAt(0).getAttribute('data-status')).toBe('done');
    await expect.poll(() => cellAt(0).locator('[data-testid="result-table"] tbody tr[data-row]').count()).toBe(4);
    await weight.fill('30');
    await weight.press('Enter');
    await expect.poll(async () => `${await w.page.getAttribute('[data-testid="status"]', 'data-phase')}/${await w.page.getAttribute('[data-testid="status"]', 'data-settled')}`).toBe('ready/true');
  });

  it('moves and deletes cells', async () => {
    await cellAt(1).locator('[data-testid="cell-up"]').click();
    await expect.poll(() => cellAt(0).locator('[data-testid="cell-title"]').inputValue()).toBe('范围');
    await cellAt(0).locator('[data-testid="cell-delete"]').click();
    await expect.poll(() => w.page.locator('[data-testid="sql-cell"]').count()).toBe(1);
  });
});

describe('grade policy and queues in Chromium', () => {
  it('edits a grade’s response time and the delay report follows', async () => {
    const { page } = w;
    const lateA = page.locator('[data-testid="delay-report"] tr[data-grade="A"] [data-testid="delay-late"]');
    expect(Number(await lateA.textContent())).toBeGreaterThan(0);
    const input = page.locator('[data-testid="policy-table"] tr[data-grade="A"] [data-testid="policy-responseDays"]');
    await input.fill('365');
    await input.press('Enter');
    await expect.poll(() => lateA.textContent()).toBe('0');
    await input.fill('3');
    await input.press('Enter');
    await expect.poll(async () => Number(await lateA.textContent())).toBeGreaterThan(0);
    await page.locator('#policy').screenshot({ path: 'test-results/notebook-policy.png' });
  });

  it('lists open complaints by grade', async () => {
    const grades = await w.page.$$eval('[data-testid="complaint-queue"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-grade')));
    expect(grades.length).toBeGreaterThan(5);
    const order = grades.map((g) => (g ? 'ABCD'.indexOf(g) : 9));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('allocates a scarce material in grade order and shows who is short', async () => {
    const { page } = w;
    const available = page.locator('[data-testid="alloc-available"]');
    await available.fill('0');
    await available.press('Enter');
    const rows = page.locator('[data-testid="allocation-table"] tbody tr');
    await expect.poll(async () => (await page.$$eval('[data-testid="allocation-table"] tbody tr', (trs) => trs.every((tr) => tr.getAttribute('data-short') === 'true')))).toBe(true);
    await available.fill('100000');
    await available.press('Enter');
    await expect.poll(() => page.locator('[data-testid="allocation-table"] tbody tr[data-short="true"]').count()).toBe(0);
    expect(await rows.count()).toBeGreaterThan(3);
    await available.fill('100');
    await available.press('Enter');
    await expect.poll(() => page.locator('[data-testid="allocation-table"] tbody tr[data-short="true"]').count()).toBeGreaterThan(0);
    // The short orders are the last ones in the queue.
    const flags = await page.$$eval('[data-testid="allocation-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-short') === 'true'));
    expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
    await page.locator('#queues').screenshot({ path: 'test-results/notebook-queues.png' });
  });

  it('exports the account managers’ worklist', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('[data-testid="export-worklist"]')]);
    expect(download.suggestedFilename()).toBe('tierscope-客户行动清单.csv');
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(794);
    expect(lines[0]).toMatch(/^等级,客户编号,客户名称,业务员,客户经理,最后下单,上次拜访,下次拜访/);
  });

  it('reopens the cells and the policy from the link', async () => {
    const input = w.page.locator('[data-testid="policy-table"] tr[data-grade="B"] [data-testid="policy-paymentTermsDays"]');
    await input.fill('50');
    await input.press('Enter');
    await expect.poll(() => w.page.url()).toContain('#s=');
    const url = w.page.url();
    const other = await openWatchedPage(app.browser, new URL(app.server.url).origin, 'en-US');
    try {
      await other.page.goto(url);
      const cell = other.page.locator('[data-testid="sql-cell"]');
      await cell.locator('[data-testid="result-table"]').waitFor({ timeout: 90_000 });
      expect(await cell.locator('textarea').inputValue()).toContain('FROM customers_graded');
      expect(await other.page.inputValue('[data-testid="policy-table"] tr[data-grade="B"] [data-testid="policy-paymentTermsDays"]')).toBe('50');
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('offers to run the grade history at a cell that reads it before it exists, and shows the cell’s rows once it ran', async () => {
    const { page } = w;
    const n = await page.locator('[data-testid="sql-cell"]').count();
    await page.click('[data-testid="add-cell"]');
    const cell = cellAt(n);
    await cell.locator('textarea').fill('SELECT period_index, count(*) AS customers FROM history_grades GROUP BY ALL ORDER BY period_index');
    await cell.locator('[data-testid="cell-run"]').click();
    await expect.poll(() => cell.locator('[data-testid="cell-error"]').getAttribute('data-kind'), { timeout: 30_000 }).toBe('historyNotRun');
    await cell.locator('[data-testid="cell-run-history"]').click();
    // The history grades its 16 quarter ends, and the cell runs again by itself.
    const rows = cell.locator('[data-testid="result-table"] tbody tr[data-row]');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(16);
    expect(await cell.locator('[data-testid="cell-error"]').count()).toBe(0);
    await expect.poll(() => page.getAttribute('[data-testid="history-step"]', 'data-state')).toBe('ready');
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

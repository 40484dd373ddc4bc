// The built site, served under a sub-path with no special headers, in real Chromium.

import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_CRM } from '../../src/model/config';
import { buildGradingSql } from '../../src/pipeline/run-grading';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';


let app: OpenApp;
let w: WatchedPage;

beforeAll(async () => {
  app = await openBuiltApp('/some/path/');
  w = app.w;
});

afterAll(() => app?.close());

describe('Tierscope on the bundled sample, in Chromium', () => {
  it('grades the sample A 159 / B 238 / C 237 / D 159', async () => {
    const rows = await w.page.$$eval('[data-testid="grade-table"] tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-grade'), tr.querySelector('[data-testid="grade-count"]')?.textContent?.trim()]),
    );
    expect(rows).toEqual([
      ['A', '159'],
      ['B', '238'],
      ['C', '237'],
      ['D', '159'],
    ]);
    expect(await w.page.textContent('[data-testid="total-customers"]')).toBe('793');
    // After the first grading the baseline is pinned (one more quick grading): wait until all is done.
    await expect.poll(() => w.page.getAttribute('[data-testid="status"]', 'data-phase'), { timeout: 30_000 }).toBe('ready');
  });

  it('draws the pyramid pair with Vega-Lite', async () => {
    await w.page.waitForSelector('[data-testid="chart"][data-rendered="true"] svg', { timeout: 30_000 });
    // 4 grades × 2 panels of bars, and their labels.
    const bars = await w.page.$$('[data-testid="chart"] svg .mark-rect path');
    expect(bars.length).toBe(8);
    const labels = await w.page.$$eval('[data-testid="chart"] svg .mark-text text', (ts) => ts.map((t) => t.textContent));
    expect(labels.filter((l) => l?.includes('%'))).toHaveLength(8);
    // For a person to look at (the README's screenshot comes from notebook.e2e.test.ts, with a SQL cell).
    mkdirSync('test-results', { recursive: true });
    await w.page.screenshot({ path: 'test-results/sample-zh.png', fullPage: true });
  });

  it('says that credit is missing from the data', async () => {
    expect(await w.page.locator('[data-testid="missing-metric"]').count()).toBe(1);
  });

  it('shows the exact SQL that graded the customers', async () => {
    const step = w.page.locator('#score');
    await step.locator('[data-testid="sql-toggle"]').click();
    const shown = await step.locator('[data-testid="sql-text"]').textContent();
    // The sample's value fit gives the predicted metrics: the metrics SQL joins customer_value.
    const { sql } = buildGradingSql(SAMPLE_MAPPING, CLASSIC_CRM, { value: { fit: null, reasons: [], table: 'customer_value', availability: { amount: true, profit: true } } });
    expect(shown).toBe(`${sql.metrics}\n\n${sql.norms}\n\n${sql.grade}`);
  });

  it('sorts the customer list by a column header, 100 rows at a time', async () => {
    const list = w.page.locator('[data-testid="customer-list"]');
    expect(await list.locator('tbody tr').count()).toBe(100);
    await list.locator('button[data-column="profit"]').click();
    await expect.poll(() => list.locator('th[aria-sort="descending"] button').getAttribute('data-column')).toBe('profit');
    const profits = await list.locator('tbody tr td:nth-child(7)').allTextContents();
    const values = profits.map((p) => Number(p.replace(/[^\d.-]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await list.locator('button[data-column="profit"]').click();
    await expect.poll(() => list.locator('th[aria-sort="ascending"] button').getAttribute('data-column')).toBe('profit');
    const first = await list.locator('tbody tr td:nth-child(7)').first().textContent();
    expect(first?.trim().startsWith('-')).toBe(true);
  });

  it('exports every graded customer as a CSV Excel reads (BOM, headers in the page language, one row per customer)', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toBe('tierscope-客户分级.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF客户编号,客户名称,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(794);
    expect(lines[0]).toContain(',自动等级序号,自动等级,最终等级序号,最终等级,已人工调整,调整原因');
  });

  it('switches language without losing the grading', async () => {
    await w.page.getByRole('button', { name: 'English' }).click();
    await w.page.waitForSelector('text=Share of profit');
    const counts = await w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(counts).toEqual(['159', '238', '237', '159']);
  });

  it('credits the sample data', async () => {
    expect(await w.page.textContent('[data-testid="attribution"]')).toContain('Tableau');
  });

  it('made no request to another origin, hit no missing file and logged no console error', async () => {
    mkdirSync('test-results', { recursive: true });
    await w.page.screenshot({ path: 'test-results/sample.png', fullPage: true });
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

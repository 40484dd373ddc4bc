// The grade history in Chromium on the sample: grade every quarter end, see the stability
// table, the average transition matrix and the sliding list; open a customer and see its
// grade path in the detail and the list; a manual adjustment dated in the past shows from
// that period on; a yearly step on the sample still works, and the page recovers.

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
beforeAll(async () => {
  app = await openBuiltApp('/grade/history/');
});
afterAll(() => app?.close());

const runs = () => app.w.page.getAttribute('[data-testid="history-step"]', 'data-runs').then(Number);
const state = () => app.w.page.getAttribute('[data-testid="history-step"]', 'data-state');

describe('the grade history in Chromium', () => {
  it('grades every quarter end and shows the stability, the average matrix and who is sliding', async () => {
    const { page } = app.w;
    await page.locator('#history').scrollIntoViewIfNeeded();
    expect(await state()).toBe('none');
    await page.click('[data-testid="history-run"]');
    await expect.poll(state, { timeout: 90_000 }).toBe('ready');
    // The sample's orders run from 2012 to 2015: 16 quarter ends back from the last order.
    expect(await page.textContent('[data-testid="history-status"]')).toMatch(/16/);
    const pairs = await page.$$eval('[data-testid="history-stability"] tbody tr', (trs) => trs.length);
    expect(pairs).toBe(15);
    const kept = await page.$$eval('[data-testid="history-kept"]', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(kept.every((k) => /%/.test(k))).toBe(true);
    // Rows of the average matrix are shares of one grade's next-period grades: each adds up to 100 %.
    const rowSums = await page.$$eval('[data-testid="history-average"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('[data-testid="history-average-cell"] div:first-child')].reduce((s, d) => s + Number((d.textContent ?? '').replace(/[^\d.]/g, '')), 0)),
    );
    for (const s of rowSums) expect(s).toBeGreaterThan(99.5), expect(s).toBeLessThan(100.5);
    await page.waitForSelector('[data-testid="history-mix-chart"] svg');
    const sliding = Number(await page.getAttribute('[data-testid="history-sliding"]', 'data-count'));
    expect(sliding).toBeGreaterThan(0);
    const reasons = await page.$$eval('[data-testid="history-sliding-reason"]', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(reasons.every((r) => /(订货金额|利润|Order amount|Profit)/.test(r))).toBe(true);
    await page.locator('#history').screenshot({ path: join(tmpdir(), 'tierscope-history.png') });
  });

  it('exports each customer’s grade per quarter end with the graded customers', async () => {
    const { page } = app.w;
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    const lines = readFileSync((await d.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const at = header.indexOf('逐期等级（分级历史）');
    expect(at).toBeGreaterThan(0);
    expect(lines).toHaveLength(794);
    for (const l of lines.slice(1, 50)) expect(l.split(',')[at]).toMatch(/^[A-D](→[A-D]){15}$/);
  });

  it('opens a sliding customer with its grade path, and shows paths in the list', async () => {
    const { page } = app.w;
    const first = page.locator('[data-testid="history-sliding-row"] button').first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await page.waitForSelector('[data-testid="customer-detail"]');
    expect(await page.textContent('[data-testid="customer-detail"] h3')).toContain(name);
    const cells = page.locator('[data-testid="detail-timeline"] [data-testid="grade-strip"] .cell');
    await expect.poll(() => cells.count(), { timeout: 10_000 }).toBe(16);
    // A sliding customer's last grade is lower than three periods before.
    const letters = await cells.allTextContents();
    expect(letters.at(-1)! > letters.at(-4)!).toBe(true);
    expect(letters.at(-1)).toBe((await page.textContent('[data-testid="detail-grade"]'))!.trim());
    const listStrips = await page.$$eval('[data-testid="customer-list"] tbody [data-testid="grade-strip"]', (ss) => ss.length);
    expect(listStrips).toBeGreaterThan(10);
    await page.locator('[data-testid="customer-detail"]').screenshot({ path: join(tmpdir(), 'tierscope-timeline.png') });
  });

  it('counts a dated adjustment from its period on, and follows the grading', async () => {
    const { page } = app.w;
    const before = await runs();
    await page.selectOption('[data-testid="adjust-grade"]', 'A');
    await page.fill('[data-testid="adjust-reason"]', '战略客户');
    await page.fill('[data-testid="adjust-author"]', '王经理');
    await page.fill('[data-testid="adjust-from"]', '2015-01-01');
    await page.click('[data-testid="adjust-submit"]');
    // The history follows the new grading by itself.
    await expect.poll(runs, { timeout: 90_000 }).toBeGreaterThan(before);
    await expect.poll(state, { timeout: 90_000 }).toBe('ready');
    const cells = page.locator('[data-testid="detail-timeline"] [data-testid="grade-strip"] .cell');
    await expect.poll(async () => (await cells.allTextContents()).slice(-4).join(''), { timeout: 10_000 }).toBe('AAAA');
    const adjusted = await page.$$eval('[data-testid="detail-timeline"] .cell', (cs) => cs.map((c) => c.classList.contains('adjusted')));
    // The sample's orders end in 2015: 2015-Q1 … 2015-Q4 end on or after 2015-01-01; 2014-Q4 does not.
    expect(adjusted.slice(-5)).toEqual([false, true, true, true, true]);
  });

  it('stops following the gradings when asked, says the history is from an earlier grading, and follows again', async () => {
    const { page } = app.w;
    await expect.poll(state, { timeout: 90_000 }).toBe('ready');
    expect(await page.isChecked('[data-testid="history-follow"]')).toBe(true);
    await page.uncheck('[data-testid="history-follow"]');
    const before = await runs();
    const graded = () => page.getAttribute('[data-testid="status"]', 'data-graded').then(Number);
    const g0 = await graded();
    // A new grading (the profit weight moved) no longer grades the history again.
    await page.fill('[data-testid="weight-input-profit"]', '40');
    await page.locator('[data-testid="weight-input-profit"]').dispatchEvent('change');
    await expect.poll(graded, { timeout: 60_000 }).toBeGreaterThan(g0);
    await page.waitForTimeout(1500);
    expect(await runs()).toBe(before);
    expect(await page.textContent('[data-testid="history-status"]')).toMatch(/(未更新|not updated since)/);
    // Ticked again: it grades now and follows from then on.
    await page.check('[data-testid="history-follow"]');
    await expect.poll(runs, { timeout: 90_000 }).toBeGreaterThan(before);
    await expect.poll(state, { timeout: 90_000 }).toBe('ready');
    expect(await page.textContent('[data-testid="history-status"]')).toMatch(/(每次分级后自动更新|Updates after every grading)/);
  });

  it('grades yearly with a 12-month window, and says when the step leaves one period only', async () => {
    const { page } = app.w;
    await page.selectOption('[data-testid="history-period-step"]', 'year');
    await expect.poll(state, { timeout: 90_000 }).toBe('ready');
    expect(await page.$$eval('[data-testid="history-stability"] tbody tr', (trs) => trs.length)).toBe(3);
    await page.fill('[data-testid="history-periods"]', '1');
    await page.locator('[data-testid="history-periods"]').dispatchEvent('change');
    // 1 is below the minimum: the setting is refused, the history stays.
    expect(await state()).toBe('ready');
    await page.selectOption('[data-testid="history-period-step"]', 'quarter');
    await expect.poll(() => page.$$eval('[data-testid="history-stability"] tbody tr', (trs) => trs.length), { timeout: 90_000 }).toBe(15);
  });

  it('keeps its settings with the session: after a reload the history is back, as it was set', async () => {
    const { page } = app.w;
    await page.selectOption('[data-testid="history-period-step"]', 'year');
    await expect.poll(() => page.$$eval('[data-testid="history-stability"] tbody tr', (trs) => trs.length), { timeout: 90_000 }).toBe(3);
    // The kept session is written a moment after a change.
    await page.waitForTimeout(1500);
    await page.reload();
    await expect.poll(state, { timeout: 120_000 }).toBe('ready');
    expect(await page.inputValue('[data-testid="history-period-step"]')).toBe('year');
    expect(await page.$$eval('[data-testid="history-stability"] tbody tr', (trs) => trs.length)).toBe(3);
    expect(app.w.consoleErrors).toEqual([]);
    expect(app.w.foreignRequests).toEqual([]);
  });
});

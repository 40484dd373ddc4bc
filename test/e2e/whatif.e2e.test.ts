// What-if in Chromium: drag a weight slider with the mouse and watch customers
// change grade; adjust a grade by hand; save a scenario and reopen it from its link.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatchedPage, type WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';
import type { StaticServer } from '../support/static-server';


let app: OpenApp;
let server: StaticServer;
let browser: Browser;
let w: WatchedPage;

beforeAll(async () => {
  app = await openBuiltApp('/what/if/', '[data-testid="movers-summary"]');
  ({ server, browser, w } = app);
});

afterAll(() => app?.close());

const counts = () => w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => Number(t.textContent?.replace(/\D/g, ''))));

describe('what-if in Chromium', () => {
  it('dragging the order-amount slider moves customers and lists them as movers', async () => {
    const { page } = w;
    expect(await page.textContent('[data-testid="movers-summary"]')).toMatch(/0\D+0/);
    // Mark the score histogram's drawing: a move must update it in place, not draw it anew.
    const histogram = '[data-chart="histogram"] svg.marks';
    await page.waitForSelector(histogram);
    await page.$eval(histogram, (el) => ((el as unknown as { __before: boolean }).__before = true));
    const bars = () => page.$$eval(`${histogram} path`, (ps) => ps.map((p) => p.getAttribute('d')).join('|'));
    const barsBefore = await bars();
    const slider = page.locator('[data-testid="weight-slider-orderAmount"]');
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) await page.mouse.move(box.x + box.width * (0.3 + (0.65 * i) / 15), y);
    await page.mouse.up();
    await expect.poll(() => page.inputValue('[data-testid="weight-input-orderAmount"]'), { timeout: 30_000 }).not.toBe('30');
    await expect.poll(async () => (await page.$$('[data-testid="movers"] tbody tr')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    // Shares of 100 follow the weights.
    const share = await page.textContent('[data-testid="weight-share-orderAmount"]');
    expect(Number(share?.replace(/\D/g, ''))).toBeGreaterThan(50);
    // The matrix accounts for every customer and the grade counts still follow the 20/30/30/20 rule.
    const matrixTotal = await page.$$eval('[data-testid="migration-matrix"] tbody td > div:first-child', (ds) =>
      ds.reduce((s, d) => s + Number(d.textContent?.replace(/\D/g, '')), 0),
    );
    expect(matrixTotal).toBe(793);
    expect(await counts()).toEqual([159, 238, 237, 159]);
    // Each mover's row says what moved it.
    const first = page.locator('[data-testid="movers"] tbody tr').first();
    expect(await first.textContent()).toMatch(/→/);
    // The histogram shows the new scores in the very drawing it had before the drag.
    await expect.poll(bars, { timeout: 30_000 }).not.toBe(barsBefore);
    expect(await page.$eval(histogram, (el) => (el as unknown as { __before?: boolean }).__before === true)).toBe(true);
  });

  it('dragging the A share slider moves the A/B boundary while the total stays 793', async () => {
    const { page } = w;
    const slider = page.locator('[data-testid="rule-slider-0"]');
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    // From 20 % towards 40 %, in small steps as a hand would.
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.2 + (0.2 * i) / 10), y);
    await page.mouse.up();
    await expect.poll(async () => (await counts())[0], { timeout: 30_000 }).toBeGreaterThan(250);
    const [a, b, c, d] = await counts();
    // A grew at B's expense only; C and D kept their 30 % and 20 %.
    expect(a! + b!).toBe(159 + 238);
    expect([c, d]).toEqual([237, 159]);
    expect(a! + b! + c! + d!).toBe(793);
    // Back to 20 % by the number box: the documented cuts again.
    await page.locator('[data-testid="rule-editor"] tbody tr').first().locator('input[type="number"]').fill('20');
    await page.locator('[data-testid="rule-editor"] tbody tr').first().locator('input[type="number"]').press('Enter');
    await expect.poll(counts, { timeout: 30_000 }).toEqual([159, 238, 237, 159]);
  });

  it('adjusts a customer by hand with a reason, keeping the automatic grade visible', async () => {
    const { page } = w;
    await page.locator('[data-testid="open-customer"]').first().click();
    const detail = page.locator('[data-testid="customer-detail"]');
    await detail.waitFor();
    const name = (await detail.locator('h3').textContent())!;
    await detail.locator('[data-testid="adjust-grade"]').selectOption('D');
    await detail.locator('[data-testid="adjust-reason"]').fill('长期拖欠货款');
    await detail.locator('[data-testid="adjust-author"]').fill('王经理');
    await detail.locator('[data-testid="adjust-submit"]').click();
    await expect.poll(() => detail.locator('[data-testid="detail-grade"]').textContent(), { timeout: 30_000 }).toBe('D');
    expect(await detail.textContent()).toMatch(/自动分级 A/);
    const adjustments = page.locator('[data-testid="adjustments"]');
    await expect.poll(() => adjustments.textContent(), { timeout: 30_000 }).toContain('长期拖欠货款');
    expect(name.length).toBeGreaterThan(0);
  });

  it('rates a customer’s strategic value by hand, which makes that metric available to weigh', async () => {
    const { page } = w;
    const detail = page.locator('[data-testid="customer-detail"]');
    await detail.locator('[data-testid="rating-strategic"]').selectOption('5');
    await expect.poll(() => page.locator('[data-testid="add-metric"] option[value="strategic"]').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('[data-testid="add-metric"]').selectOption('strategic');
    await expect.poll(() => page.locator('[data-testid="weight-slider-strategic"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await detail.locator('[data-testid="rating-strategic"]').inputValue()).toBe('5');
    // And out again, so the tests after this one grade as before.
    await page.getByRole('button', { name: '移除 战略价值' }).click();
    await detail.locator('[data-testid="rating-strategic"]').selectOption('');
    await expect.poll(() => page.locator('[data-testid="weight-slider-strategic"]').count(), { timeout: 30_000 }).toBe(0);
  });

  it('paints a grade in a colour picked in the rule editor, in the grade table and the charts', async () => {
    const { page } = w;
    await page.locator('[data-testid="grade-color-0"]').fill('#aa3300');
    const badge = page.locator('[data-testid="grade-table"] tbody tr').first().locator('.badge');
    await expect.poll(() => badge.evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 30_000 }).toBe('rgb(170, 51, 0)');
    await expect.poll(() => page.locator('[data-chart="histogram"] svg path[fill="#aa3300"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('[data-testid="reset-colors"]').click();
    await expect.poll(() => badge.evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 30_000 }).not.toBe('rgb(170, 51, 0)');
  });

  it('saves a scenario, and its link reproduces the config in a fresh page', async () => {
    const { page } = w;
    await page.locator('summary', { hasText: '方案' }).click();
    await page.fill('[data-testid="scenario-name"]', '重金额');
    await page.click('[data-testid="scenario-save"]');
    await page.waitForSelector('[data-scenario="重金额"]');
    const weight = await page.inputValue('[data-testid="weight-input-orderAmount"]');
    const link = page.url();
    expect(link).toContain('#s=');

    const other = await openWatchedPage(browser, new URL(server.url).origin);
    try {
      await other.page.goto(link);
      await other.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
      expect(await other.page.inputValue('[data-testid="weight-input-orderAmount"]')).toBe(weight);
      await other.page.waitForSelector('[data-testid="adjustments"]');
      expect(await other.page.textContent('[data-testid="adjustments"]')).toContain('王经理');
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('compares the last 12 months with the 12 before and lists who moved', async () => {
    const { page } = w;
    const before = await counts();
    await page.click('[data-testid="compare-periods"]');
    await page.waitForSelector('[data-testid="periods-title"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="periods-title"]')).toContain('2015-01-01');
    expect(await page.locator('#movers [data-testid="movers"]').count()).toBe(2);
    // The current grading is back afterwards.
    await expect.poll(() => page.getAttribute('[data-testid="status"]', 'data-phase'), { timeout: 30_000 }).toBe('ready');
    expect(await counts()).toEqual(before);
  });

  it('names each grading step in the status line while it runs, and clears it when done', async () => {
    const { page } = w;
    // Watch the status line's step attribute through a whole regrade (a weight typed in).
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="status"]')!;
      const seen: string[] = [];
      (window as unknown as { seenSteps: string[] }).seenSteps = seen;
      new MutationObserver(() => {
        const step = el.getAttribute('data-step') ?? '';
        if (step && seen.at(-1) !== step) seen.push(`${step}:${el.textContent?.trim() ?? ''}`);
      }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    const g0 = Number(await page.getAttribute('[data-testid="status"]', 'data-graded'));
    await page.fill('[data-testid="weight-input-profit"]', '45');
    await page.locator('[data-testid="weight-input-profit"]').dispatchEvent('change');
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="status"]', 'data-graded')), { timeout: 60_000 }).toBeGreaterThan(g0);
    await expect.poll(() => page.getAttribute('[data-testid="status"]', 'data-step')).toBe('');
    const seen = await page.evaluate(() => (window as unknown as { seenSteps: string[] }).seenSteps);
    // A weight change reuses the metrics and norms: only the grade step and the report run.
    expect(seen.map((s) => s.split(':')[0])).toEqual(expect.arrayContaining(['grade']));
    expect(seen.every((s) => /^(grade|report):正在分级：/.test(s))).toBe(true);
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

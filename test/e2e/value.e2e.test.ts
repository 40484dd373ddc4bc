// Customer value ahead, in Chromium on the built site: the sample's fit, its RFM
// classes and at-risk list; the CDNOW log dropped through the file input and
// graded at its calibration end shows the published BG/NBD and Gamma-Gamma
// parameters; a customer-level file says why there is no prediction and offers the way.

import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
let w: WatchedPage;

const idle = () => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });
const ready = () => expect.poll(() => w.page.getAttribute('[data-testid="status"]', 'data-phase'), { timeout: 60_000 }).toBe('ready');
const param = (name: string) => w.page.textContent(`[data-testid="value-fit"] [data-param="${name}"]`);

beforeAll(async () => {
  app = await openBuiltApp('/value/');
  w = app.w;
  mkdirSync('test-results', { recursive: true });
});
afterAll(() => app?.close());

describe('customer value ahead', () => {
  it('fits the sample once it is graded: the models, the RFM classes and the at-risk list', async () => {
    await ready();
    await w.page.waitForSelector('[data-testid="value-step"][data-state="ready"]', { timeout: 60_000 });
    expect(await w.page.getAttribute('[data-testid="value-fit"]', 'data-converged')).toBe('true');
    await w.page.waitForSelector('[data-testid="value-rfm"]');
    const rfm = await w.page.$$eval('[data-testid="value-rfm"] tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-rfm'), Number(tr.querySelector('[data-testid="rfm-count"]')?.textContent?.replace(/\D/g, ''))] as const));
    expect(rfm.map(([c]) => c)).toEqual(['important_value', 'important_develop', 'important_keep', 'important_retain', 'general_value', 'general_develop', 'general_keep', 'general_retain']);
    expect(rfm.reduce((s, [, n]) => s + n, 0)).toBe(793);
    expect(await w.page.textContent('[data-testid="value-rfm"]')).toContain('重要价值客户');
    expect(await w.page.getAttribute('[data-testid="value-at-risk-count"]', 'data-count')).toMatch(/^\d+$/);
    // Last 12 months against the prediction: a point per customer with a prediction, drawn.
    await w.page.waitForSelector('[data-testid="value-scatter-chart"] svg .mark-symbol path', { timeout: 30_000 });
    expect(Number(await w.page.getAttribute('[data-testid="value-scatter"]', 'data-points'))).toBeGreaterThan(700);
    await w.page.locator('#value').screenshot({ path: 'test-results/value-zh.png' });
  });

  it('grades the CDNOW log at its calibration end with the published parameters', async () => {
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: 'CDNOW_sample.txt', mimeType: 'text/plain', buffer: readFileSync('test/data/cdnow/CDNOW_sample.txt') }]);
    await idle();
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe('2,357');
    await w.page.fill('[data-testid="value-as-of"]', '1997-09-30');
    await w.page.dispatchEvent('[data-testid="value-as-of"]', 'change');
    await expect.poll(() => param('loglik'), { timeout: 60_000 }).toBe('-9582.4');
    expect(await param('r')).toBe('0.2426');
    expect(await param('alpha')).toBe('4.414');
    expect(await param('a')).toBe('0.7929');
    expect(await param('b')).toBe('2.426');
    expect(await param('p')).toBe('6.25');
    expect(await param('q')).toBe('3.744');
    expect(await param('gamma')).toBe('15.44');
    // P(alive) by repeat purchases and recency, for a customer 38.86 weeks old (the calibration period).
    await w.page.waitForSelector('[data-testid="value-palive-chart"] svg .mark-rect path', { timeout: 30_000 });
    expect(Number(await w.page.getAttribute('[data-testid="value-palive"]', 'data-t'))).toBeCloseTo(272 / 7, 6);
    await w.page.locator('#value').screenshot({ path: 'test-results/value-cdnow.png' });
  });

  it('says why a customer-level file has no prediction, and offers the way to add orders', async () => {
    const cdnow = w.page.locator('button.remove[aria-label$="CDNOW_sample.txt"]');
    if (await cdnow.count()) {
      await cdnow.click();
      await idle();
    }
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: 'crm.csv', mimeType: 'text/csv', buffer: readFileSync('test/data/shapes/crm.csv') }]);
    await idle();
    await w.page.waitForSelector('[data-testid="value-step"][data-state="unavailable"]', { timeout: 60_000 });
    const li = w.page.locator('[data-testid="value-unavailable"] li[data-reason="customerLevel"]');
    expect(await li.textContent()).toContain('每客户一行');
    await li.locator('button').click();
    await expect.poll(() => w.page.evaluate(() => Math.round(document.getElementById('data')!.getBoundingClientRect().top)), { timeout: 5000 }).toBeLessThan(60);
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

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
    // The eight classes as the 2 × 4 table, every cell drawn and named.
    await w.page.waitForSelector('[data-testid="value-rfm-chart"] svg .mark-rect path', { timeout: 30_000 });
    expect(await w.page.locator('[data-testid="value-rfm-chart"] svg .mark-rect.role-mark path').count()).toBe(8);
    expect(await w.page.textContent('[data-testid="value-rfm-chart"] svg')).toContain('重要挽留客户');
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

  it('checks the CDNOW fit on the 9 months held out before 1998-06-30: the published fit, the holdout predicted close to what happened', async () => {
    await w.page.fill('[data-testid="value-as-of"]', '1998-06-30');
    await w.page.dispatchEvent('[data-testid="value-as-of"]', 'change');
    await w.page.waitForSelector('[data-testid="value-check"][data-state="none"]', { timeout: 60_000 });
    await w.page.selectOption('[data-testid="value-check-months"]', '9');
    await w.page.click('[data-testid="value-check-run"]');
    await w.page.waitForSelector('[data-testid="value-check"][data-state="ready"]', { timeout: 60_000 });
    // Purchase days in the holdout, counted from the file as in value-check.test.ts: 1,882; the model predicts about 12 % fewer.
    const totals = w.page.locator('[data-testid="value-check-totals"]');
    expect(Number(await totals.getAttribute('data-actual'))).toBe(1882);
    const predicted = Number(await totals.getAttribute('data-predicted'));
    expect(predicted / 1882).toBeGreaterThan(0.85);
    expect(predicted / 1882).toBeLessThan(1);
    expect(await w.page.textContent('[data-testid="value-check-period"]')).toMatch(/1997.+9.+30/);
    await w.page.waitForSelector('[data-testid="value-check-frequency"] svg .mark-line path', { timeout: 30_000 });
    await w.page.waitForSelector('[data-testid="value-check-tracking"] svg .mark-line path', { timeout: 30_000 });
    expect(await w.page.locator('[data-testid="value-check-frequency"] svg .mark-line path').count()).toBe(2);
    // The grading's own fit is the one at the as-of date, not the check's.
    expect(await param('loglik')).not.toBe('-9582.4');
    await w.page.locator('[data-testid="value-check"]').screenshot({ path: 'test-results/value-check.png' });
    // Another as-of date is another history: the check's figures go, the button stays.
    await w.page.fill('[data-testid="value-as-of"]', '1998-03-31');
    await w.page.dispatchEvent('[data-testid="value-as-of"]', 'change');
    await w.page.waitForSelector('[data-testid="value-check"][data-state="none"]', { timeout: 60_000 });
    expect(await w.page.isEnabled('[data-testid="value-check-run"]')).toBe(true);
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

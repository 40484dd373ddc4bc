// When grading cannot start, in Chromium on the built site: a file with no
// customer column keeps the sample's grading on screen, the panel at the top of
// the Data step names what is missing and offers the columns to pick; one click
// on a candidate grades the file.

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
let w: WatchedPage;

const idle = () => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });
const gradeCounts = () => w.page.$$eval('[data-testid="grade-table"] tbody tr', (trs) => trs.map((tr) => [tr.children[0]?.textContent?.trim(), tr.children[1]?.textContent?.trim()]));

beforeAll(async () => {
  app = await openBuiltApp('/setup/');
  w = app.w;
});
afterAll(() => app?.close());

describe('the setup panel', () => {
  it('names the missing customer ID, keeps the grading, and grades after one pick', async () => {
    const before = await gradeCounts();
    expect(before.length).toBeGreaterThan(0);
    // An invoice log whose only id column is named "Ref": nothing says it is the customer.
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from('Ref,Invoice date,Amount\nS1,2024-01-02,10\nS2,2024-01-03,20\nS3,2024-02-03,30\n') }]);
    await idle();
    await w.page.waitForSelector('[data-testid="setup-panel"]', { timeout: 30_000 });
    const text = await w.page.textContent('[data-testid="setup-panel"]');
    expect(text).toMatch(/客户编号|customer ID/u);
    // Nothing regraded: the sample's grading is still on screen.
    expect(await gradeCounts()).toEqual(before);
    expect(await w.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('sample');
    const candidates = await w.page.locator('[data-testid="setup-candidate"]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-column')));
    expect(candidates[0]).toBe('Ref');
    mkdirSync('test-results', { recursive: true });
    await w.page.locator('[data-testid="setup-panel"]').screenshot({ path: 'test-results/setup-panel.png' });
    await w.page.click('[data-testid="setup-candidate"][data-column="Ref"]');
    await idle();
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
    expect(await w.page.locator('[data-testid="setup-panel"]').count()).toBe(0);
    expect(await w.page.textContent('[data-testid="total-customers"]')).toBe('3');
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

// When the session cannot be kept, in Chromium on the built site: the
// browser's storage is full (Chromium's own quota, lowered for the origin
// through DevTools), or IndexedDB is not there at all (as in some private
// modes, where opening it throws). Either way the page says so and the
// session goes on in memory.

import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../support/app';
import { launchChromium, watchContext, type WatchedPage } from '../support/browser';
import { csvText } from '../support/fixtures-ingest';
import { keepFixture } from '../support/fixtures-keep';
import { serveStatic, type StaticServer } from '../support/static-server';

let server: StaticServer;
let browser: Browser;

/** About 1 MB of order lines: more than the lowered quota holds. */
function bigCsv(): Buffer {
  const rows: (string | number)[][] = [['客户编号', '客户名称', '订单号', '订单日期', '销售额', '利润']];
  for (let i = 0; i < 16_000; i++) rows.push([`C${i % 400}`, `客户${i % 400}号`, `SO${100000 + i}`, `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`, 1000 + ((i * 37) % 5000), ((i * 13) % 900) - 200]);
  return Buffer.from(csvText(rows));
}

async function open(prepare?: (w: WatchedPage) => Promise<void>): Promise<WatchedPage> {
  // No service worker here: its cache of the build would count against the lowered quota.
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const w = await watchContext(context, new URL(server.url).origin);
  await prepare?.(w);
  await w.page.goto(server.url);
  await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
  return w;
}

const idle = (w: WatchedPage) => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  server = await serveStatic(DIST, '/q/');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('storage full', () => {
  let w: WatchedPage;
  let weight = '';

  it('says which file could not be kept, and grades it all the same', async () => {
    w = await open(async (page) => {
      const cdp = await page.context.newCDPSession(page.page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 256 * 1024 });
    });
    // An edit before the file: it fits, and must survive the file that does not.
    const edited = new Date().toISOString();
    await w.page.locator('[data-testid="preset-profitFirst"]').click();
    const bar = w.page.locator('[data-testid="keep-bar"]');
    await expect.poll(async () => (await bar.getAttribute('data-keep-state')) === 'saved' && ((await bar.getAttribute('data-saved-at')) ?? '') > edited, { timeout: 30_000 }).toBe(true);
    weight = await w.page.locator('[data-testid="weight-input-profit"]').inputValue();
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: '全年订单.csv', mimeType: 'text/csv', buffer: bigCsv() }]);
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe('400');
    await idle(w);
    const notice = w.page.locator('[data-testid="keep-notice"][data-key="keepQuota"]');
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
    expect(await notice.textContent()).toContain('全年订单.csv');
    expect(await notice.textContent()).toContain('存储空间不足');
    await w.page.screenshot({ path: 'test-results/keep-quota-zh.png' });
  });

  it('keeps what fits: after a reload the weights come back, the file must be loaded again', async () => {
    await w.page.goto(server.url);
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('sample');
    await expect.poll(() => w.page.locator('[data-testid="weight-input-profit"]').inputValue()).toBe(weight);
    expect(w.consoleErrors).toEqual([]);
    await w.context.close();
  });
});

describe('storage unavailable', () => {
  it('says so, and the session works in memory', async () => {
    const w = await open(async (page) => {
      await page.context.addInitScript(() => {
        // What some private modes do: opening a database throws.
        IDBFactory.prototype.open = function () {
          throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
        };
      });
    });
    const notice = w.page.locator('[data-testid="keep-notice"][data-key="keepUnavailable"]');
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
    expect(await notice.textContent()).toContain('无法保存数据');
    expect(await w.page.getAttribute('[data-testid="keep-bar"]', 'data-keep-state')).toBe('memory');
    const fixture = keepFixture();
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: '销售明细.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture.bytes) }]);
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe(String(fixture.customers.length));
    await idle(w);
    // The project file still takes everything away.
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('[data-testid="project-save"]')]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    await w.page.screenshot({ path: 'test-results/keep-unavailable-zh.png' });
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.context.close();
  });
});

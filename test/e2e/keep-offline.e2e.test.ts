// Offline, in Chromium on the built site under a sub-path: after one visit the
// service worker has cached the build; with the network off and the host gone,
// the page opens again, grades the sample, draws its charts, reads a dropped
// file — and says that it is offline.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../support/app';
import { launchPersistent, type WatchedPage } from '../support/browser';
import { keepFixture } from '../support/fixtures-keep';
import { serveStatic, type StaticServer } from '../support/static-server';

let server: StaticServer;
let w: WatchedPage;
let dir: string;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'tierscope-offline-'));
  server = await serveStatic(DIST, '/apps/tierscope/');
  w = await launchPersistent(dir, new URL(server.url).origin);
  await w.page.goto(server.url);
  await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
});

afterAll(async () => {
  await w?.context.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('after one visit the app opens without the network', () => {
  it('registers its service worker under the sub-path and says it works offline', async () => {
    const note = w.page.locator('[data-testid="offline-note"]');
    await expect.poll(() => note.getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');
    expect(await note.textContent()).toContain('可离线使用');
    const scope = await w.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).toBe(server.url);
    // Every request went to our own sub-path.
    expect(server.requests.every((p) => p.startsWith('/apps/tierscope/'))).toBe(true);
    expect(server.requests).toContain('/apps/tierscope/sw.js');
  });

  it('opens, grades and draws with the network off and the host down', async () => {
    const served = server.requests.length;
    await w.context.setOffline(true);
    await server.close();
    await w.page.reload();
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    const counts = await w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(counts).toEqual(['159', '238', '237', '159']);
    await w.page.waitForSelector('[data-testid="value-charts"] [data-rendered="true"] svg', { timeout: 60_000 });
    const note = w.page.locator('[data-testid="offline-note"]');
    await expect.poll(() => note.getAttribute('data-online')).toBe('false');
    expect(await note.textContent()).toContain('离线中');
    expect(server.requests.length).toBe(served);
    await w.page.screenshot({ path: 'test-results/offline-zh.png' });
  });

  it('reads a dropped file offline (the ingest code is cached too)', async () => {
    const fixture = keepFixture();
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: '销售明细.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture.bytes) }]);
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe(String(fixture.customers.length));
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

// The built site (dist/) served under a sub-path by a plain static server and
// opened in a watched Chromium page: the setup every end-to-end file shares.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, openWatchedPage, type WatchedPage } from './browser';
import { serveStatic, type StaticServer } from './static-server';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface OpenApp {
  server: StaticServer;
  browser: Browser;
  w: WatchedPage;
  close(): Promise<void>;
}

export async function openBuiltApp(subPath: string, readySelector = '[data-testid="grade-table"]'): Promise<OpenApp> {
  if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  const server = await serveStatic(DIST, subPath);
  const browser = await launchChromium();
  const w = await openWatchedPage(browser, new URL(server.url).origin);
  await w.page.goto(server.url);
  await w.page.waitForSelector(readySelector, { timeout: 90_000 });
  return {
    server,
    browser,
    w,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// Debian's Chromium driven by playwright-core. Collects console errors, page
// errors and every request to another origin, so a test can fail on any of them.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  failedRequests: string[];
}

export async function openWatchedPage(browser: Browser, origin: string, locale = 'zh-CN'): Promise<WatchedPage> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  // Workers' requests go through the context, so watch there.
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    if (new URL(u).origin !== origin) foreignRequests.push(u);
  });
  context.on('requestfailed', (req) => failedRequests.push(`${req.url()} ${req.failure()?.errorText ?? ''}`));
  context.on('response', (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.url()} HTTP ${res.status()}`);
  });
  return { context, page, consoleErrors, foreignRequests, failedRequests };
}

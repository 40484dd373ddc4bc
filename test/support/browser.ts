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
  return watchContext(context, origin);
}

/**
 * A browser profile kept in `userDataDir`: closing and launching again with the
 * same folder is a browser restart (IndexedDB, caches and service workers survive).
 */
export async function launchPersistent(userDataDir: string, origin: string, options: { locale?: string; serviceWorkers?: 'allow' | 'block' } = {}): Promise<WatchedPage> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale ?? 'zh-CN',
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  return watchContext(context, origin);
}

/** Watch every page of a context: console errors, page errors, other origins, failed requests. */
export async function watchContext(context: BrowserContext, origin: string): Promise<WatchedPage> {
  const page = context.pages()[0] ?? (await context.newPage());
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

/** Collect Content-Security-Policy violations of every page of the context (read them with cspViolations). */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['(no CSP watcher on this page)']);
}

// The README's screenshots, taken of the built site in headless Chromium:
// `npm run build && npm run screenshots`. The sample, in Chinese, with the
// order-amount weight raised so the movers have something to show.

import { openBuiltApp } from '../test/support/app';

const OUT = new URL('../test/screenshots/', import.meta.url).pathname;

const app = await openBuiltApp('/tierscope/', '[data-testid="movers-summary"]');
try {
  const page = app.w.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  const settled = () => page.waitForSelector('[data-testid="status"][data-phase="ready"][data-settled="true"]', { timeout: 60_000 });
  await settled();
  // Charts draw after the grading; give the last one a moment to finish.
  await page.waitForSelector('[data-testid="value-chart"][data-rendered="true"]');
  await page.waitForTimeout(1500);

  /** From the top of one notebook step to the bottom of another. */
  async function shot(file: string, from: string, to: string) {
    const a = await page.locator(`#${from}`).boundingBox();
    const b = await page.locator(`#${to}`).boundingBox();
    if (!a || !b) throw new Error(`no step #${from} or #${to}`);
    const scroll = await page.evaluate(() => window.scrollY);
    const y = a.y + scroll - 12;
    await page.screenshot({ path: OUT + file, fullPage: true, clip: { x: 0, y, width: 1280, height: b.y + b.height + scroll + 12 - y } });
    console.log('wrote', OUT + file);
  }

  await shot('sample-zh.png', 'grades', 'charts');

  const weight = page.locator('#weights [data-testid="weight-input-orderAmount"]');
  await weight.fill('60');
  await weight.press('Enter');
  await page.waitForFunction(() => !/0 位升级，0 位降级/.test(document.querySelector('[data-testid="movers-summary"]')?.textContent ?? ''));
  await settled();
  await page.waitForTimeout(500);
  await shot('movers-zh.png', 'movers', 'movers');
} finally {
  await app.close();
}

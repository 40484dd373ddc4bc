// The Charts step on the bundled sample, in Chromium: every chart draws, clicks
// come back as a picked grade / customer, and each chart is screenshotted to
// test-results/ for a human to look at.

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

const EXPECTED = ['amountPyramid', 'pareto', 'whale', 'scatter', 'histogram', 'contribution', 'segments', 'gradeMix:segment'];

let app: OpenApp;
let w: WatchedPage;

async function allRendered(): Promise<string[]> {
  await w.page.waitForSelector('[data-testid="value-charts"]', { timeout: 90_000 });
  await w.page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll('[data-testid="value-charts"] [data-chart]')];
      return cells.length > 0 && cells.every((c) => c.querySelector('[data-testid="value-chart"][data-rendered="true"] svg.marks'));
    },
    undefined,
    { timeout: 60_000 },
  );
  return w.page.$$eval('[data-testid="value-charts"] [data-chart]', (cells) => cells.map((c) => c.getAttribute('data-chart') ?? ''));
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  app = await openBuiltApp('/some/path/');
  w = app.w;
});

afterAll(() => app?.close());

describe('the charts of customer value, in Chromium', () => {
  it('draws every chart the sample has data for, each with a title and a description', async () => {
    expect(await allRendered()).toEqual(EXPECTED);
    const figures = await w.page.$$eval('[data-testid="value-chart"]', (fs) =>
      fs.map((f) => ({ label: f.getAttribute('aria-label'), desc: f.querySelector('div[aria-label]')?.getAttribute('aria-label') ?? '' })),
    );
    for (const f of figures) {
      expect(f.label?.length).toBeGreaterThan(3);
      expect(f.desc.length).toBeGreaterThan(3);
    }
  });

  it('states the 80/20 point, the whale peak beside the typical shape, and shades the false big customers', async () => {
    const text = async (id: string) => (await w.page.locator(`[data-chart="${id}"] svg.marks`).textContent()) ?? '';
    expect(await text('pareto')).toMatch(/\d+% 的客户带来 \d+% 的利润/);
    expect(await text('pareto')).toContain('基尼系数');
    expect(await text('whale')).toMatch(/前 \d+% 的客户创造了 \d+% 的利润/);
    expect(await text('whale')).toContain('150%–300%');
    expect(await text('scatter')).toContain('假大客户');
  });

  it('saves a screenshot of each chart and of the whole step', async () => {
    for (const id of EXPECTED) {
      await w.page.locator(`[data-chart="${id}"]`).screenshot({ path: `test-results/chart-${id.replace(':', '-')}.png` });
    }
    await w.page.locator('#charts').screenshot({ path: 'test-results/charts-zh.png' });
  });

  it('filters the customer list to a grade clicked in a chart, and clears it again', async () => {
    const bar = w.page.locator('[data-chart="histogram"] svg.marks .mark-rect path').first();
    await bar.click();
    const picked = w.page.locator('[data-testid="picked-grade"]');
    await expect.poll(() => picked.getAttribute('data-grade')).toMatch(/^[ABCD]$/);
    const grade = (await picked.getAttribute('data-grade'))!;
    await expect.poll(() => w.page.locator(`[data-testid="filter-${grade}"]`).getAttribute('aria-pressed')).toBe('true');
    await w.page.locator('#charts').getByRole('button', { name: '清除' }).click();
    await expect.poll(() => w.page.locator('[data-testid="picked-grade"]').count()).toBe(0);
    await expect.poll(() => w.page.locator(`[data-testid="filter-${grade}"]`).getAttribute('aria-pressed')).toBe('false');
  });

  it('filters the customer list to a grade clicked in the pyramid of the grades step', async () => {
    await w.page.locator('#grades [data-testid="chart"] svg.marks .mark-rect path').first().click();
    await expect.poll(() => w.page.locator('[data-testid="filter-A"]').getAttribute('aria-pressed')).toBe('true');
    await w.page.locator('[data-testid="filter-all"]').click();
    await expect.poll(() => w.page.locator('[data-testid="picked-grade"]').count()).toBe(0);
  });

  it('breaks down the score of a customer clicked in the scatter', async () => {
    const before = await w.page.locator('[data-chart="contribution"] svg.marks').textContent();
    // Click the centre of a point that nothing covers, as a user would.
    const scatter = w.page.locator('[data-chart="scatter"] svg.marks');
    await scatter.scrollIntoViewIfNeeded();
    const target = await scatter.evaluate((svg) => {
      const paths = [...svg.querySelectorAll('.mark-symbol.role-mark path')].reverse();
      for (const p of paths) {
        const b = p.getBoundingClientRect();
        const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
        // Vega keeps each mark's scenegraph item (and so its datum) on the SVG element.
        if (document.elementFromPoint(x, y) === p) return { x, y, name: (p as unknown as { __data__: { datum: { customer_name: string } } }).__data__.datum.customer_name };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await w.page.mouse.click(target!.x, target!.y);
    expect(before).not.toContain(target!.name);
    await expect.poll(async () => w.page.locator('[data-chart="contribution"] svg.marks').textContent(), { timeout: 20_000 }).toContain(target!.name);
  });

  it('redraws in English', async () => {
    await w.page.getByRole('button', { name: 'English' }).click();
    await w.page.waitForSelector('text=Share of profit');
    await allRendered();
    await expect.poll(async () => w.page.locator('[data-chart="pareto"] svg.marks').textContent()).toMatch(/of customers bring \d+% of profit/);
    await w.page.locator('#charts').screenshot({ path: 'test-results/charts-en.png' });
  });

  it('logged no console error and made no request to another origin', () => {
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
  });
});

// Grading within groups in Chromium: pick "each customer type" on the sample and see
// every type cut 20/30/30/20 on its own count, the group × grade matrix and its chart;
// an attribute the data has no column for cannot be picked.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
beforeAll(async () => {
  app = await openBuiltApp('/within/groups/');
});
afterAll(() => app?.close());

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

describe('grading within groups in Chromium', () => {
  it('grades each customer type on its own and shows the group × grade matrix with its chart', async () => {
    const { page } = app.w;
    const select = page.locator('[data-testid="group-by"]');
    await select.scrollIntoViewIfNeeded();
    // The sample maps a customer type (Segment), not an industry.
    expect(await page.$eval('[data-testid="group-by"] option[value="industry"]', (o) => (o as HTMLOptionElement).disabled)).toBe(true);
    await select.selectOption('customerType');
    await page.waitForSelector('[data-testid="group-matrix"] tbody tr', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="group-note"]')).toMatch(/A 1 · B 1 · C 0 · D 1/);
    const rows = await page.$$eval('[data-testid="group-matrix"] tbody tr', (trs) =>
      trs.map((tr) => ({
        group: tr.getAttribute('data-group'),
        total: tr.querySelector('td')!.textContent,
        cells: [...tr.querySelectorAll('[data-testid="group-cell"]')].map((td) => td.childNodes[0]!.textContent),
      })),
    );
    expect(rows.map((r) => r.group)).toEqual(['Consumer', 'Corporate', 'Home Office']);
    let all = 0;
    for (const r of rows) {
      const n = digits(r.total);
      const cuts = [2000, 5000, 8000].map((bp) => Math.floor((bp * n + 5000) / 10000));
      expect(r.cells.map(digits)).toEqual([cuts[0], cuts[1]! - cuts[0]!, cuts[2]! - cuts[1]!, n - cuts[2]!]);
      all += n;
    }
    expect(all).toBe(793);
    // The grade table adds the groups up: A is the sum of each type's A.
    const counts = await page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => Number(t.textContent?.replace(/\D/g, ''))));
    expect(counts.reduce((s, c) => s + c, 0)).toBe(793);
    expect(counts[0]).toBe(rows.reduce((s, r) => s + digits(r.cells[0]!), 0));
    // The charts split the grade mix by customer type first.
    await page.waitForSelector('[data-chart="gradeMix:customer_type"] svg', { timeout: 60_000 });
    await page.locator('[data-testid="group-matrix"]').scrollIntoViewIfNeeded();
    // A look at it, for whoever runs the suite (the README's copy is taken by hand).
    await page.screenshot({ path: join(tmpdir(), 'tierscope-groups-zh.png') });
  });

  it('keeps an offer per group and grade, and shows it in the worklist', async () => {
    const { page } = app.w;
    await page.click('[data-testid="group-offers"] summary');
    const input = page.locator('[data-testid="group-offers"] tr:has(th:text-is("Consumer")) [data-testid="offer-input"]').first();
    await input.fill('专属方案 + 月度走访');
    await input.press('Enter');
    await input.blur();
    await expect.poll(() => page.$$eval('[data-testid="action-offer"]', (tds) => tds.filter((t) => t.textContent === '专属方案 + 月度走访').length), { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it('goes back to all customers together', async () => {
    const { page } = app.w;
    await page.locator('[data-testid="group-by"]').selectOption('');
    await expect.poll(async () => (await page.$$('[data-testid="group-matrix"]')).length, { timeout: 60_000 }).toBe(0);
    const counts = await page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => Number(t.textContent?.replace(/\D/g, ''))));
    expect(counts).toEqual([159, 238, 237, 159]);
  });
});

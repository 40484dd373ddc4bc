// The conformance datasets dropped on the built page in Chromium, as a user
// drops a real export: every file of a dataset at once, graded on the first try,
// with the data checks shown in words. Expected counts are those the
// integration suite recomputes from the raw files.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../conformance/datasets';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
let w: WatchedPage;

const idle = () => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 90_000 });
const counts = () => w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => t.textContent?.trim()));

beforeAll(async () => {
  app = await openBuiltApp('/conformance/');
  w = app.w;
});
afterAll(() => app?.close());

async function drop(id: string) {
  const files = DATASETS.find((d) => d.id === id)!.files.map((f) => ({ name: basename(f), mimeType: 'application/octet-stream', buffer: readFileSync(f) }));
  // Remove the files of the last drop, so each drop starts as a new visitor's does.
  while ((await w.page.locator('[data-testid="file-card"]').count()) > 0) {
    await w.page.locator('[data-testid="file-card"] button.remove').first().click();
    await idle();
  }
  await w.page.setInputFiles('[data-testid="file-input"]', files);
  await idle();
  await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 90_000 }).toBe('files');
  expect(await w.page.locator('[data-testid="setup-panel"]').count()).toBe(0);
}

const severities = () => w.page.$$eval('[data-testid="mapping-problem"]', (lis) => lis.map((li) => li.getAttribute('data-severity')));

describe('real exports on the page', () => {
  it('Northwind: three files, graded with no question asked', async () => {
    await drop('northwind');
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe('91');
    expect(await counts()).toEqual(['18', '28', '27', '18']);
    expect(await severities()).not.toContain('error');
  });

  it('Online Retail: says how many lines have no customer and how many are returns', async () => {
    await drop('online-retail');
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe('115');
    expect(await counts()).toEqual(['23', '35', '34', '23']);
    const text = (await w.page.textContent('[data-testid="mapping-problems"]')) ?? '';
    expect(text).toMatch(/3,?100/u);
    expect(text).toContain('195');
    expect(await severities()).toEqual(expect.arrayContaining(['warning', 'note']));
  });

  it('Olist: customers, orders and items', async () => {
    await drop('olist');
    // Graded by customer_unique_id: two of the 2,501 order keys belong to customers seen before.
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toMatch(/^2,?499$/u);
    expect(await counts()).toEqual(['500', '750', '749', '500']);
    // The Mapping step names the unique id's role on the customers table.
    const customers = w.page.locator('[data-testid="mapping-table"][data-role="customers"]');
    expect(await customers.locator('select[data-column="customer_unique_id"]').inputValue()).toBe('customerPerson');
    await customers.screenshot({ path: 'test-results/mapping-olist-customers.png' });
  });

  it('the Chinese Superstore workbook', async () => {
    // 1.26 MB: its sheet is unzipped in fflate's blob worker, which the CSP must allow.
    await drop('cn-superstore');
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe('790');
    expect(await counts()).toEqual(['158', '237', '237', '158']);
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

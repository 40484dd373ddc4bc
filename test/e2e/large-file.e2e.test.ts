// A CSV export larger than the in-memory threshold (32 MB): the page hands the
// File to DuckDB to read in place (registerFileHandle) and grades it.

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

const LINES = 900_000;
const CUSTOMERS = 20_000;

let app: OpenApp;
let w: WatchedPage;
let path: string;
let totalAmount = 0;

beforeAll(async () => {
  // Deterministic lines: every customer has many orders; amounts in cents so the total is exact.
  const parts: string[] = ['客户编号,订单号,订单日期,销售额,利润\n'];
  for (let i = 0; i < LINES; i++) {
    const c = (i * 7919) % CUSTOMERS;
    const cents = 1000 + ((i * 104729) % 500000);
    totalAmount += cents;
    const profit = ((i * 31) % 400) - 80;
    parts.push(`KH${String(c).padStart(6, '0')},DD${String(i).padStart(8, '0')},2025-${String((i % 12) + 1).padStart(2, '0')}-15,${(cents / 100).toFixed(2)},${profit}.5\n`);
  }
  path = join(mkdtempSync(join(tmpdir(), 'tierscope-big-')), '大客户订单.csv');
  writeFileSync(path, parts.join(''));
  totalAmount /= 100;
  app = await openBuiltApp('/big/');
  w = app.w;
});

afterAll(() => app?.close());

describe('a large export, read in place', () => {
  it('is over the in-memory threshold', () => {
    expect(statSync(path).size).toBeGreaterThan(32 * 2 ** 20);
  });

  it('loads, maps and grades every line', async () => {
    await w.page.setInputFiles('[data-testid="file-input"]', path);
    await expect
      .poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 240_000, interval: 1000 })
      .toBe(CUSTOMERS.toLocaleString('zh-CN'));
    const card = w.page.locator('[data-testid="file-card"]');
    expect(await card.getAttribute('data-status')).toBe('ready');
    // DuckDB read it through a file handle, not from a copy in JS memory.
    expect(await card.getAttribute('data-in-place')).toBe('true');
    expect(await card.locator('[data-testid="file-summary"]').textContent()).toContain(LINES.toLocaleString('zh-CN'));
    const counts = await w.page.$$eval('[data-testid="grade-count"]', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(counts).toEqual(['4,000', '6,000', '6,000', '4,000']);
    // The cell reads ¥225,905.45万; its title holds the exact amount.
    const amount = await w.page.$$eval('[data-testid="grade-table"] tfoot td', (tds) => tds[2]?.getAttribute('title') ?? '');
    expect(Number(amount.replace(/,/g, ''))).toBeCloseTo(totalAmount, 2);
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });
});

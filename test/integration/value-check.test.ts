// The holdout check on the real engine: the CDNOW log through the page's ingest and
// mapping, the last 9 months held out from 1998-06-30, must fit the published
// parameters on the calibration months and predict the holdout as the paper's
// figures do; data that cannot carry the model says why instead.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile } from '../../src/ingest/load-file';
import { CLASSIC_CRM } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { expectedPurchases } from '../../src/model/value/bgnbd';
import { CHECK_HISTORY, monthsBefore, runHoldoutCheck, type HoldoutCheck } from '../../src/pipeline/value-check';
import { runGrading } from '../../src/pipeline/run-grading';

const DATA = new URL('../data/cdnow/', import.meta.url);
const sig3 = (v: number) => Number(v.toPrecision(3));
const lines = () =>
  readFileSync(new URL('CDNOW_sample.txt', DATA), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));

let engine: Engine;
let mapping: SourceMapping;
let check: HoldoutCheck;
const config = { ...CLASSIC_CRM, asOf: '1998-06-30' };

beforeAll(async () => {
  engine = await openNodeEngine();
  const loaded = await loadFile(engine, { name: 'CDNOW_sample.txt', bytes: new Uint8Array(readFileSync(new URL('CDNOW_sample.txt', DATA))) });
  // Headerless: sample id, date and dollars, one order per customer and day.
  mapping = { lines: { table: loaded.table, customerId: 'column_2', orderDate: 'column_3', orderId: 'column_3', amount: 'column_5' } };
  check = await runHoldoutCheck(engine, mapping, config, 9);
}, 60_000);
afterAll(async () => engine?.close());

describe('months before a date', () => {
  it('keeps the day, or clamps it to the month’s end, across years', () => {
    expect(monthsBefore('1998-06-30', 9)).toBe('1997-09-30');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2023-03-31', 1)).toBe('2023-02-28');
    expect(monthsBefore('2025-01-15', 12)).toBe('2024-01-15');
    expect(monthsBefore('2025-01-15', 25)).toBe('2022-12-15');
  });
});

describe('the holdout check on CDNOW (9 months held out before 1998-06-30)', () => {
  it('calibrates to 1997-09-30 and fits the published BG/NBD parameters there', () => {
    expect(check.reasons).toEqual([]);
    expect(check.calibrationEnd).toBe('1997-09-30');
    expect(check.holdoutEnd).toBe('1998-06-30');
    expect(check.holdoutLength).toBeCloseTo(273 / 7, 9);
    expect(check.customers).toBe(2357);
    const p = check.bgnbd!.params;
    expect([sig3(p.r), sig3(p.alpha), sig3(p.a), sig3(p.b)]).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(check.bgnbd!.logLik).toBeCloseTo(-9582.4, 1);
  });

  it('counts the holdout’s actual purchase days as the text file does, and predicts them within 15 %', () => {
    const days = new Set(lines().filter((f) => f[2]! > '19970930' && f[2]! <= '19980630').map((f) => `${f[1]} ${f[2]}`));
    expect(check.actualTotal).toBeCloseTo(days.size, 6);
    expect(check.byFrequency.map((r) => r.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(check.byFrequency.reduce((s, r) => s + r.customers, 0)).toBe(2357);
    expect(check.predictedTotal / check.actualTotal).toBeGreaterThan(0.85);
    expect(check.predictedTotal / check.actualTotal).toBeLessThan(1);
    for (const r of check.byFrequency) expect(Math.abs(r.predicted - r.actual)).toBeLessThan(0.4);
  });

  it('tracks the cohort week by week: actual repeat purchases summed from the file, expected from the closed form', () => {
    // 1 Jan 1997 to 30 Jun 1998 is 545 days: 78 weeks, the last one partial.
    expect(check.tracking).toHaveLength(78);
    expect(check.tracking.map((t) => t.period)).toEqual(Array.from({ length: 78 }, (_, k) => k + 1));
    expect(check.trackingSplit).toBeCloseTo(272 / 7, 9);
    // Repeat purchase days up to the end of week 39, straight from the file.
    const first = new Map<string, string>();
    const purchaseDays = new Set<string>();
    for (const f of lines()) {
      if (f[2]! > '19980630') continue;
      purchaseDays.add(`${f[1]} ${f[2]}`);
      if (!first.has(f[1]!) || f[2]! < first.get(f[1]!)!) first.set(f[1]!, f[2]!);
    }
    const calibrated = new Set([...first].filter(([, d]) => d <= '19970930').map(([id]) => id));
    const toDay = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / 86_400_000;
    const start = toDay('19970101');
    const week39 = [...purchaseDays].filter((k) => {
      const [id, d] = k.split(' ') as [string, string];
      return calibrated.has(id) && d !== first.get(id) && toDay(d) - start < 39 * 7;
    }).length;
    expect(check.tracking[38]!.actual).toBe(week39);
    // Expected at week 39: Σ over customers of E[X(39 − first purchase week)].
    const p = check.bgnbd!.params;
    const expected39 = [...calibrated].reduce((s, id) => s + expectedPurchases(p, 39 - (toDay(first.get(id)!) - start) / 7), 0);
    expect(check.tracking[38]!.expected).toBeCloseTo(expected39, 6);
    expect(Math.abs(check.tracking[77]!.expected - check.tracking[77]!.actual) / check.tracking[77]!.actual).toBeLessThan(0.05);
  });

  it('leaves the grading’s own tables alone and drops its own', async () => {
    const before = await runGrading(engine, mapping, config);
    const params = before.value!.fit!.bgnbd!.params;
    await runHoldoutCheck(engine, mapping, config, 6);
    const tables = (await engine.query(`SELECT table_name FROM information_schema.tables WHERE table_name = '${CHECK_HISTORY}'`)).numRows;
    expect(tables).toBe(0);
    const again = await runGrading(engine, mapping, config);
    expect(again.value!.fit!.bgnbd!.params).toEqual(params);
  });

  it('says why when the holdout leaves no calibration history, or the data is one row per customer', async () => {
    const tooLong = await runHoldoutCheck(engine, mapping, config, 24);
    expect(tooLong.bgnbd).toBeNull();
    expect(tooLong.reasons.map((r) => r.id)).toEqual(['noCustomers']);
    const perCustomer: SourceMapping = { lines: { ...mapping.lines, perCustomer: {} } };
    const level = await runHoldoutCheck(engine, perCustomer, config, 6);
    expect(level.reasons.map((r) => r.id)).toEqual(['customerLevel']);
    await expect(runHoldoutCheck(engine, mapping, config, 0)).rejects.toThrow(/whole number of months/);
  });
});

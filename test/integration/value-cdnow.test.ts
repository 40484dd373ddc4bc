// The CDNOW sample (Fader & Hardie's 1/10 cohort) loaded through the app's own
// ingest, its history built at the published calibration end on the real
// DuckDB-WASM engine, and the fits checked against the papers' figures.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile, type LoadedTable } from '../../src/ingest/load-file';
import { toRows } from '../../src/results/rows';
import { buildHistorySql, buildTrackingSql, type HistoryOptions } from '../../src/model/value/history-sql';
import { fitCustomerValue, type ValueResult } from '../../src/model/value/fit-value';
import { conditionalExpectedPurchases, pAlive } from '../../src/model/value/bgnbd';
import { expectedMeanValue } from '../../src/model/value/gamma-gamma';
import { expectedTracking, holdoutByFrequency, monthEnds } from '../../src/model/value/clv';

const DATA = new URL('../data/cdnow/', import.meta.url);
const sig3 = (v: number) => Number(v.toPrecision(3));

let engine: Engine;
let loaded: LoadedTable;
let history: HistoryOptions;
let value: ValueResult;

beforeAll(async () => {
  engine = await openNodeEngine();
  loaded = await loadFile(engine, { name: 'CDNOW_sample.txt', bytes: new Uint8Array(readFileSync(new URL('CDNOW_sample.txt', DATA))) });
  // The file has no header: the loader names the columns column_1 … column_5 and the
  // user says which is which (master id, sample id, date, CDs, dollars).
  history = {
    source: { table: loaded.table },
    columns: { customerId: 'column_2', orderDate: 'column_3', amount: 'column_5', profit: null },
    calibrationEnd: '1997-09-30',
    holdoutEnd: '1998-06-30',
    unit: 'weeks',
  };
  value = await fitCustomerValue(engine, history);
}, 60_000);
afterAll(async () => engine?.close());

describe('the CDNOW transactions through the page’s ingest', () => {
  it('reads the space-aligned, headerless file as five typed columns with YYYYMMDD as dates', () => {
    expect(loaded.rows).toBe(6919);
    expect(loaded.columns.map((c) => [c.name, c.sqlType])).toEqual([
      ['column_1', 'VARCHAR'],
      ['column_2', 'VARCHAR'],
      ['column_3', 'DATE'],
      ['column_4', 'BIGINT'],
      ['column_5', 'DOUBLE'],
    ]);
    expect(loaded.notices.map((n) => n.id)).toEqual(['spaceAligned', 'noHeader', 'duplicateRows']);
  });

  it('builds the same 39-week history as the published summary, customer by customer', async () => {
    const summary = readFileSync(new URL('cdnow_customers_summary_with_transactions.csv', DATA), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const rows = toRows<{ customer_id: string; x: number; t_x: number; T: number; mean_amount: number | null }>(
      await engine.query('SELECT customer_id, x, t_x, "T", mean_amount FROM customer_history ORDER BY CAST(customer_id AS INTEGER)'),
    );
    expect(rows).toHaveLength(2357);
    rows.forEach((r, i) => {
      const [id, x, tx, T, zbar] = summary[i]!;
      expect(Number(r.customer_id)).toBe(id);
      expect(r.x).toBe(x);
      // The summary is rounded to two decimals.
      expect(Math.abs(r.t_x - tx!)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(r.T - T!)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((r.mean_amount ?? 0) - zbar!)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  });

  it('fits BG/NBD to the published r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4', () => {
    const f = value.bgnbd!;
    expect(f.converged).toBe(true);
    expect(sig3(f.params.r)).toBe(0.243);
    expect(sig3(f.params.alpha)).toBe(4.41);
    expect(sig3(f.params.a)).toBe(0.793);
    expect(sig3(f.params.b)).toBe(2.43);
    expect(f.logLik).toBeCloseTo(-9582.4, 1);
    expect(f.customers).toBe(2357);
    // The P(alive) map's extent: the oldest customers joined on 1 January, 38.86 weeks before the calibration end.
    expect(value.span!.T).toBeCloseTo(272 / 7, 6);
    expect(value.span!.x).toBeGreaterThanOrEqual(3);
  });

  it('fits Gamma-Gamma on the 946 repeat customers to p = 6.25, q = 3.74, γ = 15.44', () => {
    const g = value.spendAmount!;
    expect(g.customers).toBe(946);
    expect(g.converged).toBe(true);
    expect(sig3(g.params.p)).toBe(6.25);
    expect(sig3(g.params.q)).toBe(3.74);
    expect(sig3(g.params.gamma)).toBe(15.4);
    expect(g.populationMean!).toBeCloseTo(35.17, 1);
    expect(value.reasons).toEqual([]);
    expect(value.correlation).toBeCloseTo(0.114, 3);
  });

  it('writes one prediction row per customer, equal to the closed forms at the fitted parameters', async () => {
    const rows = toRows<{ customer_id: string; x: number; t_x: number; T: number; p_alive: number; exp_purchases_h: number; disc_purchases_h: number; exp_value_amount: number; clv_amount: number; clv_profit: number | null; mean_amount: number | null }>(
      await engine.query('SELECT v.*, h.mean_amount FROM customer_value v JOIN customer_history h USING (customer_id)'),
    );
    expect(rows).toHaveLength(2357);
    const bg = value.bgnbd!.params;
    const gg = value.spendAmount!.params;
    const H = monthEnds('weeks', 12).at(-1)!;
    for (const r of rows.filter((_, i) => i % 37 === 0)) {
      expect(r.p_alive).toBeCloseTo(pAlive(bg, r.x, r.t_x, r.T), 12);
      expect(r.exp_purchases_h).toBeCloseTo(conditionalExpectedPurchases(bg, r.x, r.t_x, r.T, H), 12);
      expect(r.exp_value_amount).toBeCloseTo(expectedMeanValue(gg, r.x, r.mean_amount ?? 0), 9);
      expect(r.clv_amount).toBeCloseTo(r.disc_purchases_h * r.exp_value_amount, 9);
      // Discounting at 1 % a month takes between (1.01)^-12 and (1.01)^-1 off the purchases.
      expect(r.disc_purchases_h).toBeLessThanOrEqual(r.exp_purchases_h / 1.01 + 1e-12);
      expect(r.disc_purchases_h).toBeGreaterThanOrEqual(r.exp_purchases_h / 1.01 ** 12 - 1e-12);
      expect(r.clv_profit).toBeNull();
    }
    // Customer 1 (x = 2, t_x = 30.43, T = 38.86): P(alive) ≈ 0.73.
    const one = rows.find((r) => r.customer_id === '0001')!;
    expect(one.p_alive).toBeCloseTo(0.7266, 3);
  });

  it('predicts the 39-week holdout by number of calibration purchases close to what happened', async () => {
    const h = await engine.query('SELECT x, t_x, "T", holdout_x FROM customer_history');
    const col = (n: string) => Float64Array.from(h.getChild(n)!.toArray() as ArrayLike<number>, Number);
    // The holdout runs 1997-10-01 … 1998-06-30: 273 days.
    const rows = holdoutByFrequency(value.bgnbd!.params, { x: col('x'), tx: col('t_x'), T: col('T'), holdout: col('holdout_x') }, 273 / 7);
    expect(rows.map((r) => r.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(2357);
    const total = (k: 'actual' | 'predicted') => rows.reduce((s, r) => s + r.customers * r[k], 0);
    // Purchase days (customer, date) in the holdout, counted straight from the text file.
    const days = new Set(
      readFileSync(new URL('CDNOW_sample.txt', DATA), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[2]! > '19970930' && f[2]! <= '19980630')
        .map((f) => `${f[1]} ${f[2]}`),
    );
    expect(total('actual')).toBe(days.size);
    // Measured: 1,882 purchase days against 1,653 predicted — the model is about 12 % low in the
    // holdout on this cohort (the weekly tracking below shows the same shortfall, 1,664).
    expect(total('predicted') / total('actual')).toBeGreaterThan(0.85);
    expect(total('predicted') / total('actual')).toBeLessThan(1);
    expect(rows[0]!.predicted).toBeCloseTo(rows[0]!.actual, 1);
    // More calibration purchases, more predicted; and each bucket within 0.4 purchases of what happened.
    rows.slice(1).forEach((r, i) => expect(r.predicted).toBeGreaterThan(rows[i]!.predicted));
    for (const r of rows) expect(Math.abs(r.predicted - r.actual)).toBeLessThan(0.4);
  });

  it('tracks the cohort’s cumulative repeat purchases within 5 % at the calibration end and at week 78', async () => {
    const actual = toRows<{ period: number; repeat_purchases: number }>(await engine.query(buildTrackingSql({ ...history, until: '1998-06-30' })));
    const first = await engine.query(`SELECT date_diff('day', (SELECT min(first_order) FROM customer_history), first_order) / 7 AS f FROM customer_history`);
    const expected = expectedTracking(value.bgnbd!.params, Float64Array.from(first.getChild('f')!.toArray() as ArrayLike<number>), 78);
    let cum = 0;
    const byWeek = new Map(actual.map((r) => [r.period, r.repeat_purchases]));
    const cumActual = Array.from({ length: 78 }, (_, k) => (cum += byWeek.get(k) ?? 0));
    expect(cumActual[77]).toBe(actual.reduce((s, r) => s + (r.period < 78 ? r.repeat_purchases : 0), 0));
    expect(Math.abs(expected[38]! - cumActual[38]!) / cumActual[38]!).toBeLessThan(0.05);
    expect(Math.abs(expected[77]! - cumActual[77]!) / cumActual[77]!).toBeLessThan(0.05);
  });

  it('builds the history with quoted identifiers and validated dates', () => {
    expect(() => buildHistorySql({ ...history, calibrationEnd: "1997-09-30'; DROP TABLE x; --" })).toThrow(/YYYY-MM-DD/);
    expect(() => buildHistorySql({ ...history, calibrationEnd: '1997-02-30x' })).toThrow();
    expect(buildHistorySql({ ...history, source: { table: 'a"b' } })).toContain('"a""b"');
  });
});

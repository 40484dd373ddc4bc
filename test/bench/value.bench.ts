// `npx vitest run --project bench test/bench/value.bench.ts`: the customer-value step —
// the purchase histories (SQL), the BG/NBD and Gamma-Gamma fits (TypeScript), the
// predictions written back — on customers drawn from the CDNOW parameters
// (test/support/bgnbd-orders.ts), in headless Chromium (DuckDB-WASM in a Worker, the fits on
// the main thread, as on the page) and on native DuckDB with the same code. Measures only:
// nothing here asserts on time.
//
//   BENCH_SIZES=100000,1000000   customer counts (default both)
//   BENCH_RUNS=3                 fits per engine (median; default 3, 1 from 500k)
//
// Writes test/bench/results/value.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serveStatic, type StaticServer } from '../support/static-server';
import { buildBenchPage } from './build-page';
import { openNativeEngine } from './native';
import { median } from './timing';
import { loadSimulatedOrders, runValueBench, type ValueRun } from './value-run';

const envList = (name: string, fallback: number[]) => ((process.env[name] ?? '').trim() ? process.env[name]!.split(',').map((s) => Number(s.trim())) : fallback);
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SIZES = envList('BENCH_SIZES', [100_000, 1_000_000]);
const runsFor = (customers: number) => envInt('BENCH_RUNS', customers >= 500_000 ? 1 : 3);
const SEED = 7;
const STAGES = ['history', 'fit', 'predict', 'write'];

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
let server: StaticServer;
let browser: Browser;
const lines: string[] = [];
const rows: string[] = [];

type Run = Omit<ValueRun, 'lines'>;

function row(customers: number, orderLines: number, engine: string, runs: Run[]): string {
  const m = (f: (r: Run) => number) => median(runs.map(f));
  return `| ${customers.toLocaleString('en-US')} | ${orderLines.toLocaleString('en-US')} | ${engine} | **${m((r) => r.totalMs).toFixed(0)}** (${runs.map((r) => r.totalMs.toFixed(0)).join(', ')}) | ${STAGES.map((s) => m((r) => r.stages[s] ?? 0).toFixed(0)).join(' | ')} |`;
}

beforeAll(async () => {
  server = await serveStatic(await buildBenchPage(), '/bench/');
  browser = await launchChromium();
  lines.push(`Customer-value bench — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()[0]!.toFixed(1)}; Chromium ${browser.version()}`, '');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  lines.push(`| customers | order lines | engine | total median ms (runs) | ${STAGES.map((s) => `${s} ms`).join(' | ')} |`, `|---:|---:|---|---:|${STAGES.map(() => '---:').join('|')}|`, ...rows);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(RESULTS + 'value.md', lines.join('\n') + '\n');
  console.log('\n' + lines.join('\n'));
});

describe('bench: customer value', () => {
  for (const customers of SIZES) {
    it(`${customers.toLocaleString('en-US')} customers`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const wasm: Run[] = [];
      let orderLines = 0;
      try {
        await page.goto(server.url);
        await page.evaluate(() => window.bench.ready());
        orderLines = await page.evaluate(([n, seed]) => window.bench.loadValueOrders(n, seed), [customers, SEED] as const);
        for (let r = 0; r < runsFor(customers); r++) wasm.push(await page.evaluate(() => window.bench.valueFit()));
      } finally {
        await context.close();
      }
      const native = await openNativeEngine(2);
      const nat: Run[] = [];
      try {
        await loadSimulatedOrders(native, customers, SEED);
        for (let r = 0; r < runsFor(customers); r++) nat.push(await runValueBench(native, () => performance.now()));
      } finally {
        await native.close();
      }
      rows.push(row(customers, orderLines, 'browser', wasm), row(customers, orderLines, 'native 2t', nat));
      // Not a speed check: both engines fitted the same model to the same orders.
      expect(wasm[0]!.converged).toBe(true);
      for (const k of Object.keys(nat[0]!.params)) expect(wasm[0]!.params[k]).toBeCloseTo(nat[0]!.params[k]!, 6);
      expect(wasm[0]!.predictedAmount / nat[0]!.predictedAmount).toBeCloseTo(1, 9);
    }, 1_800_000);
  }
});

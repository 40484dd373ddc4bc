// `npx vitest run --project bench test/bench/history.bench.ts`: the grade history — 16
// quarterly gradings (12 months trailing at each quarter end) of the synthetic customers,
// in headless Chromium (DuckDB-WASM, the app's browser engine) and in native DuckDB on the
// same SQL. Measures only: nothing here asserts on time.
//
//   BENCH_SIZES=100000   customer counts (default 100000)
//   BENCH_RUNS=3         history runs per engine (median; default 3)
//   BENCH_GROUPS=9       grade within this many industries (default 0)
//
// Writes test/bench/results/history.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { DEFAULT_HISTORY } from '../../src/model/history/periods';
import { syntheticMapping } from '../support/synthetic';
import { launchChromium } from '../support/browser';
import { serveStatic, type StaticServer } from '../support/static-server';
import { buildBenchPage } from './build-page';
import { openNativeEngine } from './native';
import { ingestSteps } from './plan';
import type { BenchSession, HistoryTiming } from './session';
import { benchSession } from './session';
import { median } from './timing';

const envList = (name: string, fallback: number[]) => ((process.env[name] ?? '').trim() ? process.env[name]!.split(',').map((s) => Number(s.trim())) : fallback);
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SIZES = envList('BENCH_SIZES', [100_000]);
const RUNS = envInt('BENCH_RUNS', 3);
const GROUPS = envInt('BENCH_GROUPS', 0);
const SEED = 42;
const mapping = syntheticMapping(true, GROUPS > 0);
const config: GradingConfig = GROUPS > 0 ? { ...CLASSIC_CRM, groupBy: 'industry' } : CLASSIC_CRM;
const settings = { ...DEFAULT_HISTORY, step: 'quarter' as const, windowMonths: 12, periods: 16 };

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
let server: StaticServer;
let browser: Browser;
const lines: string[] = [];

interface Side {
  engine: string;
  runs: HistoryTiming[];
}

async function measure(s: Pick<BenchSession, 'ingest' | 'grade' | 'history'>, customers: number): Promise<HistoryTiming[]> {
  await s.ingest(ingestSteps(customers, SEED, GROUPS));
  await s.grade(mapping, config);
  const runs: HistoryTiming[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await s.history(mapping, config, settings));
  return runs;
}

function summarise(customers: number, sides: Side[]): string {
  const stepNames = ['orders', 'metrics', 'norms', 'grade', 'keep', 'transitions', 'mix', 'sliding'];
  const out = [
    `### ${customers.toLocaleString('en-US')} customers, ${sides[0]!.runs[0]!.periods} quarterly gradings${GROUPS ? ` within ${GROUPS} industries` : ''}`,
    '',
    `| engine | total median ms (runs) | ${stepNames.map((n) => `${n} (sum of a run)`).join(' | ')} |`,
    `|---|---:|${stepNames.map(() => '---:').join('|')}|`,
  ];
  for (const side of sides) {
    const perStep = stepNames.map((n) => median(side.runs.map((r) => r.steps.filter((s) => s.name === n).reduce((a, s) => a + s.ms, 0))).toFixed(0));
    out.push(`| ${side.engine} | **${median(side.runs.map((r) => r.totalMs)).toFixed(0)}** (${side.runs.map((r) => r.totalMs.toFixed(0)).join(', ')}) | ${perStep.join(' | ')} |`);
  }
  return out.join('\n');
}

beforeAll(async () => {
  server = await serveStatic(await buildBenchPage(), '/bench/');
  browser = await launchChromium();
  lines.push(`Grade history bench — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()[0]!.toFixed(1)}; Chromium ${browser.version()}`, '');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(RESULTS + 'history.md', lines.join('\n') + '\n');
  console.log('\n' + lines.join('\n'));
});

describe('bench: grade history', () => {
  for (const customers of SIZES) {
    it(`${customers.toLocaleString('en-US')} customers`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      let wasm: HistoryTiming[];
      try {
        await page.goto(server.url);
        const version = await page.evaluate(() => window.bench.ready());
        const s: Pick<BenchSession, 'ingest' | 'grade' | 'history'> = {
          ingest: (st) => page.evaluate((x) => window.bench.ingest(x), st),
          grade: (m, c) => page.evaluate(([mm, cc]) => window.bench.grade(mm, cc), [m, c] as const),
          history: (m, c, h) => page.evaluate(([mm, cc, hh]) => window.bench.history(mm, cc, hh), [m, c, h] as const),
        };
        wasm = await measure(s, customers);
        lines.splice(1, 0, `Browser: DuckDB-WASM ${version} (EH, 1 thread, Worker).`);
      } finally {
        await context.close();
      }
      const native = await openNativeEngine(2);
      let nat: HistoryTiming[];
      try {
        nat = await measure(benchSession(native, () => performance.now()), customers);
      } finally {
        await native.close();
      }
      lines.push(summarise(customers, [{ engine: 'browser', runs: wasm }, { engine: 'native 2t', runs: nat }]), '');
      // Not a speed check: both engines graded the last period the same.
      expect(wasm.at(-1)!.lastCounts).toEqual(nat.at(-1)!.lastCounts);
    });
  }
});

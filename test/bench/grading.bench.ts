// `npm run bench`: ingest, first grading and slider regrade on synthetic
// customers, in headless Chromium (DuckDB-WASM, the app's browser engine) and
// in native DuckDB on the same SQL. Measures only: nothing here asserts on time.
//
//   BENCH_SIZES=10000,100000   customer counts (default 10000,100000,1000000)
//   BENCH_RUNS=3               repetitions of ingest and first grading (default 3, 1 from 500k customers)
//   BENCH_MOVES=30             slider moves timed (after BENCH_WARMUP=3 untimed): the page's fast path
//   BENCH_SETTLES=5            settled drags timed (full regrade + charts; default 3 from 500k customers)
//   BENCH_SEED=42              generator and slider seed
//   BENCH_GROUPS=9             grade within this many industries (the slider's fast path per group; default 0: all together)
//   BENCH_NATIVE_THREADS=2,1   native thread counts, the first is the reference (default 2,1; only 2 from 500k customers; 0 for none)
//
// Writes test/bench/results/latest.{json,md}; a run of the default sizes also writes test/bench/RESULTS.md.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { syntheticMapping, syntheticStatsSql, type SyntheticStats } from '../support/synthetic';
import { launchChromium } from '../support/browser';
import { serveStatic, type StaticServer } from '../support/static-server';
import { buildBenchPage } from './build-page';
import { tabMemory } from './memory';
import { openNativeEngine } from './native';
import { ingestSteps, nameQueries, sliderMoves } from './plan';
import { toMarkdown, type BenchResults, type SideResult, type SizeResult } from './report';
import { benchSession, type BenchSession, type GradeTiming } from './session';
import { median } from './timing';

const envList = (name: string, fallback: number[]) =>
  (process.env[name] ?? '').trim() ? process.env[name]!.split(',').map((s) => Number(s.trim())) : fallback;
const envInt = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

const SIZES = envList('BENCH_SIZES', [10_000, 100_000, 1_000_000]);
const runsFor = (customers: number) => envInt('BENCH_RUNS', customers >= 500_000 ? 1 : 3);
const MOVES = envInt('BENCH_MOVES', 30);
const settlesFor = (customers: number) => envInt('BENCH_SETTLES', customers >= 500_000 ? 3 : 5);
const WARMUP = envInt('BENCH_WARMUP', 3);
const SEED = envInt('BENCH_SEED', 42);
const nativeThreadsFor = (customers: number) => envList('BENCH_NATIVE_THREADS', customers >= 500_000 ? [2] : [2, 1]);

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const RESULTS_MD = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const GROUPS = envInt('BENCH_GROUPS', 0);
const mapping = syntheticMapping(true, GROUPS > 0);
const config: GradingConfig = GROUPS > 0 ? { ...CLASSIC_CRM, groupBy: 'industry' } : CLASSIC_CRM;
const moves = sliderMoves(config, WARMUP + MOVES, SEED);

let server: StaticServer;
let browser: Browser;
const results: BenchResults = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
  load: loadavg()[0]!.toFixed(1),
  chromium: '',
  seed: SEED,
  runs: `${runsFor(10_000)} (${runsFor(1_000_000)} from 500k customers)`,
  moves: MOVES,
  warmup: WARMUP,
  groups: GROUPS,
  sizes: [],
};

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted src/ changes` : head;
  } catch {
    return 'unknown';
  }
}

const perStep = (runs: GradeTiming[], cfgs: GradingConfig[]): Record<string, number> => {
  const byName = new Map<string, number[]>();
  runs.forEach((r, i) => {
    for (const q of nameQueries(r.queries, mapping, cfgs[i]!)) byName.set(q.name, [...(byName.get(q.name) ?? []), q.ms]);
  });
  return Object.fromEntries([...byName].map(([k, v]) => [k, median(v)]));
};

/**
 * The same sequence on any engine: ingest and first grading (runsFor) times,
 * pin the baseline as the app does after loading, then the slider moves.
 */
async function measure(
  engine: string,
  s: BenchSession,
  customers: number,
  at: { phase: string } = { phase: '' },
  /** Browser only: the tab's peak memory after each phase, to see which one raised it. */
  sample: (phase: string) => Promise<void> = async () => {},
): Promise<SideResult> {
  const ingestMs: number[] = [];
  const firsts: GradeTiming[] = [];
  for (let r = 0; r < runsFor(customers); r++) {
    at.phase = `ingest run ${r + 1}`;
    ingestMs.push((await s.ingest(ingestSteps(customers, SEED, GROUPS))).totalMs);
    await sample('ingest');
    at.phase = `first grading run ${r + 1}`;
    firsts.push(await s.grade(mapping, config));
    await sample('first grading');
  }
  at.phase = 'pinning the baseline';
  await s.pinBaseline();
  await sample('pin');
  const regrades: GradeTiming[] = [];
  for (const [k, cfg] of moves.entries()) {
    at.phase = `slider move ${k + 1}`;
    const t = await s.move(mapping, cfg);
    if (k >= WARMUP) regrades.push(t);
  }
  await sample('slider moves');
  const rebuilt = regrades.find((r) => r.ran.includes('run') || r.ran.includes('fastBase'));
  if (rebuilt) throw new Error(`A timed slider move rebuilt ${rebuilt.ran.join(', ')}: it is not a slider move`);
  // Settled drags: the last few move configs, graded in full and charted as the page does.
  const settles: GradeTiming[] = [];
  const settleCfgs = moves.slice(-settlesFor(customers));
  for (const [k, cfg] of settleCfgs.entries()) {
    at.phase = `settled drag ${k + 1}`;
    settles.push(await s.settle(mapping, cfg));
  }
  await sample('settled drags and charts');
  const last = regrades.at(-1)!;
  const chartSteps = new Map<string, number[]>();
  for (const r of settles) for (const [k, v] of Object.entries(r.charts?.queries ?? {})) chartSteps.set(k, [...(chartSteps.get(k) ?? []), v]);
  return {
    engine,
    ingestMs,
    firstGradingMs: firsts.map((f) => f.totalMs),
    firstGradingSteps: perStep(firsts, firsts.map(() => config)),
    regradeMs: regrades.map((t) => t.totalMs),
    moversMs: regrades.map((t) => t.moversMs ?? NaN),
    regradeSteps: perStep(regrades, moves.slice(WARMUP)),
    regradeRan: last.ran,
    settleMs: settles.map((t) => t.totalMs),
    settleSteps: perStep(settles, settleCfgs),
    chartsMs: settles.map((t) => t.charts?.totalMs ?? NaN),
    chartsSteps: Object.fromEntries([...chartSteps].map(([k, v]) => [k, median(v)])),
    gradeCounts: firsts[0]!.gradeTable.map((g) => g.customers),
    lastMoveCounts: last.gradeTable.map((g) => g.customers),
    lastMovers: last.movers ?? [],
  };
}

async function measureBrowser(customers: number): Promise<SideResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const at = { phase: 'opening the page' };
  try {
    await page.goto(server.url);
    const version = await page.evaluate(() => window.bench.ready());
    // The session lives in the page; each call runs and times there, only the results cross over.
    const session: BenchSession = {
      ingest: (steps) => page.evaluate((st) => window.bench.ingest(st), steps),
      grade: (m, c) => page.evaluate(([mm, cc]) => window.bench.grade(mm, cc), [m, c] as const),
      pinBaseline: () => page.evaluate(() => window.bench.pinBaseline()),
      move: (m, c) => page.evaluate(([mm, cc]) => window.bench.move(mm, cc), [m, c] as const),
      settle: (m, c) => page.evaluate(([mm, cc]) => window.bench.settle(mm, cc), [m, c] as const),
      duckMemory: () => page.evaluate(() => window.bench.duckMemory()),
      history: (m, c, h) => page.evaluate(([mm, cc, hh]) => window.bench.history(mm, cc, hh), [m, c, h] as const),
    };
    const peaks: Record<string, number | null> = {};
    const sample = async (phase: string) => {
      peaks[phase] = (await tabMemory(browser, page)).peakRssBytes;
    };
    const side = await measure(`Chromium DuckDB-WASM ${version} (EH, 1 thread, Worker)`, session, customers, at, sample);
    const mem = await tabMemory(browser, page);
    side.memory = { ...mem, duckdbBytes: (await session.duckMemory()).duckdbBytes, peakByPhase: peaks };
    return side;
  } catch (e) {
    // A crashed tab (out of memory) is a result too: record it and go on with native.
    const message = `during ${at.phase}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}${errors.length ? ` [${errors.join('; ')}]` : ''}`;
    const memory = await tabMemory(browser, page).catch(() => undefined);
    return { memory: memory && { ...memory, duckdbBytes: null }, engine: 'Chromium DuckDB-WASM', ingestMs: [], firstGradingMs: [], firstGradingSteps: {}, regradeMs: [], moversMs: [], regradeSteps: {}, regradeRan: [], settleMs: [], settleSteps: {}, chartsMs: [], chartsSteps: {}, gradeCounts: [], lastMoveCounts: [], lastMovers: [], error: message };
  } finally {
    await context.close();
  }
}

async function measureNative(customers: number, threads: number): Promise<{ side: SideResult; stats: SyntheticStats }> {
  const engine = await openNativeEngine(threads);
  try {
    const side = await measure(`native DuckDB ${engine.version}, ${threads} thread${threads > 1 ? 's' : ''}`, benchSession(engine, () => performance.now()), customers);
    const [stats] = await engine.rows<SyntheticStats>(syntheticStatsSql());
    return { side, stats: stats! };
  } finally {
    await engine.close();
  }
}

function writeResults(): string {
  const md = toMarkdown(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(RESULTS_DIR + 'latest.json', JSON.stringify(results, null, 2) + '\n');
  writeFileSync(RESULTS_DIR + 'latest.md', md);
  // The committed figures come from a run of the default sizes only.
  if (process.env.BENCH_SIZES || GROUPS) return md;
  writeFileSync(
    RESULTS_MD,
    `# Benchmark results

Written by \`npm run bench\` (test/bench/grading.bench.ts); the run's JSON is in test/bench/results/latest.json (not committed).
Sizes and repetitions: \`BENCH_SIZES=10000,100000 BENCH_RUNS=3 BENCH_MOVES=30 npm run bench\` (see the head of grading.bench.ts).
Query plans: \`BENCH_EXPLAIN=1 BENCH_SIZES=100000 npx vitest run --project bench test/bench/explain.bench.ts\`.

${md}`,
  );
  return md;
}

beforeAll(async () => {
  const out = await buildBenchPage();
  server = await serveStatic(out, '/bench/');
  browser = await launchChromium();
  results.chromium = `Chromium ${browser.version()}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  results.load += ` → ${loadavg()[0]!.toFixed(1)}`;
  if (results.sizes.length) console.log('\n' + writeResults());
});

describe('bench: ingest, first grading and slider regrade', () => {
  for (const customers of SIZES) {
    it(`${customers.toLocaleString('en-US')} customers`, async () => {
      const size: SizeResult = { customers, native: {} };
      results.sizes.push(size);
      size.browser = await measureBrowser(customers);
      const threadCounts = nativeThreadsFor(customers).filter((t) => t > 0);
      for (const threads of threadCounts) {
        const { side, stats } = await measureNative(customers, threads);
        size.native[String(threads)] = side;
        size.data ??= {
          orders: stats.orders,
          lines: stats.lines,
          top20ProfitShare: stats.top20ProfitShare,
          lossMakingShare: stats.lossMakingShare,
          ordersWithDaysLate: stats.ordersWithDaysLate,
        };
      }
      writeResults();
      // Not a speed check: the two engines must agree on what they computed.
      if (!size.browser.error && threadCounts.length) {
        expect(size.browser.gradeCounts).toEqual(size.native[String(threadCounts[0])]!.gradeCounts);
        expect(size.browser.lastMoveCounts).toEqual(size.native[String(threadCounts[0])]!.lastMoveCounts);
        // The same movers; their order (largest order amount first) may differ where two totals are
        // equal in cents but summed in another order across threads (one ulp apart).
        const sorted = (ids: readonly string[]) => [...ids].sort();
        expect(sorted(size.browser.lastMovers)).toEqual(sorted(size.native[String(threadCounts[0])]!.lastMovers));
      }
    });
  }
});

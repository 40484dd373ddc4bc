// The slider's fast path (Grader.regradeFast) against the full path the page
// runs today (Grader.run + matrix, movers, summary), on synthetic customers, in
// headless Chromium (DuckDB-WASM EH, 1 thread, Worker) and native DuckDB. Measures
// only; the one assertion is that both paths and both engines agree on the grades.
//
//   BENCH_FAST=1                         run it (off by default: `npm run bench` stays as long as it was)
//   BENCH_SIZES=100000,1000000           customer counts
//   BENCH_MOVES=30 BENCH_WARMUP=3        timed fast moves after untimed ones
//   BENCH_FULL_MOVES=5                   timed full-path moves (seconds each at 1M)
//   BENCH_NATIVE_THREADS=2               native thread count (0 to skip native)
//   BENCH_EXPLAIN=1                      also EXPLAIN ANALYZE one fast move in the Node wasm build
//
// Writes test/bench/results/fast-regrade.{json,md} and prints the table.
//
// Measured 2026-11-24 (2 shared cores, seed 42, 30 moves), median · p95 ms:
//   100k, load 4.3: Chromium one statement 59 · 88, four statements 84 · 242, full path 221;
//                   native 2 threads 57 · 68 and 77 · 107.
//   1M,   load 3.0: Chromium one statement 325 · 374, four statements 451 · 630, full path 2063.
//   1M,   load 4.3: native 2 threads one statement 369 · 420, four statements 248 · 287, full 5747.
// At 1M the page's own pin (buildSnapshotSql copies every column) ran Chromium out of wasm memory;
// prepare() pins a narrow baseline instead.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { launchChromium } from '../support/browser';
import { serveStatic, type StaticServer } from '../support/static-server';
import { syntheticMapping, syntheticSql } from '../support/synthetic';
import { fastBenchSession, type FastBenchSession, type MoveTiming } from './fast-regrade-session';
import { openNativeEngine } from './native';
import { sliderMoves } from './plan';
import { median, quantile } from './timing';

const env = (name: string, fallback: string) => (process.env[name] ?? '').trim() || fallback;
const SIZES = env('BENCH_SIZES', '100000,1000000').split(',').map(Number);
const MOVES = Number(env('BENCH_MOVES', '30'));
const WARMUP = Number(env('BENCH_WARMUP', '3'));
const FULL_MOVES = Number(env('BENCH_FULL_MOVES', '5'));
const SEED = Number(env('BENCH_SEED', '42'));
const NATIVE_THREADS = Number(env('BENCH_NATIVE_THREADS', '2'));

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const PAGE_SRC = RESULTS + 'fast-page-src/';
const PAGE_OUT = RESULTS + 'fast-page/';

const mapping = syntheticMapping();
const config: GradingConfig = CLASSIC_CRM;
const moves = sliderMoves(config, WARMUP + MOVES, SEED);

interface Side {
  engine: string;
  ingestMs: number;
  prepare: { firstMs: number; pinMs: number; fastBaseMs: number };
  fastMs: number[];
  fastSteps: Record<string, number>;
  stepsMs: number[];
  stepsSteps: Record<string, number>;
  fullMs: number[];
  fullSteps: Record<string, number>;
  agree: boolean;
  counts: number[][];
  error?: string;
}

const rows: { customers: number; sides: Side[] }[] = [];
const load = { start: loadavg()[0]!.toFixed(1), end: '' };
let browser: Browser | null = null;
let server: StaticServer | null = null;

const stepMedians = (ts: MoveTiming[]) => {
  const by = new Map<string, number[]>();
  for (const t of ts) for (const q of t.queries) by.set(q.name, [...(by.get(q.name) ?? []), q.ms]);
  return Object.fromEntries([...by].map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
};

async function measure(engine: string, s: FastBenchSession, customers: number): Promise<Side> {
  const ingestMs = await s.ingest(syntheticSql({ customers, seed: SEED }));
  const prepare = await s.prepare(mapping, config);
  const fast: MoveTiming[] = [];
  const steps: MoveTiming[] = [];
  for (const [k, cfg] of moves.entries()) {
    const t = await s.fast(mapping, cfg);
    if (k >= WARMUP) fast.push(t);
  }
  // The four-statement variant on the same moves.
  for (const [k, cfg] of moves.entries()) {
    const t = await s.fast(mapping, cfg, 'steps');
    if (k >= WARMUP) steps.push(t);
  }
  // The full path on the first moves, and the fast path again on the same configs, must agree.
  const full: MoveTiming[] = [];
  let agree = true;
  const counts: number[][] = [];
  for (const cfg of moves.slice(WARMUP, WARMUP + FULL_MOVES)) {
    const f = await s.full(mapping, cfg);
    const q = await s.fast(mapping, cfg);
    full.push(f);
    counts.push(q.gradeCounts);
    agree &&= JSON.stringify([f.gradeCounts, f.up, f.down, f.moverIds]) === JSON.stringify([q.gradeCounts, q.up, q.down, q.moverIds]);
  }
  return {
    engine,
    ingestMs,
    prepare,
    fastMs: fast.map((t) => t.totalMs),
    fastSteps: stepMedians(fast),
    stepsMs: steps.map((t) => t.totalMs),
    stepsSteps: stepMedians(steps),
    fullMs: full.map((t) => t.totalMs),
    fullSteps: stepMedians(full),
    agree,
    counts,
  };
}

const fmt = (x: number) => (Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

function toMarkdown(): string {
  const head = `Tierscope fast-regrade bench — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${load.start} → ${load.end || loadavg()[0]!.toFixed(1)}; seed ${SEED}; ${MOVES} timed fast moves after ${WARMUP} warm-up, ${FULL_MOVES} full-path moves. ms.

| customers | engine | fast median | fast p95 | fast ÷ native | 4-statement variant median · p95 | full median | full ÷ fast | narrow table once | paths agree |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---|
`;
  const lines: string[] = [];
  const steps: string[] = [];
  for (const r of rows) {
    const native = r.sides.find((s) => s.engine.startsWith('native'));
    for (const s of r.sides) {
      if (s.error) {
        lines.push(`| ${r.customers.toLocaleString('en-US')} | ${s.engine} | ${s.error} | | | | | | | |`);
        continue;
      }
      const m = median(s.fastMs);
      const ratio = native && native !== s ? `${(m / median(native.fastMs)).toFixed(1)}×` : '1.0×';
      lines.push(
        `| ${r.customers.toLocaleString('en-US')} | ${s.engine} | **${fmt(m)}** | ${fmt(quantile(s.fastMs, 0.95))} | ${ratio} | ${fmt(median(s.stepsMs))} · ${fmt(quantile(s.stepsMs, 0.95))} | ${fmt(median(s.fullMs))} | ${(median(s.fullMs) / m).toFixed(0)}× | ${fmt(s.prepare.fastBaseMs)} | ${s.agree ? 'yes' : '**NO**'} |`,
      );
      steps.push(`| ${r.customers.toLocaleString('en-US')} | ${s.engine} | ${Object.entries({ ...s.fastSteps, ...s.stepsSteps }).map(([k, v]) => `${k} ${v}`).join(' · ')} | ${Object.entries(s.fullSteps).map(([k, v]) => `${k} ${v}`).join(' · ')} |`);
    }
  }
  return `${head}${lines.join('\n')}\n\nMedian per statement (move = the fast path, one statement; histogram, pivots, pairs, movers = the 4-statement variant) · full path:\n\n| customers | engine | fast path | full path |\n|---:|---|---|---|\n${steps.join('\n')}\n`;
}

describe.skipIf(!process.env.BENCH_FAST)('bench: slider fast path vs full path', () => {
  beforeAll(async () => {
    mkdirSync(PAGE_SRC, { recursive: true });
    writeFileSync(
      PAGE_SRC + 'index.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Tierscope fast regrade bench</title></head>
<body><p id="status">opening DuckDB-WASM…</p><script type="module" src="../../fast-regrade-page.ts"></script></body></html>\n`,
    );
    await build({
      configFile: false,
      root: PAGE_SRC,
      base: './',
      logLevel: 'warn',
      build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 5000 },
    });
    server = await serveStatic(PAGE_OUT, '/fast/');
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    load.end = loadavg()[0]!.toFixed(1);
    if (rows.length) {
      const md = toMarkdown();
      writeFileSync(RESULTS + 'fast-regrade.md', md);
      writeFileSync(RESULTS + 'fast-regrade.json', JSON.stringify({ load, rows }, null, 2) + '\n');
      console.log('\n' + md);
    }
  });

  for (const customers of SIZES) {
    it(`${customers.toLocaleString('en-US')} customers`, async () => {
      const row = { customers, sides: [] as Side[] };
      rows.push(row);
      const context = await browser!.newContext();
      const page = await context.newPage();
      try {
        await page.goto(server!.url);
        const version = await page.evaluate(() => window.fastBench.ready());
        const s: FastBenchSession = {
          ingest: (sqls) => page.evaluate((x) => window.fastBench.ingest(x), sqls),
          prepare: (m, c) => page.evaluate(([mm, cc]) => window.fastBench.prepare(mm, cc), [m, c] as const),
          fast: (m, c, v) => page.evaluate(([mm, cc, vv]) => window.fastBench.fast(mm, cc, vv), [m, c, v] as const),
          full: (m, c) => page.evaluate(([mm, cc]) => window.fastBench.full(mm, cc), [m, c] as const),
          explainFast: (m, c) => page.evaluate(([mm, cc]) => window.fastBench.explainFast(mm, cc), [m, c] as const),
        };
        row.sides.push(await measure(`Chromium DuckDB-WASM ${version} (1 thread)`, s, customers));
      } catch (e) {
        row.sides.push({ engine: 'Chromium DuckDB-WASM', error: String(e).split('\n')[0]!, ingestMs: NaN, prepare: { firstMs: NaN, pinMs: NaN, fastBaseMs: NaN }, fastMs: [], fastSteps: {}, stepsMs: [], stepsSteps: {}, fullMs: [], fullSteps: {}, agree: false, counts: [] });
      } finally {
        await context.close();
      }
      if (NATIVE_THREADS > 0) {
        const engine = await openNativeEngine(NATIVE_THREADS);
        try {
          row.sides.push(await measure(`native DuckDB ${engine.version} (${NATIVE_THREADS} threads)`, fastBenchSession(engine, () => performance.now()), customers));
        } finally {
          await engine.close();
        }
      }
      if (process.env.BENCH_EXPLAIN) {
        const engine = await openNodeEngine();
        try {
          const s = fastBenchSession(engine, () => performance.now());
          await s.ingest(syntheticSql({ customers, seed: SEED }));
          await s.prepare(mapping, config);
          await s.fast(mapping, moves[0]!);
          const plans = await s.explainFast(mapping, moves[WARMUP]!);
          writeFileSync(`${RESULTS}explain-fast-${customers}.txt`, plans.map((p) => `== ${p.name}\n${p.plan}`).join('\n\n') + '\n');
        } finally {
          await engine.close();
        }
      }
      for (const s of row.sides) if (!s.error) expect(s.agree).toBe(true);
      const ok = row.sides.filter((s) => !s.error);
      for (const s of ok.slice(1)) expect(s.counts).toEqual(ok[0]!.counts);
    }, 3_600_000);
  }
});

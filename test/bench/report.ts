// Bench results: the JSON shape and its Markdown rendering.

import { median, quantile } from './timing';
import type { TabMemory } from './memory';

export interface SideResult {
  engine: string;
  ingestMs: number[];
  firstGradingMs: number[];
  /** Median ms per pipeline step over the first-grading runs. */
  firstGradingSteps: Record<string, number>;
  regradeMs: number[];
  /** Per slider move, listing the movers after the grades (Grader.fastMovers). */
  moversMs: number[];
  /** Median ms per pipeline step over the slider moves. */
  regradeSteps: Record<string, number>;
  /** Settled drags: the full regrade (grading, customer list, what-if), and its median per step. */
  settleMs: number[];
  settleSteps: Record<string, number>;
  /** The charts' queries after each settled drag (loadChartData), and their median per query. */
  chartsMs: number[];
  chartsSteps: Record<string, number>;
  /** Steps a slider move ran (the rest were reused). */
  regradeRan: string[];
  /** Customers per grade after the first grading and after the last move, to compare engines. */
  gradeCounts: number[];
  lastMoveCounts: number[];
  /** The last move's movers (customer ids, in order). */
  lastMovers: string[];
  memory?: TabMemory & { duckdbBytes: number | null; peakByPhase?: Record<string, number | null> };
  error?: string;
}

export interface SizeResult {
  customers: number;
  data?: { orders: number; lines: number; top20ProfitShare: number; lossMakingShare: number; ordersWithDaysLate: number };
  browser?: SideResult;
  native: Record<string, SideResult>;
}

export interface BenchResults {
  date: string;
  commit: string;
  machine: string;
  /** 1-minute load average at the start and the end: the cores are shared, so high load means noisy figures. */
  load: string;
  chromium: string;
  seed: number;
  runs: string;
  moves: number;
  warmup: number;
  /** Graded within this many industries (0: all customers together). */
  groups?: number;
  sizes: SizeResult[];
}

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
const mb = (b: number | null | undefined) => (b == null || !Number.isFinite(b) ? '–' : `${Math.round(b / 2 ** 20)} MB`);
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : '–');
const n = (v: number) => v.toLocaleString('en-US');

export function summarise(side: SideResult | undefined) {
  return {
    ingestCold: side?.ingestMs[0] ?? NaN,
    ingest: side ? median(side.ingestMs) : NaN,
    firstCold: side?.firstGradingMs[0] ?? NaN,
    first: side ? median(side.firstGradingMs) : NaN,
    moveMedian: side ? median(side.regradeMs) : NaN,
    moveP95: side ? quantile(side.regradeMs, 0.95) : NaN,
    movers: side ? median(side.moversMs) : NaN,
    settle: side ? median(side.settleMs) : NaN,
    charts: side ? median(side.chartsMs) : NaN,
  };
}

export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`Tierscope bench — ${r.date} — commit ${r.commit}`);
  lines.push('');
  lines.push(
    `${r.machine}; load average ${r.load}; ${r.chromium} headless, DuckDB-WASM EH bundle (single thread) in a Worker; native DuckDB via @duckdb/node-api. ` +
      `Seed ${r.seed}. ${r.groups ? `Graded within ${r.groups} industries (each ranked and cut on its own). ` : ''}Ingest (the generator SQL) and first grading: the first (cold) run and the median of ${r.runs} runs; ` +
      `slider regrade = what the page runs per slider move before it redraws (Grader.regradeFast: every customer's grade → grade table, totals, score histogram, and against the pinned baseline the migration matrix and up/down summary, all as rows): median and p95 over ${r.moves} moves, random weights 0–100 each, after ${r.warmup} warm-up; ` +
      'then movers = the movers list after those (Grader.fastMovers, skipped by the page while newer moves wait); ' +
      'settled = what the page runs once a drag stops (Grader.run re-creating customers_graded, customer list, what-if queries); charts = the chart queries after that (loadChartData). ' +
      'Times in ms, taken inside the page (browser) or around the call (native).',
  );
  lines.push('');
  lines.push('| customers | engine | ingest cold · median | first grading cold · median | **slider regrade median** | regrade p95 | regrade ÷ native 2t | then movers median | settled median | charts median | tab peak RSS | DuckDB memory |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.sizes) {
    const ref = summarise(s.native['2']);
    const sides: [string, SideResult | undefined][] = [['browser', s.browser], ...Object.entries(s.native).map(([t, v]) => [`native ${t}t`, v] as [string, SideResult])];
    for (const [label, side] of sides) {
      if (!side) continue;
      if (side.error) {
        lines.push(`| ${n(s.customers)} | ${label} | failed ${side.error.slice(0, 200).replaceAll('|', '/')} | | | | | | | | ${mb(side.memory?.peakRssBytes)} | |`);
        continue;
      }
      const x = summarise(side);
      lines.push(
        `| ${n(s.customers)} | ${label} | ${ms(x.ingestCold)} · ${ms(x.ingest)} | ${ms(x.firstCold)} · ${ms(x.first)} | **${ms(x.moveMedian)}** | ${ms(x.moveP95)} | ` +
          `${ratio(x.moveMedian, ref.moveMedian)} | ${ms(x.movers)} | ${ms(x.settle)} | ${ms(x.charts)} | ${mb(side.memory?.peakRssBytes)} | ${mb(side.memory?.duckdbBytes)} |`,
      );
    }
  }
  const phases = r.sizes.filter((s) => s.browser?.memory?.peakByPhase);
  if (phases.length) {
    lines.push('');
    lines.push('Tab peak resident memory after each phase (the wasm heap grows to its peak and does not shrink):');
    lines.push('');
    const names = Object.keys(phases[0]!.browser!.memory!.peakByPhase!);
    lines.push(`| customers | ${names.join(' | ')} |`);
    lines.push(`|---:|${names.map(() => '---:').join('|')}|`);
    for (const s of phases) lines.push(`| ${n(s.customers)} | ${names.map((k) => mb(s.browser!.memory!.peakByPhase![k])).join(' | ')} |`);
  }
  lines.push('');
  lines.push('Per step (median ms), browser / native 2 threads:');
  lines.push('');
  lines.push('| customers | phase | step | browser | native 2t | ratio |');
  lines.push('|---:|---|---|---:|---:|---:|');
  for (const s of r.sizes) {
    for (const [phase, key] of [
      ['first grading', 'firstGradingSteps'],
      ['slider move', 'regradeSteps'],
      ['settled drag', 'settleSteps'],
      ['charts after a settled drag', 'chartsSteps'],
    ] as const) {
      const bs = s.browser?.[key] ?? {};
      const ns = s.native['2']?.[key] ?? {};
      for (const step of [...new Set([...Object.keys(bs), ...Object.keys(ns)])]) {
        lines.push(`| ${n(s.customers)} | ${phase} | ${step} | ${ms(bs[step] ?? NaN)} | ${ms(ns[step] ?? NaN)} | ${ratio(bs[step] ?? NaN, ns[step] ?? NaN)} |`);
      }
    }
  }
  lines.push('');
  lines.push('Data (same generator SQL on both sides):');
  lines.push('');
  lines.push('| customers | orders | order lines | orders with days late | top 20 % customers’ share of profit | loss-making customers | same grades and movers browser = native |');
  lines.push('|---:|---:|---:|---:|---:|---:|---|');
  for (const s of r.sizes) {
    const d = s.data;
    const same =
      s.browser && !s.browser.error && s.native['2']
        ? JSON.stringify([s.browser.gradeCounts, s.browser.lastMoveCounts, [...s.browser.lastMovers].sort()]) === JSON.stringify([s.native['2'].gradeCounts, s.native['2'].lastMoveCounts, [...s.native['2'].lastMovers].sort()])
          ? 'yes'
          : `NO: ${JSON.stringify(s.browser.gradeCounts)} vs ${JSON.stringify(s.native['2'].gradeCounts)}`
        : '–';
    lines.push(
      d
        ? `| ${n(s.customers)} | ${n(d.orders)} | ${n(d.lines)} | ${n(d.ordersWithDaysLate)} | ${(d.top20ProfitShare * 100).toFixed(1)} % | ${(d.lossMakingShare * 100).toFixed(1)} % | ${same} |`
        : `| ${n(s.customers)} | – | – | – | – | – | ${same} |`,
    );
  }
  return lines.join('\n') + '\n';
}

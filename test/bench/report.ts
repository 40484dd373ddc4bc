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
  /** Median ms per pipeline step over the slider moves. */
  regradeSteps: Record<string, number>;
  /** Steps a slider move ran (the rest were reused). */
  regradeRan: string[];
  /** Customers per grade after the first grading and after the last move, to compare engines. */
  gradeCounts: number[];
  lastMoveCounts: number[];
  memory?: TabMemory & { duckdbBytes: number | null };
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
  chromium: string;
  seed: number;
  runs: number;
  moves: number;
  warmup: number;
  sizes: SizeResult[];
}

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
const mb = (b: number | null | undefined) => (b == null || !Number.isFinite(b) ? '–' : `${Math.round(b / 2 ** 20)} MB`);
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : '–');
const n = (v: number) => v.toLocaleString('en-US');

export function summarise(side: SideResult | undefined) {
  return {
    ingest: side ? median(side.ingestMs) : NaN,
    first: side ? median(side.firstGradingMs) : NaN,
    moveMedian: side ? median(side.regradeMs) : NaN,
    moveP95: side ? quantile(side.regradeMs, 0.95) : NaN,
  };
}

export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`Tierscope bench — ${r.date} — commit ${r.commit}`);
  lines.push('');
  lines.push(
    `${r.machine}; ${r.chromium} headless, DuckDB-WASM EH bundle (single thread) in a Worker; native DuckDB via @duckdb/node-api. ` +
      `Seed ${r.seed}; medians of ${r.runs} runs for ingest and first grading; slider regrade over ${r.moves} moves (after ${r.warmup} warm-up). ` +
      'Times in ms, taken inside the page (browser) or around the call (native).',
  );
  lines.push('');
  lines.push(
    '| customers | order lines | ingest (browser / native 2t) | first grading (browser / native 2t) | regrade median browser | regrade p95 browser | regrade median native 2t / 1t | browser ÷ native 2t (regrade) | tab peak RSS | DuckDB memory |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.sizes) {
    const b = summarise(s.browser);
    const n2 = summarise(s.native['2']);
    const n1 = summarise(s.native['1']);
    const err = s.browser?.error ? ` (browser: ${s.browser.error.slice(0, 80)})` : '';
    lines.push(
      `| ${n(s.customers)}${err} | ${s.data ? n(s.data.lines) : '–'} | ${ms(b.ingest)} / ${ms(n2.ingest)} | ${ms(b.first)} / ${ms(n2.first)} | ` +
        `**${ms(b.moveMedian)}** | ${ms(b.moveP95)} | ${ms(n2.moveMedian)} / ${ms(n1.moveMedian)} | ${ratio(b.moveMedian, n2.moveMedian)} | ` +
        `${mb(s.browser?.memory?.peakRssBytes)} | ${mb(s.browser?.memory?.duckdbBytes)} |`,
    );
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
  lines.push('| customers | orders | order lines | orders with days late | top 20 % customers’ share of profit | loss-making customers | same grade counts browser = native |');
  lines.push('|---:|---:|---:|---:|---:|---:|---|');
  for (const s of r.sizes) {
    const d = s.data;
    const same =
      s.browser && !s.browser.error && s.native['2']
        ? JSON.stringify([s.browser.gradeCounts, s.browser.lastMoveCounts]) === JSON.stringify([s.native['2'].gradeCounts, s.native['2'].lastMoveCounts])
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

// `npx vitest run --project bench test/bench/file-drop.bench.ts`: a file a user drops,
// timed from the File to the Data step's mapping, in headless Chromium (DuckDB-WASM,
// the page's own loadFile and mapping profile, the file handed over by the file
// picker as a user's would be), beside native DuckDB reading the same file in place
// (the command line's route: src/cli/read-input.ts). Measures only: nothing here
// asserts on time; it asserts that both engines read the same values.
//
// The files are an ERP's order-line export (单据编号, 单据日期, 客户代码, 客户全称, 行号,
// 价税合计, 毛利, 实发数量), written by native DuckDB from the bench's synthetic data:
//   - UTF-8 CSV; the same in GB18030; the same with amounts as "¥1,234.50" (parsed in SQL);
//   - Parquet of the same, typed (DuckDB's writer).
//
//   BENCH_DROP_LINES=1000000   order lines per file (default 1M)
//   BENCH_DROP_RUNS=3          reads per file and engine (median; default 3)
//   BENCH_DROP_ONLY=Parquet    only the files whose label contains this text
//
// Writes test/bench/results/file-drop.md.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor } from '../../src/cli/read-input';
import { str } from '../../src/sql/quote';
import { launchChromium } from '../support/browser';
import { serveStatic, type StaticServer } from '../support/static-server';
import { buildBenchPage } from './build-page';
import type { DropTiming } from './drop';
import { loadPicked } from './drop';
import { tabMemory } from './memory';
import { openNativeEngine } from './native';
import { ingestSteps } from './plan';
import { median } from './timing';

const LINES = Number(process.env.BENCH_DROP_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_DROP_RUNS ?? 3);
const ONLY = process.env.BENCH_DROP_ONLY ?? '';
/** The generator writes about 4.8 lines per customer. */
const CUSTOMERS = Math.ceil(LINES / 4.5);
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

interface DropFile {
  label: string;
  path: string;
  bytes: number;
  /** The issue's goal for the tab, seconds. */
  goalS: number | null;
}

interface Side {
  engine: string;
  runs: DropTiming[];
  peakRssBytes?: number | null;
  error?: string;
}

let dir: string;
let files: DropFile[] = [];
let server: StaticServer;
let browser: Browser;
const rows: { file: DropFile; browser: Side; native: Side }[] = [];

const SELECT_LINES = (amount: (col: string) => string) => `
  SELECT o.order_id AS 单据编号, o.order_date AS 单据日期, o.customer_id AS 客户代码, c.customer_name AS 客户全称,
         l.line_no AS 行号, ${amount('l.sales')} AS 价税合计, ${amount('l.profit')} AS 毛利, l.quantity AS 实发数量
  FROM syn_lines l JOIN syn_orders o USING (order_id) JOIN syn_customers c USING (customer_id)
  ORDER BY o.order_id, l.line_no
  LIMIT ${Math.trunc(LINES)}`;

async function writeFiles(): Promise<DropFile[]> {
  const engine = await openNativeEngine(cpus().length);
  try {
    for (const step of ingestSteps(CUSTOMERS, 42)) await engine.query(step.sql);
    const utf8 = join(dir, '销售明细.csv');
    const yuan = join(dir, '销售明细-金额带符号.csv');
    const parquet = join(dir, '销售明细.parquet');
    await engine.query(`COPY (${SELECT_LINES((c) => c)}) TO ${str(utf8)} (FORMAT csv, HEADER true)`);
    await engine.query(`COPY (${SELECT_LINES((c) => `format('¥{:,.2f}', ${c})`)}) TO ${str(yuan)} (FORMAT csv, HEADER true)`);
    await engine.query(`COPY (${SELECT_LINES((c) => c)}) TO ${str(parquet)} (FORMAT parquet)`);
    const gb = join(dir, '销售明细-GB18030.csv');
    writeFileSync(gb, iconv.encode(readFileSync(utf8, 'utf8'), 'gb18030'));
    const f = (label: string, path: string, goalS: number | null): DropFile => ({ label, path, bytes: statSync(path).size, goalS });
    return [f('CSV, UTF-8', utf8, 4), f('CSV, GB18030', gb, 6), f('CSV, UTF-8, amounts as "¥1,234.50"', yuan, null), f('Parquet', parquet, 3)];
  } finally {
    await engine.close();
  }
}

async function inBrowser(file: DropFile): Promise<Side> {
  // A fresh tab per file: its peak memory is this file's.
  const context = await browser.newContext();
  const page = await context.newPage();
  const side: Side = { engine: '', runs: [] };
  try {
    await page.goto(server.url);
    side.engine = `Chromium DuckDB-WASM ${await page.evaluate(() => window.bench.ready())}`;
    for (let r = 0; r < RUNS; r++) {
      // The picker hands the page a File backed by the file on disk, as a user's pick does.
      await page.setInputFiles('#pick', file.path);
      side.runs.push(await page.evaluate(() => window.bench.loadPicked()));
    }
    side.peakRssBytes = (await tabMemory(browser, page)).peakRssBytes;
  } catch (e) {
    side.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    await context.close();
  }
  return side;
}

async function inNative(file: DropFile): Promise<Side> {
  const engine = await openNativeEngine(2);
  const side: Side = { engine: `native DuckDB ${engine.version}, 2 threads, reading the file in place`, runs: [] };
  const tmp = mkdtempSync(join(dir, 'native-'));
  try {
    for (let r = 0; r < RUNS; r++) {
      // The command line's inputs (a large legacy-encoded file is converted to UTF-8 in chunks first): timed with the read.
      const t0 = performance.now();
      const [one] = await inputsFor(engine, file.path, tmp);
      const convertMs = performance.now() - t0;
      const t = await loadPicked(engine, one!.input, () => performance.now());
      side.runs.push({ ...t, loadMs: convertMs + t.loadMs });
    }
  } finally {
    await engine.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  return side;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const total = (t: DropTiming) => t.loadMs + t.profileMs;

function report(): string {
  const out = [
    `### A dropped order-line file, ${LINES.toLocaleString('en-US')} lines`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}; ${browser.version()}. Median of ${RUNS} reads per file and engine; "to mapping" is the read plus the mapping profile the Data step shows.`,
    '',
    '| file | size | tab: read | tab: to mapping | goal | native: to mapping | tab ÷ native | tab peak RSS | route in the tab |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const b = r.browser.runs;
    const n = r.native.runs;
    const bm = b.length ? median(b.map(total)) : NaN;
    const nm = n.length ? median(n.map(total)) : NaN;
    const route = r.browser.error ? `failed: ${r.browser.error}` : b[0]!.readInPlace ? 'file handle, DuckDB reads it in place' : `read in JS${b[0]!.encoding ? ` (${b[0]!.encoding})` : ''}`;
    out.push(
      `| ${r.file.label} | ${(r.file.bytes / 2 ** 20).toFixed(0)} MB | ${b.length ? s(median(b.map((t) => t.loadMs))) : '—'} | ${b.length ? s(bm) : '—'} | ${r.file.goalS ? `< ${r.file.goalS} s` : '—'} | ${n.length ? s(nm) : '—'} | ${b.length && n.length ? `${(bm / nm).toFixed(1)}×` : '—'} | ${r.browser.peakRssBytes ? `${Math.round(r.browser.peakRssBytes / 2 ** 20)} MB` : '—'} | ${route} |`,
    );
  }
  out.push('', 'Stages in the tab (ms from the start of the read, median): ');
  out.push('', '| file | parse | stage | type | done | profile |', '|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const b = r.browser.runs;
    if (!b.length) continue;
    const at = (k: keyof DropTiming['stages']) => {
      const v = b.map((t) => t.stages[k]).filter((x): x is number => x !== undefined);
      return v.length ? Math.round(median(v)).toLocaleString('en-US') : '—';
    };
    out.push(`| ${r.file.label} | ${at('parse')} | ${at('stage')} | ${at('type')} | ${at('done')} | ${Math.round(median(b.map((t) => t.profileMs))).toLocaleString('en-US')} |`);
  }
  out.push('', 'Slowest statements of one read in the tab (ms):', '');
  for (const r of rows) {
    const last = r.browser.runs.at(-1);
    if (!last) continue;
    out.push(`- ${r.file.label}: ${last.slowest.map((q) => `${q.ms.toLocaleString('en-US')} \`${q.sql.replaceAll('`', "'")}…\``).join('; ')}`);
  }
  return out.join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tierscope-drop-bench-'));
  files = (await writeFiles()).filter((f) => f.label.includes(ONLY));
  server = await serveStatic(await buildBenchPage(), '/bench/');
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  if (rows.length) {
    const md = report();
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'file-drop.md'), md);
    console.log('\n' + md);
  }
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bench: a dropped order-line file, read in the tab and by native DuckDB', () => {
  it(`${LINES.toLocaleString('en-US')} lines as UTF-8 CSV, GB18030 CSV, "¥1,234.50" CSV and Parquet`, { timeout: 3 * 3600_000 }, async () => {
    for (const file of files) {
      const browserSide = await inBrowser(file);
      const nativeSide = await inNative(file);
      rows.push({ file, browser: browserSide, native: nativeSide });
      // Not a speed check: both engines read the same table.
      expect(browserSide.error).toBeUndefined();
      const [b, n] = [browserSide.runs[0]!, nativeSide.runs[0]!];
      expect(b.rows).toBe(LINES);
      expect(b.columns).toEqual(n.columns);
      expect(b.summary).toEqual(n.summary);
    }
  });
});

// `npx vitest run --project bench test/bench/cli-native.bench.ts`: the command line past
// the tab. Native DuckDB writes the synthetic order lines as one Parquet file (the shape
// of a warehouse export: customer, order, date, amount, profit per line), then
// `tierscope grade FILE --engine native --memory-limit …` grades it as a user would run
// it, in a child process timed by /usr/bin/time for the wall clock and the peak RSS.
// Measures only: nothing here asserts on time.
//
//   BENCH_CLI_CUSTOMERS=1500000   synthetic customers (about 7 order lines each; default 1.5M ≈ 10M lines)
//   BENCH_CLI_MEMORY=2GB          --memory-limit (default 2GB)
//   BENCH_CLI_RUNS=1              CLI runs (median; default 1)
//
// Writes test/bench/results/cli-native.md.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { str } from '../../src/sql/quote';
import { openNativeEngine } from './native';
import { ingestSteps } from './plan';
import { median } from './timing';

const CUSTOMERS = Number(process.env.BENCH_CLI_CUSTOMERS ?? 1_500_000);
const MEMORY = process.env.BENCH_CLI_MEMORY ?? '2GB';
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 1);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

describe('tierscope grade on native DuckDB, reading Parquet itself', () => {
  it(`grades ${CUSTOMERS.toLocaleString('en-US')} customers' order lines within --memory-limit ${MEMORY}`, { timeout: 3 * 3600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierscope-cli-bench-'));
    const file = join(dir, 'order_lines.parquet');
    try {
      const engine = await openNativeEngine(cpus().length);
      const t0 = performance.now();
      for (const step of ingestSteps(CUSTOMERS, 42)) await engine.query(step.sql);
      await engine.query(`COPY (
  SELECT l.order_id, o.customer_id, c.customer_name, o.order_date, l.line_no, l.sales, l.profit, l.quantity
  FROM syn_lines l JOIN syn_orders o USING (order_id) JOIN syn_customers c USING (customer_id)
) TO ${str(file)} (FORMAT parquet)`);
      const [{ n }] = (await engine.rows<{ n: number }>(`SELECT CAST(count(*) AS BIGINT) AS n FROM read_parquet(${str(file)})`)) as [{ n: number }];
      const generateS = (performance.now() - t0) / 1000;
      await engine.close();
      const bytes = statSync(file).size;

      const runs: { seconds: number; peakMb: number }[] = [];
      let output = '';
      for (let r = 0; r < RUNS; r++) {
        const res = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', 'node', 'src/cli/bin.mjs', 'grade', file, '--engine', 'native', '--memory-limit', MEMORY], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
        expect(res.status, res.stderr).toBe(0);
        const m = /TIME ([\d.]+) (\d+)/.exec(res.stderr)!;
        runs.push({ seconds: Number(m[1]), peakMb: Number(m[2]) / 1024 });
        output = res.stdout;
      }
      const report = [
        `### ${CUSTOMERS.toLocaleString('en-US')} customers, ${n.toLocaleString('en-US')} order lines in one Parquet file (${(bytes / 2 ** 30).toFixed(2)} GiB)`,
        '',
        `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; generated in ${generateS.toFixed(1)} s.`,
        '',
        `| run | wall time | peak RSS | --memory-limit |`,
        `|---|---:|---:|---:|`,
        ...runs.map((r, i) => `| ${i + 1} | ${r.seconds.toFixed(1)} s | ${Math.round(r.peakMb).toLocaleString('en-US')} MB | ${MEMORY} |`),
        ...(runs.length > 1 ? [`| median | ${median(runs.map((r) => r.seconds)).toFixed(1)} s | ${Math.round(median(runs.map((r) => r.peakMb)))} MB | |`] : []),
        '',
        'The CLI printed:',
        '',
        '```',
        output.trim(),
        '```',
        '',
      ].join('\n');
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(join(RESULTS, 'cli-native.md'), report);
      console.log(report);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

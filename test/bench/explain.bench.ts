// On demand (BENCH_EXPLAIN=1, sizes from BENCH_SIZES, default 100000): EXPLAIN
// ANALYZE of every grading step in DuckDB-WASM (the Node build of the browser's
// engine, single thread), written to test/bench/results/explain-<step>-<n>.txt.
// A diagnostic for slow SQL, not a measurement.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { buildGradingSql, runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { syntheticMapping } from '../support/synthetic';
import { ingestSteps } from './plan';

const OUT = fileURLToPath(new URL('./results/', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '100000').split(',').map(Number);

describe.skipIf(!process.env.BENCH_EXPLAIN)('EXPLAIN ANALYZE of the grading steps (DuckDB-WASM in Node)', () => {
  for (const n of SIZES) {
    it(`${n} customers`, async () => {
      const engine = await openNodeEngine();
      try {
        for (const s of ingestSteps(n, Number(process.env.BENCH_SEED ?? 42))) await engine.query(s.sql);
        await runGrading(engine, syntheticMapping(), CLASSIC_CRM);
        mkdirSync(OUT, { recursive: true });
        const { sql } = buildGradingSql(syntheticMapping(), CLASSIC_CRM);
        for (const [step, text] of Object.entries(sql)) {
          // EXPLAIN ANALYZE takes the query, not the CREATE TABLE around it.
          const query = text.replace(/^CREATE OR REPLACE TABLE \S+ AS\n/, '').replace(/;\s*$/, '');
          const rows = toRows<Record<string, string>>(await engine.query(`EXPLAIN ANALYZE ${query}`));
          const plan = rows.map((r) => Object.values(r).at(-1)).join('\n');
          writeFileSync(`${OUT}explain-${step}-${n}.txt`, `${text}\n\n${plan}\n`);
          console.log(`${step} (${n}): ${/Total Time: ([\d.]+s)/.exec(plan)?.[1] ?? '?'} → test/bench/results/explain-${step}-${n}.txt`);
        }
      } finally {
        await engine.close();
      }
    });
  }
});

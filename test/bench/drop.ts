// One dropped file read as the page reads it (src/app/ingest.svelte.ts: loadFile,
// then the mapping profile the Data step shows), on any Engine: the bench page runs it
// on DuckDB-WASM with a browser File, file-drop.bench.ts on native DuckDB with the
// command line's inputs (DuckDB reading the file in place). Summaries of the table
// come back so that both engines can be shown to have read the same values.

import type { Engine } from '../../src/db/engine';
import { loadFile, type LoadInput, type LoadStage } from '../../src/ingest/load-file';
import { profileTable } from '../../src/ingest/mapping-profile';
import { toRows } from '../../src/results/rows';
import { ident } from '../../src/sql/quote';
import { timedEngine } from './timing';

export interface DropTiming {
  /** loadFile: read, parse, stage and type, as the page's file list shows it. */
  loadMs: number;
  /** Milliseconds from the start at which each stage began. */
  stages: Partial<Record<LoadStage, number>>;
  /** The mapping profile (roles and fields guessed from values). */
  profileMs: number;
  readInPlace: boolean;
  encoding: string | null;
  rows: number;
  columns: string[];
  /** Per numeric column its sum (rounded to cents), per text column its distinct count. */
  summary: Record<string, number>;
  /** The slowest statements of the read, for where the time goes. */
  slowest: { ms: number; sql: string }[];
}

export async function loadPicked(engine: Engine, input: LoadInput, now: () => number): Promise<DropTiming> {
  const stages: Partial<Record<LoadStage, number>> = {};
  const { engine: timed, log } = timedEngine(engine, now);
  const t0 = now();
  const loaded = await loadFile(timed, input, { onProgress: (s) => (stages[s] = now() - t0) });
  const loadMs = now() - t0;
  const t1 = now();
  await profileTable(engine, loaded.table, input.name);
  const profileMs = now() - t1;
  const slowest = log.sort((a, b) => b.ms - a.ms).slice(0, 6).map((q) => ({ ms: Math.round(q.ms), sql: q.sql.replace(/\s+/g, ' ').slice(0, 90) }));
  const parts = loaded.columns.map((c) =>
    c.sqlType === 'DOUBLE' || c.sqlType === 'BIGINT'
      ? `CAST(round(sum(${ident(c.name)}), 2) AS DOUBLE) AS ${ident(c.name)}`
      : `CAST(count(DISTINCT ${ident(c.name)}) AS DOUBLE) AS ${ident(c.name)}`,
  );
  const [summary] = toRows<Record<string, number>>(await engine.query(`SELECT ${parts.join(', ')} FROM ${ident(loaded.table)}`));
  // Each run reads the file afresh: the table goes, so runs do not pile up in memory.
  await engine.query(`DROP TABLE IF EXISTS ${ident(loaded.table)}`);
  return {
    loadMs,
    stages,
    profileMs,
    readInPlace: loaded.readInPlace === true,
    encoding: loaded.encoding?.encoding ?? null,
    rows: loaded.rows,
    columns: loaded.columns.map((c) => `${c.name} ${c.sqlType}`),
    summary: summary ?? {},
    slowest,
  };
}

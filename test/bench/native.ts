// The reference: native DuckDB (@duckdb/node-api, pinned to the DuckDB version
// inside duckdb-wasm 1.32.0, v1.4.3) through the app's own native Engine, so the
// app's pipeline code (Grader) runs on it unchanged with a fixed thread count.

import type { Engine } from '../../src/db/engine';
import { openNativeEngine as openEngine } from '../../src/db/native-engine';
import { toRows } from '../../src/results/rows';
import { int } from '../../src/sql/quote';

export interface NativeEngine extends Engine {
  version: string;
  rows<T extends object>(sql: string): Promise<T[]>;
  setThreads(n: number): Promise<void>;
}

export async function openNativeEngine(threads: number): Promise<NativeEngine> {
  const engine = await openEngine({ threads });
  const rows = async <T extends object>(sql: string) => toRows<T>(await engine.query(sql));
  const [{ v }] = (await rows<{ v: string }>('SELECT version() AS v')) as [{ v: string }];
  return {
    ...engine,
    version: v,
    rows,
    async setThreads(n) {
      await engine.query(`SET threads = ${int(Math.trunc(n))}`);
    },
  };
}

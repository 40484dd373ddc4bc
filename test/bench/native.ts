// The reference: native DuckDB (@duckdb/node-api, pinned to the DuckDB version
// inside duckdb-wasm 1.32.0, v1.4.3) behind the app's Engine interface, so the
// app's own pipeline code (Grader) runs on it unchanged with a fixed thread count.

import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromJSON, type Table } from 'apache-arrow';
import { SESSION_SETUP_SQL, type Engine } from '../../src/db/engine';

export interface NativeEngine extends Engine {
  version: string;
  rows<T>(sql: string): Promise<T[]>;
  setThreads(n: number): Promise<void>;
}

export async function openNativeEngine(threads: number): Promise<NativeEngine> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  for (const sql of SESSION_SETUP_SQL) await conn.run(sql);
  const rows = async <T>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
  // The pipeline reads results as Arrow, like the wasm engines return them; results here are small.
  const query = async (sql: string) => tableFromJSON((await conn.runAndReadAll(sql)).getRowObjectsJS()) as unknown as Table;
  const [{ v }] = (await rows<{ v: string }>('SELECT version() AS v')) as [{ v: string }];
  return {
    version: v,
    rows,
    query,
    async queryBound(sql, params) {
      return tableFromJSON((await conn.runAndReadAll(sql, params as never)).getRowObjectsJS()) as unknown as Table;
    },
    async registerFile() {
      throw new Error('The native bench engine reads no files: its data comes from the SQL generator.');
    },
    async dropFile() {},
    async setThreads(n) {
      await conn.run(`SET threads = ${Math.trunc(n)}`);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

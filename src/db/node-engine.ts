// DuckDB-WASM's blocking build, run in Node: the same engine and SQL as the
// browser, without a worker. Used by the integration tests, the CLI and the benchmark.

import { createRequire } from 'node:module';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { Table } from 'apache-arrow';
import { CONNECTION_SETUP_SQL, QueryCancelled, SESSION_SETUP_SQL, type Engine } from './engine';

const require = createRequire(import.meta.url);

export async function openNodeEngine(): Promise<Engine> {
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  for (const sql of [...SESSION_SETUP_SQL, ...CONNECTION_SETUP_SQL]) conn.query(sql);
  let aside: ReturnType<typeof db.connect> | null = null;
  return {
    async query(sql) {
      return conn.query(sql) as unknown as Table;
    },
    async queryBound(sql, params) {
      const stmt = conn.prepare(sql);
      try {
        return stmt.query(...(params as unknown[])) as unknown as Table;
      } finally {
        stmt.close();
      }
    },
    async queryAside(sql, signal) {
      // Blocking: a running statement cannot be interrupted here, only one not yet started.
      if (signal?.aborted) throw new QueryCancelled();
      if (!aside) {
        aside = db.connect();
        for (const s of CONNECTION_SETUP_SQL) aside.query(s);
      }
      const stmt = aside.prepare(sql);
      try {
        return stmt.query() as unknown as Table;
      } finally {
        stmt.close();
      }
    },
    async registerFile(name, bytes) {
      db.registerFileBuffer(name, bytes);
    },
    async insertArrowIpc(name, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async dropFile(name) {
      db.dropFile(name);
    },
    async close() {
      aside?.close();
      conn.close();
      db.reset();
    },
  };
}

// DuckDB-WASM in a Web Worker, its wasm and worker served from our own build
// (never a CDN). Only the single-threaded "eh" bundle ships: it needs no
// COOP/COEP headers, and every browser we target supports wasm exceptions.

import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Table } from 'apache-arrow';
import { SESSION_SETUP_SQL, type Engine } from './engine';

export async function openBrowserEngine(): Promise<Engine> {
  const worker = new Worker(new URL(workerUrl, document.baseURI));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, document.baseURI).href);
  const conn = await db.connect();
  for (const sql of SESSION_SETUP_SQL) await conn.query(sql);
  return {
    async query(sql) {
      return (await conn.query(sql)) as unknown as Table;
    },
    async queryBound(sql, params) {
      const stmt = await conn.prepare(sql);
      try {
        return (await stmt.query(...(params as unknown[]))) as unknown as Table;
      } finally {
        await stmt.close();
      }
    },
    async prepare(sql) {
      const stmt = await conn.prepare(sql);
      return {
        query: async (params) => (await stmt.query(...(params as unknown[]))) as unknown as Table,
        close: () => stmt.close(),
      };
    },
    async registerFile(name, bytes) {
      await db.registerFileBuffer(name, bytes);
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
    async registerFileHandle(name, file) {
      // The worker reads slices of the File on demand (FileReaderSync), so a 1 GB export never sits in JS memory.
      await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}

// DuckDB-WASM in a Web Worker, its wasm and worker served from our own build
// (never a CDN). Only the single-threaded "eh" bundle ships: it needs no
// COOP/COEP headers, and every browser we target supports wasm exceptions.

import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { Table } from 'apache-arrow';
import { CONNECTION_SETUP_SQL, QueryCancelled, SESSION_SETUP_SQL, type Engine } from './engine';

export async function openBrowserEngine(): Promise<Engine> {
  const worker = new Worker(new URL(workerUrl, document.baseURI));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, document.baseURI).href);
  const conn = await db.connect();
  for (const sql of [...SESSION_SETUP_SQL, ...CONNECTION_SETUP_SQL]) await conn.query(sql);
  let aside: Promise<duckdb.AsyncDuckDBConnection> | null = null;
  // One aside query at a time: cancelSent cancels whatever the connection is running.
  let asideQueue: Promise<unknown> = Promise.resolve();
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
    queryAside(sql, signal) {
      const run = asideQueue.then(async () => {
        if (signal?.aborted) throw new QueryCancelled();
        aside ??= db.connect().then(async (c) => {
          for (const sql of CONNECTION_SETUP_SQL) await c.query(sql);
          return c;
        });
        const c = await aside;
        // Preparing refuses more than one statement; the same text then runs as a pending
        // query, which the worker executes in slices and so can cancel between them.
        await (await c.prepare(sql)).close();
        let cancelled = false;
        const onAbort = () => {
          cancelled = true;
          void c.cancelSent();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const reader = await c.send(sql);
          if (cancelled) throw new QueryCancelled();
          const batches = await reader.readAll();
          return new Table(reader.schema, batches);
        } catch (e) {
          throw cancelled ? new QueryCancelled() : e;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      });
      asideQueue = run.catch(() => {});
      return run as Promise<Table>;
    },
    async registerFile(name, bytes) {
      await db.registerFileBuffer(name, bytes);
    },
    async insertArrowIpc(name, ipc) {
      await conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
    async registerFileHandle(name, file) {
      // The worker reads slices of the File on demand (FileReaderSync), so a 1 GB export never sits in JS memory.
      await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    },
    async close() {
      if (aside) await (await aside).close();
      await conn.close();
      await db.terminate();
    },
  };
}

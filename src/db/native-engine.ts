// Native DuckDB (@duckdb/node-api) behind the same Engine interface, for the
// CLI on data too large for a browser tab: the very same SQL, on all cores.
// Registered files are written to a private temp folder that DuckDB searches.

import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromJSON, type Table } from 'apache-arrow';
import { CONNECTION_SETUP_SQL, SESSION_SETUP_SQL, type Engine } from './engine';
import { str } from '../sql/quote';
import { serial } from './serial';

export async function openNativeEngine(threads?: number): Promise<Engine> {
  // Loaded on demand: the browser build and the wasm path never need the native binary.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const conn = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'tierscope-'));
  for (const sql of [...SESSION_SETUP_SQL, ...CONNECTION_SETUP_SQL]) await conn.run(sql);
  await conn.run(`SET file_search_path = ${str(dir)}`);
  const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._-]/gu, '_');
  // Results the pipeline reads are small (grade tables, lists); Arrow keeps one result type everywhere.
  const asTable = (rows: Record<string, unknown>[]) => tableFromJSON(rows) as unknown as Table;
  // One statement at a time: the binding runs each call on its own libuv thread, and two
  // statements in flight on one connection fail ("Failed to execute prepared statement",
  // DuckDB's message lost) or crash the process. Callers may overlap (Promise.all over
  // tables), as they can on DuckDB-WASM, whose worker answers one message at a time.
  const queue = serial();
  const run = <T>(sql: string, work: () => Promise<T>): Promise<T> =>
    queue(async () => {
      try {
        return await work();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new Error(`${message} (native DuckDB, running: ${sql.replace(/\s+/g, ' ').slice(0, 160)}…)`, { cause: e });
      }
    });
  return {
    async query(sql) {
      return run(sql, async () => asTable((await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]));
    },
    async queryBound(sql, params) {
      return run(sql, async () => asTable((await conn.runAndReadAll(sql, params as never)).getRowObjectsJS() as Record<string, unknown>[]));
    },
    async registerFile(name, bytes) {
      if (name !== safeName(name)) throw new Error(`File name ${JSON.stringify(name)} has characters the native engine does not register`);
      // Queued too: a statement still reading the folder never sees a half-written file.
      return run(`register ${name}`, async () => writeFileSync(join(dir, name), bytes));
    },
    async dropFile(name) {
      return run(`drop ${name}`, async () => {
        try {
          unlinkSync(join(dir, safeName(name)));
        } catch {
          // already gone
        }
      });
    },
    async close() {
      await queue.idle();
      conn.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

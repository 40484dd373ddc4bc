// The one interface through which the app talks to DuckDB. Two implementations:
// browser-engine.ts (async, in a Web Worker) and node-engine.ts (blocking, for
// tests, the CLI and the benchmark). Each owns its database and its single connection.

import { WORK_DB } from '../sql/catalog';
import type { Table } from 'apache-arrow';

export interface Engine {
  /** Run one SQL statement and return its result as an Arrow table. */
  query(sql: string): Promise<Table>;
  /** Run one statement with `?` placeholders bound to values (never pasted into the text). */
  queryBound(sql: string, params: readonly unknown[]): Promise<Table>;

  /** Make bytes readable from SQL under `name`, e.g. read_csv('name'). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  dropFile(name: string): Promise<void>;
  /**
   * DuckDB-WASM only: create table `name` from an Arrow IPC stream (a Parquet file read
   * in JS, parquet-arrow.ts). The bytes may be handed over to the worker and unusable after.
   */
  insertArrowIpc?(name: string, ipc: Uint8Array): Promise<void>;
  /**
   * Browser only: let SQL read a File/Blob in place, without copying it into JS
   * memory first (large CSV exports). Absent where files arrive as bytes (Node).
   */
  registerFileHandle?(name: string, file: Blob): Promise<void>;
  /**
   * Native DuckDB only: SQL reads files on disk by their path (read_csv, read_parquet,
   * globs), out of core, so the CLI hands over paths instead of bytes (LoadInput.path).
   */
  readonly readsFiles?: boolean;
  /**
   * Run exactly one statement (more are refused) on a second connection to the same
   * database, for the analyst's SQL cells: it sees every table, but cannot touch the
   * pipeline connection's session (temp tables, settings, a transaction), and `signal`
   * cancels it where the engine can (the browser's worker polls, so it can be interrupted).
   * Absent on engines without a second connection; callers fall back to queryBound.
   */
  queryAside?(sql: string, signal?: AbortSignal): Promise<Table>;
  close(): Promise<void>;
}

/** The message a cancelled queryAside rejects with. */
export class QueryCancelled extends Error {
  constructor() {
    super('The query was cancelled.');
    this.name = 'QueryCancelled';
  }
}


/**
 * Statements run on every new database. DuckDB-WASM would otherwise fetch
 * extensions (parquet, json, excel…) from the internet on first use; the app
 * makes no request to another origin, so such a query must fail with a message instead.
 */
export const SESSION_SETUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  // Tables live in a compressed in-memory database: a million customers' tables take
  // about a fifth of the memory (DuckDB-WASM has 3.1 GiB in all, a tab should stay under 2).
  `ATTACH IF NOT EXISTS ':memory:' AS ${WORK_DB} (COMPRESS)`,
];

/** Every connection reads and writes the compressed database by default. */
export const CONNECTION_SETUP_SQL = [`USE ${WORK_DB}`];


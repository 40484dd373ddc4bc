// Native DuckDB (@duckdb/node-api) behind the same Engine interface, for the
// CLI on data too large for a browser tab: the very same SQL, on all cores.
// Registered files are written to a private temp folder that DuckDB searches.

import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, DateMillisecond, Field, Float64, Int32, Int64, List, Null, Struct, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { DuckDBType } from '@duckdb/node-api';
import { CONNECTION_SETUP_SQL, SESSION_SETUP_SQL, type Engine } from './engine';
import { str } from '../sql/quote';
import { serial } from './serial';

/** The native binding is not installed: the message says how to get it, and that wasm works without it. */
export class NativeMissing extends Error {
  constructor(cause: unknown) {
    super(
      'Native DuckDB (@duckdb/node-api) is not installed here. Install it with: npm install @duckdb/node-api@1.4.3-r.3 — or grade with --engine wasm (the default), which needs nothing more.',
      { cause },
    );
    this.name = 'NativeMissing';
  }
}

/** DuckDB's type ids, from the binding once it is loaded (it is imported on demand). */
let DUCK: typeof import('@duckdb/node-api').DuckDBTypeId;

export interface NativeOptions {
  threads?: number;
  /** DuckDB's memory_limit, e.g. "4GB": past it, tables and intermediates spill to the temp folder. */
  memoryLimit?: string;
}

/** A memory limit as DuckDB reads it ("4GB", "512 MiB"): the CLI refuses anything else before opening the engine. */
export const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/iu;

/**
 * One result column as Arrow. Inferred from the values where Arrow can (as before); a
 * column of NULLs only, or of structs with text (the ingest's examples), takes its
 * type from DuckDB's, since inference drops the first and refuses the second.
 */
function toVector(values: unknown[], type: DuckDBType): Vector {
  if (values.every((v) => v === null || v === undefined)) return vectorFromArray(values, new Null());
  try {
    return vectorFromArray(values);
  } catch {
    return vectorFromArray(values.map((v) => jsFor(v, type)) as never, arrowType(type));
  }
}

function arrowType(type: DuckDBType): DataType {
  switch (type.typeId) {
    case DUCK.BOOLEAN:
      return new Bool();
    case DUCK.TINYINT:
    case DUCK.SMALLINT:
    case DUCK.INTEGER:
      return new Int32();
    case DUCK.BIGINT:
      return new Int64();
    case DUCK.FLOAT:
    case DUCK.DOUBLE:
    case DUCK.DECIMAL:
      return new Float64();
    case DUCK.DATE:
      return new DateMillisecond();
    case DUCK.LIST: {
      const t = type as Extract<DuckDBType, { valueType: DuckDBType }>;
      return new List(new Field('item', arrowType(t.valueType), true));
    }
    case DUCK.STRUCT: {
      const t = type as Extract<DuckDBType, { entryNames: readonly string[] }>;
      return new Struct(t.entryNames.map((n, i) => new Field(n, arrowType(t.entryTypes[i]!), true)));
    }
    default:
      return new Utf8();
  }
}

/** A value in the shape arrowType's vector takes (the same cases): text for what it keeps as text. */
function jsFor(v: unknown, type: DuckDBType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case DUCK.BOOLEAN:
    case DUCK.TINYINT:
    case DUCK.SMALLINT:
    case DUCK.INTEGER:
    case DUCK.DATE:
      return v;
    case DUCK.BIGINT:
      return BigInt(v as number);
    case DUCK.FLOAT:
    case DUCK.DOUBLE:
    case DUCK.DECIMAL:
      return Number(v);
    case DUCK.LIST:
      return (v as unknown[]).map((x) => jsFor(x, (type as Extract<DuckDBType, { valueType: DuckDBType }>).valueType));
    case DUCK.STRUCT: {
      const t = type as Extract<DuckDBType, { entryNames: readonly string[] }>;
      return Object.fromEntries(t.entryNames.map((n, i) => [n, jsFor((v as Record<string, unknown>)[n], t.entryTypes[i]!)]));
    }
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

export async function openNativeEngine({ threads, memoryLimit }: NativeOptions = {}): Promise<Engine> {
  // Loaded on demand: the browser build and the wasm path never need the native binary.
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    // An optional dependency: npm skips it where it has no binary, or when told to.
    throw new NativeMissing(e);
  }
  const { DuckDBInstance } = api;
  DUCK = api.DuckDBTypeId;
  const dir = mkdtempSync(join(tmpdir(), 'tierscope-'));
  // Out of core: an in-memory database spills to temp_directory once memory_limit is reached.
  const config: Record<string, string> = { temp_directory: join(dir, 'spill') };
  if (threads) config.threads = String(threads);
  if (memoryLimit) {
    config.memory_limit = memoryLimit;
    // Out of core, DuckDB's own advice: results need not keep the scan's order to stream (every
    // order the pipeline relies on is an ORDER BY of its own).
    config.preserve_insertion_order = 'false';
  }
  const instance = await DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  for (const sql of [...SESSION_SETUP_SQL, ...CONNECTION_SETUP_SQL]) await conn.run(sql);
  await conn.run(`SET file_search_path = ${str(dir)}`);
  const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._-]/gu, '_');
  // Results the pipeline reads are small (grade tables, lists); Arrow keeps one result type everywhere.
  const asTable = (reader: { columnNames(): string[]; columnTypes(): DuckDBType[]; getColumnsJS(): unknown[][] }): Table => {
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns = reader.getColumnsJS();
    const vectors: Record<string, Vector> = {};
    names.forEach((name, i) => {
      const values = columns[i] ?? [];
      vectors[name] = toVector(values, types[i]!);
    });
    return new Table(vectors);
  };
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
    readsFiles: true,
    async query(sql) {
      return run(sql, async () => asTable(await conn.runAndReadAll(sql)));
    },
    async queryBound(sql, params) {
      return run(sql, async () => asTable(await conn.runAndReadAll(sql, params as never)));
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

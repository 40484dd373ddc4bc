// A Parquet file the page reads goes to DuckDB-WASM as Arrow columns (parquet-arrow.ts)
// when its columns are flat and plain, else row by row as before. Both routes must give
// the same table and the same report, on real files from many writers (test/data/parquet,
// see SOURCE.md there) and on a file with every plain type; native DuckDB reading the
// same file in place agrees too.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native-engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { inputsFor } from '../../src/cli/read-input';
import { IngestError } from '../../src/ingest/errors';
import { loadFile, type LoadInput } from '../../src/ingest/load-file';
import { toRows } from '../../src/results/rows';
import { ident } from '../../src/sql/quote';

const FILES = join(import.meta.dirname, '../data/parquet');
let wasm: Engine;
let rowsOnly: Engine;
let native: Engine;
let dir: string;

beforeAll(async () => {
  wasm = await openNodeEngine();
  // The same engine without Arrow: the row route every Parquet file took before.
  rowsOnly = { ...wasm, insertArrowIpc: undefined };
  native = await openNativeEngine({ threads: 2, memoryLimit: '1GB' });
  dir = mkdtempSync(join(tmpdir(), 'tierscope-parquet-arrow-'));
});
afterAll(async () => {
  await wasm.close();
  await native.close();
});

type Read = { contents: string; report: string; arrow: boolean } | { error: string };

async function read(engine: Engine, input: LoadInput): Promise<Read> {
  try {
    const { table, sql, readInPlace: _r, ...report } = await loadFile(engine, input);
    const cols = toRows<{ column_name: string; column_type: string }>(await engine.query(`DESCRIBE ${ident(table)}`));
    const values = toRows(await engine.query(`SELECT ${cols.map((c) => `CAST(${ident(c.column_name)} AS VARCHAR) AS ${ident(c.column_name)}`).join(', ')} FROM ${ident(table)}`));
    return { contents: JSON.stringify([cols.map((c) => `${c.column_name} ${c.column_type}`), values]), report: JSON.stringify(report), arrow: sql.some((s) => s.includes('__ingest_arrow_')) };
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { error: `${e.code}: ${e.message}` };
  }
}

const withoutRoute = (r: Read) => ('error' in r ? r : { contents: r.contents, report: r.report });

// Flat files of plain types; the others hold lists, maps or structs, unsigned or float16
// columns, or decimals as variable-length bytes, and take the row route.
const ARROW_FILES = [
  'alpha', 'boolean_rle', 'brotli_compressed', 'byte_stream_split.zstd', 'decimal-column', 'delta_encoding_optional_column',
  'delta_encoding_required_column', 'delta_length_byte_array', 'dictionary_offset_indexed', 'duckdb4442', 'duckdb_delta_binary_packed',
  'duckdb_delta_length_byte_array', 'fixed_length_decimal', 'hadoop_lz4_compressed', 'issue72', 'lz4_raw_compressed', 'mostlyempty',
  'plain-dict-uncompressed-checksum', 'rle_boolean_encoding', 'rowgroups', 'strings',
].map((f) => `${f}.parquet`);

describe('Parquet from other writers', () => {
  const files = readdirSync(FILES).filter((f) => f.endsWith('.parquet'));

  it.each(files)('%s reads the same as Arrow columns as row by row', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(FILES, name)));
    const arrow = await read(wasm, { name, bytes });
    const rows = await read(rowsOnly, { name, bytes });
    expect(withoutRoute(arrow)).toEqual(withoutRoute(rows));
    expect('arrow' in arrow && arrow.arrow).toBe(ARROW_FILES.includes(name));
    expect('arrow' in rows && rows.arrow).toBe(false);
  });
});

describe('every plain Parquet type', () => {
  it('reads as Arrow columns what the row route and native DuckDB read', async () => {
    const path = join(dir, 'types.parquet');
    // Three row groups; a dictionary-encoded text column with nulls; NaN and ±Infinity; timestamps in three units, some at midnight.
    await native.query(`COPY (SELECT
      CAST(i AS INTEGER) AS "行号", CAST(i AS BIGINT) * 1000000007 AS big, CAST(i % 5 AS SMALLINT) AS small, CAST(i % 3 AS TINYINT) AS tiny,
      CASE WHEN i % 7 = 0 THEN NULL ELSE '客户' || (i % 13) END AS "客户全称",
      'O' || lpad(CAST(i AS VARCHAR), 6, '0') AS "单据编号",
      CASE WHEN i % 11 = 0 THEN CAST('NaN' AS DOUBLE) WHEN i % 17 = 0 THEN CAST('inf' AS DOUBLE) WHEN i % 19 = 0 THEN CAST('-inf' AS DOUBLE) ELSE i * 1.25 - 500 END AS "价税合计",
      CAST(i * 0.5 AS FLOAT) AS qty, CAST(i * 1.01 AS DECIMAL(12, 2)) AS margin, CAST(i * 3.7 AS DECIMAL(18, 4)) AS cost,
      DATE '2024-01-01' + CAST(i AS INTEGER) AS "单据日期",
      TIMESTAMP '2024-01-01 00:00:00' + to_hours(CAST(i * 6 AS BIGINT)) AS shipped,
      CAST(TIMESTAMP '2023-06-01 12:30:00' + to_minutes(CAST(i AS BIGINT)) AS TIMESTAMP_MS) AS paid_ms,
      CAST(TIMESTAMP '2023-06-01' + to_days(CAST(i AS INTEGER)) AS TIMESTAMP_NS) AS due_ns,
      CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS vip,
      CASE WHEN i % 500 = 0 THEN '"quoted", with a comma' || chr(10) || 'and a line break' ELSE '' END AS note
      FROM range(1, 3001) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    const bytes = new Uint8Array(readFileSync(path));
    const arrow = await read(wasm, { name: 'types.parquet', bytes });
    expect('arrow' in arrow && arrow.arrow).toBe(true);
    expect(withoutRoute(arrow)).toEqual(withoutRoute(await read(rowsOnly, { name: 'types.parquet', bytes })));
    const [input] = await inputsFor(native, path, dir);
    const inPlace = await read(native, input!.input);
    expect('contents' in inPlace && inPlace.contents).toBe('contents' in arrow && arrow.contents);
    expect('contents' in arrow && JSON.parse(arrow.contents)[0]).toEqual([
      '行号 BIGINT', 'big BIGINT', 'small BIGINT', 'tiny BIGINT', '客户全称 VARCHAR', '单据编号 VARCHAR', '价税合计 DOUBLE', '价税合计__raw VARCHAR',
      'qty DOUBLE', 'margin DOUBLE', 'cost DOUBLE', '单据日期 DATE', 'shipped DATE', 'paid_ms DATE', 'due_ns DATE', 'vip VARCHAR', 'note VARCHAR',
    ]);
  });

  it('stages numbers, dates and timestamps in their own type, text as text, with the names from the schema', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'types.parquet')));
    const loaded = await loadFile(wasm, { name: 'types.parquet', bytes });
    const stage = loaded.sql.find((s) => s.includes('CREATE TEMP TABLE "__ingest_stage_'))!;
    // No header row staged as text above the values, and the typed columns are not cast to text.
    expect(stage).not.toMatch(/SELECT 1 AS __row/);
    expect(stage).toMatch(/, "c1" AS "c1", "c2" AS "c2"/);
    expect(stage).toMatch(/nullif\(CAST\("c5" AS VARCHAR\), ''\) AS "c5"/);
    // The typed table reads them without parsing text.
    expect(loaded.sql.find((s) => s.includes('__ingest_typed_'))).toMatch(/CASE WHEN isfinite\(CAST\("c7" AS DOUBLE\)\) THEN CAST\("c7" AS DOUBLE\) END AS v7/);
  });

  it('reads bytes that are not UTF-8 row by row, as before', async () => {
    const path = join(dir, 'blob.parquet');
    await native.query(`COPY (SELECT 'C' || i AS id, CASE WHEN i = 2 THEN '\\xFF\\xFE'::BLOB ELSE 'ok'::BLOB END AS payload, i * 10.0 AS amount FROM range(1, 5) t(i)) TO '${path}' (FORMAT parquet)`);
    const bytes = new Uint8Array(readFileSync(path));
    const arrow = await read(wasm, { name: 'blob.parquet', bytes });
    expect('arrow' in arrow && arrow.arrow).toBe(false);
    expect(withoutRoute(arrow)).toEqual(withoutRoute(await read(rowsOnly, { name: 'blob.parquet', bytes })));
    expect('contents' in arrow && arrow.contents).toContain('"amount":"20"');
  });
});

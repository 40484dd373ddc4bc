// The CLI on native DuckDB reads files itself: every file of the hostile corpus and
// the real exports gives, read in place, exactly what the page's path (the bytes through
// JS, on DuckDB-WASM) gives, or the same refusal; Parquet globs are one table; a large
// GB18030 file is converted on disk in chunks and loads as the page loads it.

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native-engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile, type LoadedTable } from '../../src/ingest/load-file';
import { IngestError } from '../../src/ingest/errors';
import { inputsFor, transcode } from '../../src/cli/read-input';
import { gradeFiles } from '../../src/cli/grade';
import { toRows } from '../../src/results/rows';
import { ident } from '../../src/sql/quote';
import { SAMPLE_DIR } from '../support/sample';

const CORPUS = join(import.meta.dirname, '../corpus/files');
const SHAPES = join(import.meta.dirname, '../data/shapes');
let wasm: Engine;
let native: Engine;
let dir: string;

beforeAll(async () => {
  wasm = await openNodeEngine();
  native = await openNativeEngine({ threads: 2, memoryLimit: '1GB' });
  dir = mkdtempSync(join(tmpdir(), 'tierscope-native-read-'));
});
afterAll(async () => {
  await wasm.close();
  await native.close();
});

/** A table as text, engine-neutral: its columns with their types, and every value as DuckDB prints it. */
async function contents(engine: Engine, table: string): Promise<string> {
  const cols = toRows<{ column_name: string; column_type: string }>(await engine.query(`DESCRIBE ${ident(table)}`));
  const values = toRows<Record<string, string | null>>(await engine.query(`SELECT ${cols.map((c) => `CAST(${ident(c.column_name)} AS VARCHAR) AS ${ident(c.column_name)}`).join(', ')} FROM ${ident(table)}`));
  return JSON.stringify([cols.map((c) => `${c.column_name} ${c.column_type}`), values]);
}

type Outcome = { table: string; report: Omit<LoadedTable, 'table' | 'sql' | 'readInPlace' | 'encoding'> & { encoding: string | null } } | { error: string };

async function outcome(engine: Engine, load: () => Promise<LoadedTable>): Promise<Outcome | { contents: string; report: unknown }> {
  try {
    const t = await load();
    const { table, sql: _sql, readInPlace: _r, encoding, ...report } = t;
    // Lists come back as typed arrays whose element type differs between the engines: compared as plain numbers.
    const plain = JSON.parse(JSON.stringify({ ...report, encoding: encoding?.encoding ?? null }, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v)));
    return { contents: await contents(engine, table), report: plain };
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { error: `${e.code}: ${e.message}` };
  }
}

describe('native DuckDB reading the files itself', () => {
  const files = readdirSync(CORPUS).filter((f) => !f.endsWith('.xlsx') && !f.endsWith('.json') && !f.endsWith('.ndjson'));
  it.each([...files.map((f) => join(CORPUS, f)), ...readdirSync(SHAPES).filter((f) => f.endsWith('.csv')).map((f) => join(SHAPES, f)), ...['customers.csv', 'orders.csv', 'lineitems.csv'].map((f) => SAMPLE_DIR + f)])(
    'reads %s in place as the page reads its bytes',
    async (path) => {
      const name = path.split('/').at(-1)!;
      const page = await outcome(wasm, () => loadFile(wasm, { name, bytes: new Uint8Array(readFileSync(path)) }));
      const cli = await outcome(native, async () => {
        const inputs = await inputsFor(native, path, dir);
        expect(inputs).toHaveLength(1);
        return loadFile(native, inputs[0]!.input);
      });
      // A broken Parquet file is refused by both with the reader's own words (hyparquet's or DuckDB's).
      if ('error' in page && page.error.startsWith('bad-parquet')) expect('error' in cli && cli.error.split(':')[0]).toBe('bad-parquet');
      else expect(cli).toEqual(page);
    },
  );

  it('says which files it read in place', async () => {
    const [csv] = await inputsFor(native, SAMPLE_DIR + 'orders.csv', dir);
    expect(csv!.via).toBe('read by DuckDB in place');
    expect(csv!.input.bytes).toBeUndefined();
    expect((await loadFile(native, csv!.input)).readInPlace).toBe(true);
  });

  it('reads a quoted glob of Parquet files as one table, and grades it as the CSV grades', async () => {
    const parts = join(dir, 'lines');
    mkdirSync(parts);
    await native.query(`CREATE TABLE lines_src AS SELECT * FROM read_csv('${SAMPLE_DIR}lineitems.csv')`);
    await native.query(`COPY (SELECT * FROM lines_src WHERE "Line Item ID" % 2 = 0) TO '${parts}/part-1.parquet' (FORMAT parquet)`);
    await native.query(`COPY (SELECT * FROM lines_src WHERE "Line Item ID" % 2 = 1) TO '${parts}/part-2.parquet' (FORMAT parquet)`);
    const log: string[] = [];
    const result = await gradeFiles({ files: [SAMPLE_DIR + 'customers.csv', SAMPLE_DIR + 'orders.csv', `${parts}/*.parquet`], engine: 'native', memoryLimit: '1GB' }, (l) => log.push(l));
    expect(log.join('\n')).toMatch(/lines\/\*\.parquet: 9994 rows, 7 columns \(parquet; 2 Parquet files read by DuckDB in place\) → table/);
    expect(result.gradeTable.map((g) => g.customers)).toEqual([159, 238, 237, 159]);
    await expect(gradeFiles({ files: [`${parts}/*.csv`], engine: 'native' }, () => {})).rejects.toThrow(/lines\/\*\.csv: no file matches/);
    await expect(gradeFiles({ files: [`${parts}/*.parquet`], engine: 'wasm' }, () => {})).rejects.toThrow(/no such file\. A quoted glob is read by --engine native/);
  });

  it('makes a large Parquet file a view over the file, typed as the page types the same export, and grades it the same', async () => {
    const pq = join(dir, 'pq');
    mkdirSync(pq, { recursive: true });
    const names = ['customers', 'orders', 'lineitems'];
    for (const n of names) await native.query(`COPY (SELECT * FROM read_csv('${SAMPLE_DIR}${n}.csv')) TO '${pq}/${n}.parquet' (FORMAT parquet)`);
    for (const n of names) {
      const page = await loadFile(wasm, { name: `${n}.csv`, bytes: new Uint8Array(readFileSync(`${SAMPLE_DIR}${n}.csv`)) });
      const [input] = await inputsFor(native, `${pq}/${n}.parquet`, dir);
      // Any Parquet above the threshold (256 MB by default; 0 here) is read in place.
      const view = await loadFile(native, input!.input, { limits: { parquetViewAboveBytes: 0 } });
      const [kind] = toRows<{ t: string }>(await native.queryBound('SELECT table_type AS t FROM information_schema.tables WHERE table_name = ?', [view.table]));
      expect(kind!.t).toBe('VIEW');
      expect(view.rows).toBe(page.rows);
      expect(view.warnings[0]).toMatch(/DuckDB reads this Parquet file in place \(no copy\): the column types and the cell checks come from its first (793|5,000) rows\./);
      expect(await contents(native, view.table)).toEqual(await contents(wasm, page.table));
    }
    const log: string[] = [];
    const graded = await gradeFiles({ files: names.map((n) => `${pq}/${n}.parquet`), engine: 'native', limits: { parquetViewAboveBytes: 0 } }, (l) => log.push(l));
    const byCsv = await gradeFiles({ files: names.map((n) => `${SAMPLE_DIR}${n}.csv`), engine: 'wasm' }, () => {});
    // The same customers in every grade; sums agree to the float (native DuckDB adds in parallel, in another order).
    expect(graded.gradeTable.map((g) => [g.grade, g.customers])).toEqual(byCsv.gradeTable.map((g) => [g.grade, g.customers]));
    graded.gradeTable.forEach((g, i) => expect(g.profit).toBeCloseTo(byCsv.gradeTable[i]!.profit!, 6));
    expect(log.join('\n')).toMatch(/lineitems\.parquet: 9994 rows/);
  });

  it('copies a large Parquet file whose text columns hold numbers to parse, as the page would', async () => {
    const file = join(dir, 'formatted.parquet');
    await native.query(`COPY (SELECT 'C' || i AS customer, '¥' || CAST(i * 10 AS VARCHAR) || '.50' AS amount FROM range(1, 50) t(i)) TO '${file}' (FORMAT parquet)`);
    const [input] = await inputsFor(native, file, dir);
    const loaded = await loadFile(native, input!.input, { limits: { parquetViewAboveBytes: 0 } });
    const [kind] = toRows<{ t: string }>(await native.queryBound('SELECT table_type AS t FROM information_schema.tables WHERE table_name = ?', [loaded.table]));
    expect(kind!.t).toBe('BASE TABLE');
    expect(loaded.columns.map((c) => [c.name, c.type])).toEqual([
      ['customer', 'text'],
      ['amount', 'number'],
    ]);
  });

  it('converts a large GB18030 export to UTF-8 on disk in chunks and loads it as the page does', async () => {
    const path = join(SHAPES, '销售出库单.csv');
    const page = await outcome(wasm, () => loadFile(wasm, { name: '销售出库单.csv', bytes: new Uint8Array(readFileSync(path)) }));
    // Any file above the threshold is converted (32 MB by default; 1 kB here, so the real export takes that path).
    const [input] = await inputsFor(native, path, dir, 1024);
    expect(input!.via).toMatch(/converted from gb18030 to UTF-8 in chunks/);
    expect(input!.convertedFrom).toBe('gb18030');
    const cli = await outcome(native, () => loadFile(native, input!.input));
    expect({ ...cli, report: { ...(cli as { report: object }).report, encoding: 'gb18030' } }).toEqual(page);
  });

  it('names the byte where a legacy file stops being that encoding', async () => {
    const bad = join(dir, 'bad-gb.csv');
    // A GB18030 lead byte followed by a byte no GB18030 sequence has.
    writeFileSync(bad, Buffer.concat([readFileSync(join(SHAPES, '销售出库单.csv')), Buffer.from([0x81, 0x20, 0x0a])]));
    await expect(transcode(bad, 'gb18030', join(dir, 'out.csv'))).rejects.toThrow(/bad-gb\.csv: not gb18030 text in the megabyte from byte 0; save the file as UTF-8/);
  });

  it('refuses a memory limit it cannot read, and one without the native engine', async () => {
    await expect(gradeFiles({ files: [SAMPLE_DIR + 'orders.csv'], engine: 'native', memoryLimit: 'lots' }, () => {})).rejects.toThrow(/--memory-limit lots: write a size such as 4GB/);
    await expect(gradeFiles({ files: [SAMPLE_DIR + 'orders.csv'], engine: 'wasm', memoryLimit: '4GB' }, () => {})).rejects.toThrow(/add --engine native/);
  });
});

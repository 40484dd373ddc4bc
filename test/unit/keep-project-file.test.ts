// The project file and the kept-session snapshot: a round trip keeps every byte
// and every setting; bad files are refused with a message saying what is wrong.

import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MANIFEST, readProject, writeProject, type ProjectFile } from '../../src/app/keep/project-file';
import { parseSnapshot, snapshotRecord, type SessionSnapshot } from '../../src/app/keep/snapshot';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import iconv from 'iconv-lite';

const csvBytes = new Uint8Array(iconv.encode('客户编号,销售额\nK1,"¥1,234.50"\n', 'gb18030'));
const xlsxLike = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);

function project(): ProjectFile {
  const config = {
    ...structuredClone(CLASSIC_CRM),
    adjustments: [{ customerId: 'K1', grade: 'D', reason: '长期拖欠', author: '王', at: '2026-11-30T00:00:00Z' }],
    // A field a newer feature added: it must travel untouched.
    sqlCells: [{ id: 'c1', sql: 'SELECT 1' }],
  } as GradingConfig;
  const snapshot: SessionSnapshot = {
    savedAt: '2026-12-01T10:00:00.000Z',
    lang: 'en',
    currency: 'CNY',
    config,
    baseline: { config: structuredClone(CLASSIC_CRM), at: '2026-12-01T09:00:00.000Z' },
    source: 'files',
    files: [
      { key: 'file:a', name: '销售/明细.csv', kind: 'file', size: csvBytes.length, encoding: 'gb18030', sheet: null, choice: { role: 'lines', fields: { 客户编号: 'customerId', 销售额: 'amount' } } },
      { key: 'file:b', name: '客户.xlsx', kind: 'file', size: xlsxLike.length, encoding: null, sheet: '客户档案', choice: null },
      { key: 'file:c', name: 'paste.tsv', kind: 'text', size: 9, encoding: null, sheet: null, choice: { role: 'customers', fields: {} } },
    ],
  };
  return {
    snapshot,
    scenarios: [{ name: '重利润', savedAt: '2026-11-01T00:00:00.000Z', config: structuredClone(CLASSIC_CRM) }],
    data: new Map<string, Blob | string>([
      ['file:a', new Blob([csvBytes])],
      ['file:b', new Blob([xlsxLike])],
      ['file:c', 'a\tb\n1\t2\n'],
    ]),
  };
}

const bytesOf = async (b: Blob | string | undefined) => (typeof b === 'string' ? b : new Uint8Array(await b!.arrayBuffer()));

describe('project file', () => {
  it('round-trips the snapshot, the scenarios and every file byte for byte', async () => {
    const p = project();
    const blob = await writeProject(p);
    const back = await readProject(blob);
    expect(back.snapshot.config).toEqual(p.snapshot.config);
    expect((back.snapshot.config as unknown as { sqlCells: unknown }).sqlCells).toEqual([{ id: 'c1', sql: 'SELECT 1' }]);
    expect(back.snapshot.baseline).toEqual(p.snapshot.baseline);
    expect({ ...back.snapshot, files: [] }).toEqual({ ...p.snapshot, files: [] });
    expect(back.scenarios).toEqual(p.scenarios);
    expect(back.snapshot.files.map((f) => [f.name, f.kind, f.encoding, f.sheet, f.choice])).toEqual(p.snapshot.files.map((f) => [f.name, f.kind, f.encoding, f.sheet, f.choice]));
    const keys = back.snapshot.files.map((f) => f.key);
    expect(await bytesOf(back.data.get(keys[0]!))).toEqual(csvBytes);
    expect(await bytesOf(back.data.get(keys[1]!))).toEqual(xlsxLike);
    expect(back.data.get(keys[2]!)).toBe('a\tb\n1\t2\n');
    // A path inside the zip never holds a folder separator from the file name.
    expect(keys[0]).toBe('files/0-销售_明细.csv');
  });

  const zipWith = (files: Record<string, Uint8Array>) => new Blob([zipSync(files)]);
  const manifest = (v: unknown) => strToU8(JSON.stringify(v));
  const good = async () => JSON.parse(new TextDecoder().decode((await readFileFromZip(await writeProject(project()), MANIFEST))!)) as Record<string, unknown>;

  async function readFileFromZip(blob: Blob, name: string): Promise<Uint8Array | undefined> {
    const { unzipSync } = await import('fflate');
    return unzipSync(new Uint8Array(await blob.arrayBuffer()))[name];
  }

  it.each([
    ['not a zip', new Blob(['hello, this is text']), /not a zip/],
    ['an empty file', new Blob([]), /not a zip/],
    ['a zip without the manifest', zipWith({ 'readme.txt': strToU8('hi') }), /has no tierscope-project\.json/],
    ['a manifest that is not JSON', zipWith({ [MANIFEST]: strToU8('{oops') }), /does not parse/],
    ['someone else’s JSON', zipWith({ [MANIFEST]: manifest({ hello: 1 }) }), /not a Tierscope project/],
  ])('refuses %s', async (_what, blob, message) => {
    await expect(readProject(blob)).rejects.toThrow(message);
  });

  it('refuses a broken config, a newer version and a listed file that is not inside, saying where', async () => {
    const m = await good();
    const files = Object.fromEntries(((m.files as { key: string }[]).map((f) => [f.key, new Uint8Array([1])])));
    await expect(readProject(zipWith({ [MANIFEST]: manifest({ ...m, config: { ...(m.config as object), metrics: [{ id: 'nope', weight: 1 }] } }), ...files }))).rejects.toThrow(/config: metrics\[0\]\.id "nope"/);
    await expect(readProject(zipWith({ [MANIFEST]: manifest({ ...m, version: 99 }), ...files }))).rejects.toThrow(/version 99/);
    await expect(readProject(zipWith({ [MANIFEST]: manifest(m) }))).rejects.toThrow(/销售\/明细\.csv .* is listed but not inside/);
  });

  it('refuses a zip bomb and too many entries without unpacking them all', async () => {
    const zeros = new Uint8Array(8 * 2 ** 20);
    const bomb = new Blob([zipSync({ 'files/0-big.csv': zeros }, { level: 9 })]);
    expect(bomb.size).toBeLessThan(100_000);
    await expect(readProject(bomb, { maxBytes: 2 ** 20, maxEntries: 10 })).rejects.toThrow(/unpacks to more than 1 MB/);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, new Uint8Array([i])]));
    await expect(readProject(zipWith(many), { maxBytes: 2 ** 20, maxEntries: 10 })).rejects.toThrow(/more than 10 files/);
  });
});

describe('kept-session snapshot', () => {
  it('reads back what it wrote, and refuses what does not fit', () => {
    const s = project().snapshot;
    expect(parseSnapshot(snapshotRecord(s))).toEqual(s);
    expect(() => parseSnapshot({ ...snapshotRecord(s), files: [{ key: 'k', name: 'x', kind: 'file', choice: { role: 42, fields: {} } }] })).toThrow(/files\[0\]\.choice\.role must be text/);
    expect(() => parseSnapshot('nonsense')).toThrow(/not an object/);
    // Unknown languages and sources fall back to the defaults.
    const odd = parseSnapshot({ ...snapshotRecord(s), lang: 'fr', source: 'cloud' });
    expect([odd.lang, odd.source]).toEqual(['zh', 'sample']);
  });
});

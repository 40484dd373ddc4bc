// Fixture files for the ingest tests, built in memory with independent tools:
// iconv-lite for legacy encodings, write-excel-file for .xlsx, hyparquet-writer
// for Parquet, fflate to turn a workbook into ISO "strict" OOXML.

import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import writeExcelFile from 'write-excel-file/node';
import type { Engine } from '../../src/db/engine';
import { ident } from '../../src/sql/quote';
import { toRows } from '../../src/results/rows';

/** RFC 4180 CSV text written by the test itself (quotes only where needed). */
export function csvText(rows: readonly (readonly (string | number | null)[])[], delimiter = ',', eol = '\n'): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(delimiter)).join(eol) + eol;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const utf8Bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
export const gb18030 = (text: string) => new Uint8Array(iconv.encode(text, 'gb18030'));
export const big5 = (text: string) => new Uint8Array(iconv.encode(text, 'big5'));
export const sjis = (text: string) => new Uint8Array(iconv.encode(text, 'shift_jis'));
export const latin1 = (text: string) => new Uint8Array(iconv.encode(text, 'win1252'));
export const utf16 = (text: string, endian: 'le' | 'be', bom: boolean) =>
  new Uint8Array(iconv.encode(text, endian === 'le' ? 'utf-16le' : 'utf-16be', { addBOM: bom }));

type Cell = string | number | boolean | Date | null;

/** A real .xlsx written by write-excel-file; dates are written as date-formatted cells. */
export async function xlsxBytes(sheets: { sheet: string; data: Cell[][] }[]): Promise<Uint8Array> {
  const styled = sheets.map((s) => ({
    sheet: s.sheet,
    data: s.data.map((row) => row.map((v) => (v instanceof Date ? { value: v, type: Date, format: 'yyyy-mm-dd' } : { value: v }))),
  }));
  const buffer = await (writeExcelFile as unknown as (d: unknown) => { toBuffer(): Promise<Buffer> })(styled).toBuffer();
  return new Uint8Array(buffer);
}

/** The same workbook in ISO 29500 "strict" conformance: strict namespaces for SpreadsheetML and relationships. */
export function toStrictOoxml(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx);
  const out: Record<string, Uint8Array> = {};
  for (const [path, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(path)) {
      out[path] = data;
      continue;
    }
    const xml = strFromU8(data)
      .replaceAll('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main')
      .replaceAll('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships');
    out[path] = strToU8(xml);
  }
  return zipSync(out);
}

export type ParquetColumn = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number];

/** GZIP pages come from Node's zlib, so the reader's gzip support is checked against an independent compressor. */
export function parquetBytes(columnData: ParquetColumn[], codec?: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP'): Uint8Array {
  const compressors = { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) };
  return new Uint8Array(parquetWriteBuffer({ columnData, compressors, ...(codec ? { codec } : {}) }));
}

export async function tableRows(engine: Engine, table: string, orderBy?: string): Promise<Record<string, unknown>[]> {
  return toRows(await engine.query(`SELECT * FROM ${ident(table)}${orderBy ? ` ORDER BY ${ident(orderBy)}` : ''}`));
}

export async function columnTypes(engine: Engine, table: string): Promise<Record<string, string>> {
  const rows = toRows<{ column_name: string; data_type: string }>(
    await engine.queryBound('SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position', [table]),
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

export async function tableNames(engine: Engine): Promise<string[]> {
  return toRows<{ t: string }>(await engine.query('SELECT table_name AS t FROM information_schema.tables ORDER BY 1')).map((r) => r.t);
}

/** Days since 1970-01-01 → how DuckDB DATE arrives through Arrow in Node (ms since epoch). */
export const dateMs = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

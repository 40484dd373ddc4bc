// What kind of file this is: by its first bytes first (a renamed file keeps
// its magic number), then by its extension.

import { IngestError } from './errors';

export type FileFormat = 'csv' | 'xlsx' | 'parquet' | 'json';

const starts = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** Binary formats we recognise only to name them in the error. */
const KNOWN_BINARY: [number[], string][] = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'an Excel 97–2003 (.xls) workbook, which is not supported: save it as .xlsx or CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'a gzip archive: unpack it first'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive: unpack it first'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive: unpack it first'],
];

export function detectFormat(file: string, head: Uint8Array): FileFormat {
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (starts(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  for (const [sig, what] of KNOWN_BINARY) {
    if (starts(head, sig)) throw new IngestError('binary', `This is ${what}, not a table file.`, { file });
  }
  const ext = /\.([^.]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new IngestError('bad-xlsx', 'This .xlsx file is not a valid Excel workbook (it is not a zip archive).', { file });
  }
  if (ext === 'parquet') throw new IngestError('bad-parquet', 'This .parquet file does not start with the Parquet signature "PAR1".', { file });
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  return 'csv';
}

/**
 * Text (already decoded to UTF-8) that is really binary: NUL bytes or many
 * control characters. Checked on the first 64 kB.
 */
export function binaryReason(utf8: Uint8Array): string | null {
  const n = Math.min(utf8.length, 1 << 16);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = utf8[i]!;
    if (b === 0) return 'it contains NUL bytes';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > Math.max(8, n * 0.01) ? `it contains ${control} control characters in its first ${n} bytes` : null;
}

// What kind of file this is: by its first bytes first (a renamed file keeps
// its magic number), then by its extension.

import { IngestError } from './errors';
import type { BinaryKind } from './messages';

export type FileFormat = 'csv' | 'xlsx' | 'parquet' | 'json';

const starts = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** Binary formats we recognise only to name them in the error. */
const KNOWN_BINARY: [number[], BinaryKind][] = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'xls'],
  [[0x25, 0x50, 0x44, 0x46], 'pdf'],
  [[0x89, 0x50, 0x4e, 0x47], 'png'],
  [[0xff, 0xd8, 0xff], 'jpeg'],
  [[0x1f, 0x8b], 'gzip'],
  [[0x52, 0x61, 0x72, 0x21], 'rar'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z'],
];

export function detectFormat(file: string, head: Uint8Array): FileFormat {
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (starts(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  for (const [sig, kind] of KNOWN_BINARY) {
    if (starts(head, sig)) throw new IngestError('binary', { id: 'knownBinary', kind }, { file });
  }
  const ext = /\.([^.]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new IngestError('bad-xlsx', { id: 'xlsxNotZip' }, { file });
  }
  if (ext === 'parquet') throw new IngestError('bad-parquet', { id: 'parquetSignature' }, { file });
  if (ext === 'json' || ext === 'ndjson' || ext === 'jsonl') return 'json';
  return 'csv';
}

export type BinaryReason = { nul: true; line: number } | { nul: false; controls: number; scanned: number };

/**
 * Text (already decoded to UTF-8) that is really binary: NUL bytes or many
 * control characters. Checked on the first 64 kB; a NUL byte is named by its line.
 */
export function binaryReason(utf8: Uint8Array): BinaryReason | null {
  const n = Math.min(utf8.length, 1 << 16);
  let control = 0;
  let line = 1;
  for (let i = 0; i < n; i++) {
    const b = utf8[i]!;
    if (b === 0) return { nul: true, line };
    if (b === 0x0a) line++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > Math.max(8, n * 0.01) ? { nul: false, controls: control, scanned: n } : null;
}

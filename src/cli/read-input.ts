// A command-line path → what loadFile reads. DuckDB-WASM gets the bytes (as the page
// does); native DuckDB reads the file itself, out of core, so JavaScript holds only its
// first bytes: UTF-8 CSV and Parquet (also a glob of Parquet files) are read in place,
// and a large file in a legacy encoding (GB18030, Big5…) is converted to UTF-8 on disk
// chunk by chunk first. Smaller legacy files take the page's path, which also finds
// mixed encodings line by line.

import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import type { Engine } from '../db/engine';
import { detectEncoding, type TextEncodingName } from '../ingest/decode';
import { detectFormat } from '../ingest/format';
import { DEFAULT_LIMITS, type LoadInput } from '../ingest/load-file';
import { toRows } from '../results/rows';
import { CliError } from './errors';

export interface CliInput {
  input: LoadInput;
  /** How the file reached DuckDB, for the log line. */
  via: string;
  /** The encoding a converted file had (its table then reports UTF-8). */
  convertedFrom?: TextEncodingName;
}

const GLOB = /[*?[]/u;
/** Bytes the format, the encoding and the header are read from. */
const HEAD_BYTES = 1 << 18;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The files a path names: itself, or for native DuckDB the matches of a glob (DuckDB's own glob()). */
export async function expandPath(engine: Engine, path: string): Promise<string[]> {
  if (!GLOB.test(path) || (await exists(path))) return [path];
  if (!engine.readsFiles) throw new CliError(`${path}: no such file. A quoted glob is read by --engine native; otherwise let the shell expand it (no quotes).`);
  const files = toRows<{ file: string }>(await engine.queryBound('SELECT file FROM glob(?) ORDER BY file', [path])).map((r) => r.file);
  if (files.length === 0) throw new CliError(`${path}: no file matches.`);
  return files;
}

/** The inputs for one command-line path (a glob of CSV files gives one table per file; of Parquet files, one table). */
export async function inputsFor(engine: Engine, path: string, tmpDir: string, convertAbove: number = DEFAULT_LIMITS.streamAboveBytes): Promise<CliInput[]> {
  const files = await expandPath(engine, path);
  if (!engine.readsFiles) return [{ input: { name: basename(path), bytes: new Uint8Array(await readFile(path)) }, via: 'read into memory' }];
  const heads = await Promise.all(files.map(headOf));
  const formats = files.map((f, i) => detectFormat(basename(f), heads[i]!));
  if (files.length > 1 && formats.every((f) => f === 'parquet')) {
    return [{ input: { name: basename(path), path, file: await openAsBlob(files[0]!) }, via: `${files.length} Parquet files read by DuckDB in place` }];
  }
  const out: CliInput[] = [];
  for (const [i, file] of files.entries()) {
    const name = basename(file);
    const format = formats[i]!;
    const size = (await stat(file)).size;
    const guess = format === 'csv' ? detectEncoding(heads[i]!, undefined, true) : null;
    const legacy = guess !== null && guess.encoding !== 'utf-8' && size > convertAbove;
    if (legacy) {
      const converted = join(tmpDir, `utf8-${i}-${name.replace(/[^\p{L}\p{N}._-]/gu, '_')}`);
      await transcode(file, guess.encoding, converted);
      out.push({ input: { name, path: converted, file: await openAsBlob(converted) }, via: `converted from ${guess.encoding} to UTF-8 in chunks, read by DuckDB in place`, convertedFrom: guess.encoding });
    } else if (format === 'parquet' || format === 'csv') {
      out.push({ input: { name, path: file, file: await openAsBlob(file) }, via: 'read by DuckDB in place' });
    } else {
      // xlsx and JSON are parsed in JavaScript, as on the page.
      out.push({ input: { name, bytes: new Uint8Array(await readFile(file)) }, via: 'read into memory' });
    }
  }
  return out;
}

async function headOf(path: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: 0, end: HEAD_BYTES - 1 })) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A legacy-encoded file as UTF-8 on disk, a megabyte at a time: memory stays flat whatever its size. */
export async function transcode(from: string, encoding: TextEncodingName, to: string): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const out = createWriteStream(to);
  let offset = 0;
  try {
    for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 })) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new CliError(`${basename(from)}: not ${encoding} text in the megabyte from byte ${offset}; save the file as UTF-8 and grade it again.`);
      }
      offset += (chunk as Buffer).length;
      if (!out.write(text)) await once(out, 'drain');
    }
    out.write(decoder.decode());
  } finally {
    out.end();
    await once(out, 'close');
  }
}

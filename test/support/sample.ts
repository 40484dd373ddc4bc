// Opens the real DuckDB-WASM engine in Node with the bundled sample loaded.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openNodeEngine } from '../../src/db/node-engine';
import type { Engine } from '../../src/db/engine';
import { loadSample } from '../../src/ingest/sample';

export const SAMPLE_DIR = fileURLToPath(new URL('../../sample-data/', import.meta.url));

export async function openSampleEngine(): Promise<Engine> {
  const engine = await openNodeEngine();
  await loadSample(engine, async (file) => new Uint8Array(await readFile(SAMPLE_DIR + file)));
  return engine;
}

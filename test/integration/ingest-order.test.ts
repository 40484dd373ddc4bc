// A loaded table keeps the file's row order (the page shows and exports rows in it), on
// DuckDB-WASM, on native DuckDB with threads (the copy into the table skips its ORDER BY
// there too, as insertion order is preserved) and on native DuckDB out of core (which may
// reorder, so the copy sorts).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native-engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { inputsFor } from '../../src/cli/read-input';
import { loadFile } from '../../src/ingest/load-file';
import { toRows } from '../../src/results/rows';
import { ident } from '../../src/sql/quote';

const LINES = 300_000;
// Several of DuckDB's row groups and CSV buffers, ids shuffled so no order but the file's puts them back.
const key = (i: number) => (i * 7919) % LINES;
const csv = ['line,customer,amount', ...Array.from({ length: LINES }, (_, i) => `${key(i)},C${i % 997},${(i % 1000) / 4}`)].join('\n');

async function outOfOrder(engine: Engine, load: () => Promise<string>): Promise<number> {
  const table = await load();
  const sql = `SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT line, row_number() OVER () - 1 AS i FROM ${ident(table)}) WHERE line <> (i * 7919) % ${LINES}`;
  const [row] = toRows<{ n: number }>(await engine.query(sql));
  return row!.n;
}

describe('a loaded table keeps the file order', () => {
  it('on DuckDB-WASM, from bytes', async () => {
    const wasm = await openNodeEngine();
    try {
      const loaded = await loadFile(wasm, { name: 'lines.csv', bytes: new TextEncoder().encode(csv) });
      expect(loaded.sql.at(-1)).not.toMatch(/ORDER BY __row/);
      expect(await outOfOrder(wasm, async () => loaded.table)).toBe(0);
    } finally {
      await wasm.close();
    }
  });

  it.each([
    ['with two threads', { threads: 2 }, false],
    ['out of core', { threads: 2, memoryLimit: '1GB' }, true],
  ] as const)('on native DuckDB %s, reading the file in place', async (_label, options, sorts) => {
    const dir = mkdtempSync(join(tmpdir(), 'tierscope-order-'));
    writeFileSync(join(dir, 'lines.csv'), csv);
    const native = await openNativeEngine(options);
    try {
      const [input] = await inputsFor(native, join(dir, 'lines.csv'), dir);
      const loaded = await loadFile(native, input!.input);
      expect(/ORDER BY __row/.test(loaded.sql.at(-1)!)).toBe(sorts);
      expect(await outOfOrder(native, async () => loaded.table)).toBe(0);
    } finally {
      await native.close();
    }
  });
});

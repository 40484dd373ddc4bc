// Native DuckDB behind the Engine interface: statements that overlap (the CLI profiles
// every table with Promise.all) each get their own, right answer. Before the engine
// queued them, about one in ten overlapping statements failed with the binding's bare
// "Failed to execute prepared statement", and some runs crashed the process.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native-engine';
import { toRows } from '../../src/results/rows';

let engine: Engine;
beforeAll(async () => {
  engine = await openNativeEngine({ threads: 2 });
  await engine.query(`CREATE TABLE t AS SELECT i, i % 7 AS g FROM range(100000) r(i)`);
});
afterAll(async () => engine.close());

describe('native engine', () => {
  it('answers overlapping statements, bound and plain, each with its own result', async () => {
    const expected = (k: number) => 100000 - 1 - k * 1000; // count of i > k*1000
    const asks: Promise<void>[] = [];
    for (let round = 0; round < 40; round++) {
      for (let k = 0; k < 4; k++) {
        asks.push(
          engine
            .queryBound(`SELECT CAST(count(*) AS INTEGER) AS n FROM t WHERE i > ?`, [k * 1000])
            .then((r) => expect(toRows<{ n: number }>(r)).toEqual([{ n: expected(k) }])),
        );
      }
      asks.push(engine.query(`SELECT CAST(count(DISTINCT g) AS INTEGER) AS n FROM t`).then((r) => expect(toRows<{ n: number }>(r)).toEqual([{ n: 7 }])));
    }
    const settled = await Promise.allSettled(asks);
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
  });

  it('reads a registered file and forgets a dropped one, in call order', async () => {
    const csv = 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n';
    const [reg, read] = await Promise.all([
      engine.registerFile('overlap.csv', new TextEncoder().encode(csv)),
      engine.query(`SELECT CAST(count(*) AS INTEGER) AS n, CAST(sum(b) AS BIGINT) AS s FROM read_csv('overlap.csv')`),
    ]);
    expect(reg).toBeUndefined();
    expect(toRows(read)).toEqual([{ n: 5000, s: 5000 * 4999 }]);
    await engine.dropFile('overlap.csv');
    await expect(engine.query(`SELECT count(*) FROM read_csv('overlap.csv')`)).rejects.toThrow(/overlap\.csv/);
  });
});

// The grade history's page state over the real engine: a run reports progress, a slider
// move stops a run under way between two statements (so the slider waits for one statement
// at most), and the history follows the settled grading by itself.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/app/session.svelte';
import { HistoryDesk } from '../../src/app/history/history.svelte';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { SAMPLE_DIR } from '../support/sample';

/** Every statement the history runs, in order; `onHistory` is called before each. */
const statements: string[] = [];
let onHistory: ((sql: string) => void) | null = null;

async function watchedEngine(): Promise<Engine> {
  const engine = await openNodeEngine();
  return {
    ...engine,
    async query(sql) {
      if (/history_/.test(sql.slice(0, 200))) {
        statements.push(sql);
        onHistory?.(sql);
      }
      return engine.query(sql);
    },
  };
}

let session: Session;
let desk: HistoryDesk;

beforeAll(async () => {
  session = new Session(watchedEngine, async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  desk = new HistoryDesk(session);
  await session.start();
});
afterAll(async () => session.engine?.close());

const untilRuns = async (n: number) => {
  for (let i = 0; i < 600 && desk.runs < n; i++) await new Promise((r) => setTimeout(r, 50));
  expect(desk.runs).toBe(n);
};

describe('the grade history desk', () => {
  it('grades on demand with progress, and reads the timelines asked for', async () => {
    const seen: number[] = [];
    onHistory = () => desk.progress && seen.push(desk.progress.done);
    await desk.showTimelines(['TC-20980']);
    await desk.run();
    onHistory = null;
    expect(desk.result?.periods).toHaveLength(16);
    expect(desk.progress).toBeNull();
    expect(Math.max(...seen)).toBe(16);
    expect(desk.timelines.get('TC-20980')).toHaveLength(16);
    expect(desk.runs).toBe(1);
  });

  it('stops a run when a slider moves, and grades again once the drag settles', async () => {
    statements.length = 0;
    let atMove = 0;
    onHistory = () => {
      // In the third period, before its first statement: a weight slider moves.
      if (!atMove && statements.filter((s) => s.startsWith('INSERT INTO')).length === 2) {
        atMove = statements.length;
        session.setWeight('orderAmount', 50);
      }
    };
    await desk.run();
    // The stopped run ran nothing after the move but the statement already under way.
    expect(atMove).toBeGreaterThan(0);
    expect(statements).toHaveLength(atMove);
    expect(desk.runs).toBe(1);
    expect(desk.stale).toBe(true);
    onHistory = null;
    // The drag settles: the full grading runs, and the history follows it by itself.
    await untilRuns(2);
    expect(desk.stale).toBe(false);
    expect(desk.result?.periods).toHaveLength(16);
    const weight = session.config.metrics.find((m) => m.id === 'orderAmount')!.weight;
    expect(weight).toBe(50);
  });

  it('follows a settings change, and refuses one out of range while the history stays', async () => {
    desk.set('periods', 2);
    await untilRuns(3);
    expect(desk.result?.periods).toHaveLength(2);
    desk.set('windowMonths', 0);
    expect(desk.problems.join(' ')).toMatch(/window in months/);
    expect(desk.runs).toBe(3);
    expect(desk.result?.periods).toHaveLength(2);
  });
});

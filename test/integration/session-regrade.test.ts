// The page state over the real engine: bursts of slider moves coalesce, and the
// result on screen is always the newest one, never an older one that finished late.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/app/session.svelte';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { buildGradingSql } from '../../src/pipeline/run-grading';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { configToHash } from '../../src/model/scenario';
import { SAMPLE_DIR } from '../support/sample';

/** The real engine, but every grading statement takes a little longer, as a big dataset would. */
async function slowEngine(log: string[]): Promise<Engine> {
  const engine = await openNodeEngine();
  return {
    ...engine,
    async query(sql) {
      if (sql.startsWith('CREATE OR REPLACE TABLE "customers_graded"')) {
        log.push(sql);
        await new Promise((r) => setTimeout(r, 30));
      }
      return engine.query(sql);
    },
  };
}

let session: Session;
const graded: string[] = [];

beforeAll(async () => {
  session = new Session(() => slowEngine(graded), async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  await session.start();
});
afterAll(async () => session.engine?.close());

describe('regrading while a slider moves', () => {
  it('starts graded, with a baseline pinned', () => {
    expect(session.phase).toBe('ready');
    expect(session.result?.gradeTable.map((g) => g.customers)).toEqual([159, 238, 237, 159]);
    expect(session.baselineAt).not.toBeNull();
    expect(session.whatIf?.summary).toEqual({ up: 0, down: 0, compared: 793 });
  });

  it('coalesces a burst of moves and shows the newest', async () => {
    graded.length = 0;
    let last: Promise<void> = Promise.resolve();
    for (let w = 31; w <= 90; w++) {
      session.setWeight('orderAmount', w);
      last = session.requestRegrade();
    }
    await last;
    // 60 moves, but only the one running when the burst began and the newest ran.
    expect(graded.length).toBeLessThanOrEqual(3);
    // The other available weight (profit) gave way; credit, absent from the data, kept its 10.
    expect(session.config.metrics.map((m) => [m.id, m.weight])).toEqual([
      ['credit', 10],
      ['orderAmount', 90],
      ['profit', 0],
    ]);
    const expected = buildGradingSql(SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics: [{ id: 'credit', weight: 10 }, { id: 'orderAmount', weight: 90 }, { id: 'profit', weight: 0 }] });
    expect(graded.at(-1)).toBe(expected.sql.grade);
    expect(session.result?.sql.grade).toBe(expected.sql.grade);
    expect(session.whatIf!.summary.up + session.whatIf!.summary.down).toBeGreaterThan(0);
  });

  it('never lets an older grading replace a newer one on screen', async () => {
    const seen: number[] = [];
    const weights = [20, 70, 40, 55];
    const runs = weights.map((w) => {
      session.setWeight('profit', w);
      return session.requestRegrade().then(() => {
        const used = session.result!.plan.used.find((m) => m.id === 'profit')!.weight;
        seen.push(used);
      });
    });
    await Promise.all(runs);
    // Whatever finished when, the screen only ever showed the newest config.
    expect(new Set(seen)).toEqual(new Set([55]));
  });

  it('keeps a locked weight while another moves', async () => {
    session.applyPreset('profitFirst');
    await session.requestRegrade();
    session.toggleLock('orderAmount');
    session.setWeight('profit', 70);
    await session.requestRegrade();
    // profit first: profit 60, margin 20, amount 10 (locked), credit 10 (not in the data).
    expect(session.config.metrics.map((m) => [m.id, m.weight])).toEqual([
      ['profit', 70],
      ['margin', 10],
      ['orderAmount', 10],
      ['credit', 10],
    ]);
    session.toggleLock('orderAmount');
  });

  it('keeps the last good grading while the config is invalid, and says why', async () => {
    const before = session.result;
    session.edit((c) => {
      if (c.rule.kind === 'ratio') c.rule.grades[0]!.share = 90;
    });
    await session.requestRegrade();
    expect(session.configProblems[0]).toMatch(/add up to 100/);
    expect(session.result).toBe(before);
    session.edit((c) => {
      if (c.rule.kind === 'ratio') c.rule.grades[0]!.share = 20;
    });
    await session.requestRegrade();
    expect(session.configProblems).toEqual([]);
  });

  it('takes its config from a shared link, and refuses a broken one with a message', async () => {
    const other = new Session(openNodeEngine, async () => new Uint8Array());
    const config = { ...CLASSIC_CRM, metrics: [{ id: 'profit' as const, weight: 100 }] };
    other.useHash(configToHash(config));
    expect(other.config.metrics).toEqual([{ id: 'profit', weight: 100 }]);
    other.useHash('#s=AAAA');
    expect(other.error?.en).toMatch(/^The scenario in this link cannot be read; the defaults stay: .*damaged/);
    expect(other.error?.zh).toMatch(/^链接里的方案读不出来，仍用默认设置：/);
    expect(other.config.metrics).toEqual([{ id: 'profit', weight: 100 }]);
  });
});

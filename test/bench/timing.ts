// Step timing shared by the bench page (in Chromium) and the native runner (in
// Node): the same loops around whatever runs the SQL, so both sides count the same work.

import type { Engine } from '../../src/db/engine';

/** One SQL statement of a pipeline step. `fetch`: the app turns its result into rows, so that is timed too. */
export interface Step {
  name: string;
  sql: string;
  fetch?: boolean;
}

export interface StepTiming {
  name: string;
  ms: number;
  rows: number;
}

export interface StepsTiming {
  totalMs: number;
  steps: StepTiming[];
}

/** `run` executes one step and returns the number of result rows it produced. */
export async function timeSteps(run: (step: Step) => Promise<number>, steps: readonly Step[], now: () => number): Promise<StepsTiming> {
  const out: StepTiming[] = [];
  const start = now();
  for (const step of steps) {
    const t0 = now();
    const rows = await run(step);
    out.push({ name: step.name, ms: now() - t0, rows });
  }
  return { totalMs: now() - start, steps: out };
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile (q in 0…1), NaN for no data. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** One statement an Engine ran, with its wall time as the caller saw it. */
export interface QueryTiming {
  sql: string;
  ms: number;
}

/** Wraps an Engine so every query it runs is timed and logged, to split a pipeline call into its steps; the rest of the engine (file handles, readsFiles) stays as it was, so every call takes its usual route. */
export function timedEngine(engine: Engine, now: () => number): { engine: Engine; log: QueryTiming[] } {
  const log: QueryTiming[] = [];
  const timed = <T>(sql: string, run: () => Promise<T>) => async () => {
    const t0 = now();
    try {
      return await run();
    } finally {
      log.push({ sql, ms: now() - t0 });
    }
  };
  return {
    log,
    engine: {
      ...engine,
      query: (sql) => timed(sql, () => engine.query(sql))(),
      queryBound: (sql, params) => timed(sql, () => engine.queryBound(sql, params))(),
    },
  };
}

/** Wall time of `call`, and the statements it ran with their times. */
export async function timeCall<T>(
  t: { log: QueryTiming[] },
  call: () => Promise<T>,
  now: () => number,
): Promise<{ totalMs: number; queries: QueryTiming[]; result: T }> {
  t.log.length = 0;
  const start = now();
  const result = await call();
  const totalMs = now() - start;
  return { totalMs, queries: t.log.splice(0), result };
}

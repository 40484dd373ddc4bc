// The bench page (not part of the app's build): opens the app's real browser
// engine (DuckDB-WASM EH bundle in a Worker) and exposes the bench session on
// window for playwright. Times are taken here with performance.now(), so
// playwright's transport is never counted.

import { openBrowserEngine } from '../../../src/db/browser-engine';
import { benchSession, type BenchSession } from '../session';
import { loadPicked, type DropTiming } from '../drop';
import { loadSimulatedOrders, runValueBench, type ValueRun } from '../value-run';

declare global {
  interface Window {
    bench: BenchSession & {
      ready(): Promise<string>;
      jsHeapBytes(): number | null;
      loadPicked(): Promise<DropTiming>;
      loadValueOrders(customers: number, seed: number): Promise<number>;
      valueFit(): Promise<Omit<ValueRun, 'lines'>>;
    };
  }
}

const status = document.getElementById('status')!;
const session = openBrowserEngine().then((engine) => {
  status.textContent = 'ready';
  return { engine, bench: benchSession(engine, () => performance.now()) };
});
session.catch((e: unknown) => (status.textContent = `failed: ${String(e)}`));

window.bench = {
  async ready() {
    const { engine } = await session;
    const v = (await engine.query('SELECT version() AS v')).getChild('v')?.get(0);
    return String(v);
  },
  ingest: async (steps) => (await session).bench.ingest(steps),
  grade: async (mapping, config) => (await session).bench.grade(mapping, config),
  pinBaseline: async () => (await session).bench.pinBaseline(),
  move: async (mapping, config) => (await session).bench.move(mapping, config),
  settle: async (mapping, config) => (await session).bench.settle(mapping, config),
  duckMemory: async () => (await session).bench.duckMemory(),
  history: async (mapping, config, settings) => (await session).bench.history(mapping, config, settings),
  loadValueOrders: async (customers, seed) => loadSimulatedOrders((await session).engine, customers, seed),
  valueFit: async () => runValueBench((await session).engine, () => performance.now()),
  async loadPicked() {
    const file = (document.getElementById('pick') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('no file picked');
    return loadPicked((await session).engine, { name: file.name, file }, () => performance.now());
  },
  jsHeapBytes() {
    // Chrome-only, main thread only; the wasm heap lives in the worker (see the renderer's RSS).
    const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return m ? m.usedJSHeapSize : null;
  },
};

// The fast-regrade bench page (built into test/bench/results/, never into dist/):
// the app's browser engine (DuckDB-WASM EH in a Worker) with the fast-regrade
// session on window for playwright. Times are taken here, in the page.

import { openBrowserEngine } from '../../src/db/browser-engine';
import { fastBenchSession, type FastBenchSession } from './fast-regrade-session';

declare global {
  interface Window {
    fastBench: FastBenchSession & { ready(): Promise<string> };
  }
}

const status = document.getElementById('status')!;
const opened = openBrowserEngine().then((engine) => {
  status.textContent = 'ready';
  return { engine, session: fastBenchSession(engine, () => performance.now()) };
});
opened.catch((e: unknown) => (status.textContent = `failed: ${String(e)}`));

window.fastBench = {
  async ready() {
    const { engine } = await opened;
    return String((await engine.query('SELECT version() AS v')).getChild('v')?.get(0));
  },
  ingest: async (sqls) => (await opened).session.ingest(sqls),
  prepare: async (m, c) => (await opened).session.prepare(m, c),
  fast: async (m, c, v) => (await opened).session.fast(m, c, v),
  full: async (m, c) => (await opened).session.full(m, c),
  explainFast: async (m, c) => (await opened).session.explainFast(m, c),
};

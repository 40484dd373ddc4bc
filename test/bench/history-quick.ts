// Quick native timing of the grade history (not a bench: for iterating on its SQL).
import { openNativeEngine } from './native';
import { ingestSteps } from './plan';
import { benchSession } from './session';
import { syntheticMapping } from '../support/synthetic';
import { CLASSIC_CRM } from '../../src/model/config';
import { DEFAULT_HISTORY } from '../../src/model/history/periods';

const n = Number(process.env.N ?? 100000);
const threads = Number(process.env.T ?? 1);
const e = await openNativeEngine(threads);
const s = benchSession(e, () => performance.now());
const mapping = syntheticMapping(true, false);
await s.ingest(ingestSteps(n, 42, 0));
await s.grade(mapping, CLASSIC_CRM);
for (let r = 0; r < 2; r++) {
  const h = await s.history(mapping, CLASSIC_CRM, DEFAULT_HISTORY);
  const by = new Map<string, number>();
  for (const st of h.steps) by.set(st.name, (by.get(st.name) ?? 0) + st.ms);
  console.log(h.totalMs.toFixed(0), [...by].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · '), h.lastCounts.join('/'));
}
await e.close();

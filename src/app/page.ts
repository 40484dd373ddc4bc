// The page's state, built in one place at startup: the grading session and the
// feature desks that hang off it, each a small runes class with one job.

import { ChartsDesk } from './charts.svelte';
import type { Keep } from './keep/keep.svelte';
import { Notebook } from './notebook.svelte';
import { PolicyDesk } from './policy/policy.svelte';
import type { Session } from './session.svelte';
import { ValueDesk } from './value/value.svelte';
import { HistoryDesk } from './history/history.svelte';
import { HISTORY_TABLES } from '../sql/catalog';

export interface Page {
  /** Grading: the engine, the config, the regrade scheduler, baseline, scenarios, customers. */
  session: Session;
  /** The kept session (IndexedDB, project file), the ingest step and the exports. */
  keep: Keep;
  /** The analyst's SQL cells. */
  notebook: Notebook;
  /** The grade policy and the queues. */
  policy: PolicyDesk;
  /** The chart queries after each grading. */
  charts: ChartsDesk;
  /** Customer value ahead: its settings, the at-risk worklist and the RFM classes. */
  value: ValueDesk;
  /** Grade history: every period end graded, transitions, who is sliding, timelines. */
  history: HistoryDesk;
}

export function createPage(session: Session, keep: Keep): Page {
  const notebook = new Notebook(session);
  const policy = new PolicyDesk(session);
  // The policy's views changed: cells reading them run again.
  policy.onViews(() => void notebook.gradingChanged());
  const charts = new ChartsDesk(session);
  const history = new HistoryDesk(session);
  // A new history (after the grading, or on its own): cells reading its table run again, only those.
  history.onFinished(() => void notebook.gradingChanged(HISTORY_TABLES));
  // The export carries the grade per period while the history shown is the current grading's.
  keep.exports.gradePath = () => history.result !== null && !history.stale && !history.progress;
  return { session, keep, notebook, policy, charts, value: new ValueDesk(session), history };
}

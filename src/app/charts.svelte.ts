// The Charts step's page state: runs the chart queries after every full grading
// (they read customers_graded, so not on every slider move: the fast path's live
// histogram stands in meanwhile) and the score breakdown of a clicked customer.
// Runs go one after another through one serial queue (they share the ranking temp
// tables); a run whose grading was superseded while it waited is skipped.

import { serial } from '../db/serial';
import { GROUP_COLUMNS } from '../model/config';
import { loadChartData, loadContribution, type ChartData } from '../charts/run-charts';
import type { Session } from './session.svelte';

export class ChartsDesk {
  data = $state.raw<ChartData | null>(null);
  /** Kept apart from `data` so a clicked customer redraws the breakdown only. */
  contribution = $state.raw<ChartData['contribution']>(null);
  error = $state<string | null>(null);

  readonly #session: Session;
  readonly #queue = serial();
  #run = 0;

  constructor(session: Session) {
    this.#session = session;
    session.onGraded(() => void this.refresh());
  }

  /** Run the chart queries over the current grading (after any run already queued). */
  refresh(): Promise<void> {
    const result = this.#session.result;
    const engine = this.#session.engine;
    if (!result || !engine) return Promise.resolve();
    const token = ++this.#run;
    return this.#queue(async () => {
      if (token !== this.#run) return;
      try {
        const d = await loadChartData(engine, { used: result.plan.used, groupColumn: result.group ? GROUP_COLUMNS[result.group] : null });
        if (token !== this.#run) return;
        this.data = d;
        this.contribution = d.contribution;
        this.error = null;
      } catch (e) {
        if (token === this.#run) this.error = e instanceof Error ? e.message : String(e);
      }
    });
  }

  /** The score breakdown of one customer (a click in the scatter). */
  pickCustomer(id: string | null): Promise<void> {
    const engine = this.#session.engine;
    const current = this.data;
    const result = this.#session.result;
    if (!id || !engine || !current || !result) return Promise.resolve();
    const token = this.#run;
    return this.#queue(async () => {
      try {
        const next = await loadContribution(engine, current.columns, result.plan.used, id);
        if (token === this.#run) this.contribution = next;
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      }
    });
  }
}

// State of the "Customer value ahead" step. The fit itself runs inside the
// grading (pipeline/value-step.ts, once per data, mapping or as-of change); here
// are its settings, which regrade, and its reports, queried again after every
// grading: the at-risk worklist and the RFM classes.

import { DEFAULT_VALUE, type ValueConfig } from '../../model/config';
import { buildAtRiskCountSql, buildAtRiskSql, buildRfmSummarySql, buildValueScatterSql, type ValuePoint } from '../../model/value-report-sql';
import { toRows } from '../../results/rows';
import type { ValueStepResult } from '../../pipeline/value-step';
import type { Session } from '../session.svelte';
import type { ValueStage } from '../../model/value/fit-value';

export type Row = Record<string, unknown>;

/** "Top grades" of the at-risk list: the first two (A and B of four). */
export const AT_RISK_TOP_GRADES = 2;

export interface RfmRow {
  rfm_class: string;
  customers: number;
  share_customers: number | null;
  order_amount: number;
  profit: number | null;
  share_profit: number | null;
}

export class ValueDesk {
  atRisk = $state.raw<Row[]>([]);
  atRiskTotal = $state.raw<{ customers: number; amount_at_stake: number } | null>(null);
  rfm = $state.raw<RfmRow[]>([]);
  /** Last 12 months against the prediction, per customer (sampled when there are many). */
  points = $state.raw<ValuePoint[]>([]);
  sql = $state.raw<{ atRisk: string; rfm: string; points: string }>({ atRisk: '', rfm: '', points: '' });
  error = $state<string | null>(null);
  /** Refreshes finished; the page and tests wait on it. */
  refreshed = $state(0);
  /** The fit's stage while a grading runs it; null otherwise. */
  stage = $state<Exclude<ValueStage, 'done'> | null>(null);

  #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.onGraded(() => void this.refresh());
    session.onValueProgress((s) => (this.stage = s === 'done' ? null : s));
  }

  get settings(): ValueConfig {
    return { ...DEFAULT_VALUE, ...this.#session.config.value };
  }

  /** The fit of the last grading (null before one, or in a period comparison). */
  get step(): ValueStepResult | null {
    return this.#session.result?.value ?? null;
  }

  /** Change a setting: the horizon, discount and unit refit; the RFM cut re-scores; the at-risk threshold only re-queries. */
  set<K extends keyof ValueConfig>(key: K, value: ValueConfig[K]): void {
    const next = { ...this.settings, [key]: value };
    if (key === 'atRiskPAlive') {
      this.#session.editUngraded((c) => (c.value = next));
      void this.refresh();
    } else this.#session.edit((c) => (c.value = next));
  }

  /** The as-of date is the models' calibration end: the same date as the grading's. */
  get asOf(): string | null {
    return this.#session.config.asOf;
  }

  setAsOf(date: string | null): void {
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/u.test(date)) return;
    this.#session.edit((c) => (c.asOf = date));
  }

  async refresh(): Promise<void> {
    this.stage = null;
    const engine = this.#session.engine;
    if (!engine || !this.#session.result) return;
    const opts = { pAliveBelow: this.settings.atRiskPAlive, topGrades: AT_RISK_TOP_GRADES };
    const atRiskSql = buildAtRiskSql(opts);
    const rfmSql = buildRfmSummarySql();
    const pointsSql = buildValueScatterSql();
    try {
      // One connection: the statements run one after the other.
      const live = this.step?.table != null;
      const rows = live ? toRows<Row>(await engine.query(atRiskSql)) : [];
      const [total] = live ? toRows<{ customers: number; amount_at_stake: number }>(await engine.query(buildAtRiskCountSql(opts))) : [];
      const rfm = toRows<RfmRow>(await engine.query(rfmSql));
      const points = live ? toRows<ValuePoint>(await engine.query(pointsSql)) : [];
      this.atRisk = rows;
      this.points = points;
      this.atRiskTotal = total ?? null;
      this.rfm = rfm;
      this.sql = { atRisk: atRiskSql, rfm: rfmSql, points: live ? pointsSql : '' };
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.refreshed++;
    }
  }
}

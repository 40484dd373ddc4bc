// State of the "Customer value ahead" step. The fit itself runs inside the
// grading (pipeline/value-step.ts, once per data, mapping or as-of change); here
// are its settings, which regrade, and its reports, queried again after every
// grading: the at-risk worklist and the RFM classes.

import { DEFAULT_VALUE, type ValueConfig } from '../../model/config';
import { buildAtRiskCountSql, buildAtRiskSql, buildRfmSummarySql, buildValueScatterSql, type ValuePoint } from '../../model/value-report-sql';
import { toRows } from '../../results/rows';
import { valueStepKey, type ValueStepResult } from '../../pipeline/value-step';
import { DEFAULT_HOLDOUT_MONTHS, runHoldoutCheck, type HoldoutCheck } from '../../pipeline/value-check';
import type { GradingConfig } from '../../model/config';
import { pageMessage, type PageMessage } from '../errors';
import type { Session, TableInfo } from '../session.svelte';
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

  /** The holdout check: months held out, its result (null until run), and whether it runs. */
  holdoutMonths = $state(DEFAULT_HOLDOUT_MONTHS);
  check = $state.raw<HoldoutCheck | null>(null);
  checking = $state(false);
  checkError = $state.raw<PageMessage | null>(null);
  /** The data, mapping and dates the check was run on: another grading of other data makes it stale. */
  #checkedOn: { key: string; tables: readonly TableInfo[] } | null = null;

  #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.onGraded(() => {
      if (this.check && !this.#checkCurrent()) this.check = null;
      void this.refresh();
    });
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

  /** Same mapping, dates and unit, and the same loaded tables (a new file is a new array). */
  #checkCurrent(): boolean {
    const on = this.#checkedOn;
    return on !== null && on.tables === this.#session.tables && on.key === valueStepKey(this.#session.mapping, this.#session.config);
  }

  /** Fit on the history before the last `holdoutMonths` and compare its predictions for them with what happened. */
  async runCheck(months = this.holdoutMonths): Promise<void> {
    const engine = this.#session.engine;
    if (!engine || this.checking) return;
    this.holdoutMonths = months;
    this.checking = true;
    try {
      const config = $state.snapshot(this.#session.config) as GradingConfig;
      const on = { key: valueStepKey(this.#session.mapping, config), tables: this.#session.tables };
      this.check = await runHoldoutCheck(engine, this.#session.mapping, config, months);
      this.#checkedOn = on;
      this.checkError = null;
    } catch (e) {
      this.checkError = pageMessage(e, { zh: '无法完成留出期检验', en: 'The holdout check could not run' });
    } finally {
      this.checking = false;
    }
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

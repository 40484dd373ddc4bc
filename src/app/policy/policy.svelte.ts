// State of the Policy and Queues steps. The grade policy lives in the grading
// config (saved, linked) and is edited without a regrade; here it becomes the
// views grade_policy, customer_actions, complaint_queue and open_order_queue
// (src/model/policy-sql.ts, queues-sql.ts), which read customers_graded when
// queried, so after a grading only the reports are queried again. The views are
// rebuilt when the policy, the mapping or the language (the assignment wording) changes.

import type { Engine } from '../../db/engine';
import { rowsToCsv } from '../../export/csv';
import { clampPolicyValue, managerText, policyRows, type GradePolicyRow } from '../../model/policy';
import { MAX_OFFER_TEXT } from '../../model/config';
import { buildActionsListSql, buildActionsSummarySql, buildCustomerActionsViewSql, buildGradePolicyViewSql, buildWorkloadSql, type AsOf } from '../../model/policy-sql';
import { COMPLAINT_QUEUE_VIEW, CUSTOMER_ACTIONS_VIEW, GRADE_POLICY_VIEW, OPEN_ORDER_QUEUE_VIEW } from '../../sql/catalog';
import { buildAllocationSql, buildComplaintDelaySql, buildComplaintQueueSql, buildComplaintQueueViewSql, buildComplaintsLeftOutSql, buildLateComplaintsSql, buildMaterialsSql, buildOpenOrderQueueSql, buildOpenOrderQueueViewSql } from '../../model/queues-sql';
import { toRows } from '../../results/rows';
import { ident } from '../../sql/quote';
import { POLICY_MESSAGES } from './messages';
import type { Session } from '../session.svelte';

export type Row = Record<string, unknown>;

/** Rows shown per list; exports have them all. */
export const LIST_LIMIT = 200;

export interface ActionsSummary {
  customers: number;
  overdue: number;
  next30: number;
  with_contact: number;
  as_of: number | null;
}

export interface ComplaintsView {
  queue: Row[];
  delays: Row[];
  late: Row[];
  leftOut: { undated: number; later: number };
}

export interface OpenOrdersView {
  queue: Row[];
  materials: { material: string; orders: number; demand: number }[];
}

export interface Allocation {
  material: string;
  available: number;
  rows: Row[];
  short: number;
  shortOrders: number;
}

/** The SQL each part of the two steps ran, for their SQL toggles. */
export interface DeskSql {
  policy: string;
  actions: string;
  workload: string;
  complaints: string;
  openOrders: string;
  allocation: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export class PolicyDesk {
  actions = $state.raw<Row[]>([]);
  summary = $state.raw<ActionsSummary | null>(null);
  /** Null when the data names no salesperson / account manager. */
  workload = $state.raw<Row[] | null>(null);
  /** Null when no complaints table is loaded. */
  complaints = $state.raw<ComplaintsView | null>(null);
  openOrders = $state.raw<OpenOrdersView | null>(null);
  allocation = $state.raw<Allocation | null>(null);
  sql = $state.raw<DeskSql>({ policy: '', actions: '', workload: '', complaints: '', openOrders: '', allocation: '' });
  error = $state<string | null>(null);
  /** Refreshes finished; the page and tests wait on it. */
  refreshed = $state(0);

  #session: Session;
  #views = '';
  #viewListeners = new Set<() => void>();
  #wanted = false;
  #running: Promise<void> | null = null;

  constructor(session: Session) {
    this.#session = session;
    session.onGraded(() => void this.refresh());
  }

  /** The policy row of each current grade, with the stored rows and the defaults for the rest. */
  get rows(): (GradePolicyRow & { grade: string; managerShown: string })[] {
    const grades = this.#session.config.rule.grades.map((g) => g.name);
    const lang = this.#session.lang;
    return policyRows(this.#session.config.policy, grades.length).map((r, i) => ({ ...r, grade: grades[i]!, managerShown: managerText(r, i, grades.length, lang) }));
  }

  /** Views were rebuilt (the cells reading them re-run). */
  onViews(listener: () => void): () => void {
    this.#viewListeners.add(listener);
    return () => this.#viewListeners.delete(listener);
  }

  /** Edit one value of a grade's row; numbers are clamped into their range, an unreadable one is ignored. */
  setValue(grade: number, key: keyof GradePolicyRow, value: number | string): void {
    const n = this.#session.config.rule.grades.length;
    let stored: number | string;
    if (key === 'manager') stored = String(value).slice(0, 200);
    else {
      const v = clampPolicyValue(key, typeof value === 'number' ? value : Number(value));
      if (v === null) return;
      stored = v;
    }
    if (grade < 0 || grade >= n) return;
    this.#session.editUngraded((c) => {
      // Every current grade's row is written out (rows kept for grades beyond them stay), so the edit stays at its position.
      const full: GradePolicyRow[] = [...policyRows(c.policy, n).map((r) => ({ ...r })), ...c.policy.slice(n)];
      (full[grade] as unknown as Record<string, number | string>)[key] = stored;
      c.policy = full;
    });
    void this.refresh();
  }

  /** The offer of one (group, grade) cell of the group × grade matrix ('' for none). */
  offerOf(group: string | null, grade: string): string {
    return [...(this.#session.config.offers ?? [])].reverse().find((o) => o.group === group && o.grade === grade)?.text ?? '';
  }

  /** Set the offer of one (group, grade) cell; an empty text removes it. Kept with the policy, shown in the worklist. */
  setOffer(group: string | null, grade: string, text: string): void {
    const t = text.slice(0, MAX_OFFER_TEXT);
    this.#session.editUngraded((c) => {
      const rest = (c.offers ?? []).filter((o) => !(o.group === group && o.grade === grade));
      c.offers = t.trim() === '' ? rest : [...rest, { group, grade, text: t }];
    });
    void this.refresh();
  }

  /** Allocate `available` units of `material` to its open orders in queue order. */
  async allocate(material: string, available: number): Promise<void> {
    const engine = this.#session.engine;
    if (!engine || !this.openOrders || !Number.isFinite(available) || available < 0) return;
    try {
      const sql = buildAllocationSql(material, available);
      const rows = toRows<Row>(await engine.query(sql));
      const short = rows.reduce((s, r) => s + (r.short as number), 0);
      this.allocation = { material, available, rows, short, shortOrders: rows.filter((r) => (r.short as number) > 0).length };
      this.sql = { ...this.sql, allocation: sql };
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Rebuild the views when their SQL changed and query every report again; bursts coalesce. */
  refresh(): Promise<void> {
    this.#wanted = true;
    // `.finally` runs after the assignment even when a pass has nothing to await.
    this.#running ??= (async () => {
      while (this.#wanted) {
        this.#wanted = false;
        await this.#refreshOnce();
      }
    })().finally(() => {
      this.#running = null;
      this.refreshed++;
    });
    return this.#running;
  }

  async #refreshOnce(): Promise<void> {
    const session = this.#session;
    const engine = session.engine;
    if (!engine || !session.result) return;
    const mapping = session.mapping;
    const at: AsOf = { asOf: session.config.asOf, today: today() };
    const lines = this.rows.map((r) => ({ ...r, manager: r.managerShown }));
    const views = [
      buildGradePolicyViewSql(lines),
      buildCustomerActionsViewSql(mapping, at, { grouped: Boolean(session.result.group), offers: session.config.offers ?? [] }),
      mapping.complaints ? buildComplaintQueueViewSql(mapping.complaints, at) : `DROP VIEW IF EXISTS ${ident(COMPLAINT_QUEUE_VIEW)};`,
      mapping.openOrders ? buildOpenOrderQueueViewSql(mapping.openOrders) : `DROP VIEW IF EXISTS ${ident(OPEN_ORDER_QUEUE_VIEW)};`,
    ];
    try {
      const changed = views.join('\n') !== this.#views;
      if (changed) {
        for (const v of views) await engine.query(v);
        this.#views = views.join('\n');
      }
      await this.#query(engine, views);
      this.error = null;
      if (changed) for (const l of this.#viewListeners) l();
    } catch (e) {
      this.#views = '';
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  async #query(engine: Engine, views: string[]): Promise<void> {
    const q = async <T extends object = Row>(sql: string) => toRows<T>(await engine.query(sql));
    const mapping = this.#session.mapping;
    const at: AsOf = { asOf: this.#session.config.asOf, today: today() };
    const actionsSql = buildActionsListSql(LIST_LIMIT);
    const workloadSql = buildWorkloadSql(this.#session.config.rule.grades.length);
    const actions = await q(actionsSql);
    const [summary] = await q<ActionsSummary>(buildActionsSummarySql());
    const workload = await q(workloadSql);
    const sql: DeskSql = {
      policy: views[0]!,
      actions: `${views[1]}\n\n${actionsSql}\n\n${buildActionsSummarySql()}`,
      workload: workloadSql,
      complaints: '',
      openOrders: '',
      allocation: this.sql.allocation,
    };
    let complaints: ComplaintsView | null = null;
    if (mapping.complaints) {
      const parts = [buildComplaintQueueSql(LIST_LIMIT), buildComplaintDelaySql(), buildLateComplaintsSql(LIST_LIMIT), buildComplaintsLeftOutSql(mapping.complaints, at)];
      const [queue, delays, late, leftOut] = [await q(parts[0]!), await q(parts[1]!), await q(parts[2]!), await q<ComplaintsView['leftOut']>(parts[3]!)];
      complaints = { queue, delays, late, leftOut: leftOut[0] ?? { undated: 0, later: 0 } };
      sql.complaints = [views[2], ...parts].join('\n\n');
    }
    let openOrders: OpenOrdersView | null = null;
    if (mapping.openOrders) {
      const parts = [buildOpenOrderQueueSql(LIST_LIMIT), buildMaterialsSql()];
      openOrders = { queue: await q(parts[0]!), materials: await q<OpenOrdersView['materials'][number]>(parts[1]!) };
      sql.openOrders = [views[3], ...parts].join('\n\n');
    }
    this.actions = actions;
    this.summary = summary ?? null;
    this.workload = workload.some((r) => r.salesperson !== null) ? workload : null;
    this.complaints = complaints;
    this.openOrders = openOrders;
    this.sql = sql;
    // Keep the analyst's allocation when its material is still there; else start on the scarcest-looking one.
    const materials = openOrders?.materials ?? [];
    const kept = this.allocation && materials.find((m) => m.material === this.allocation!.material);
    const pick = kept ?? materials[0];
    if (pick) await this.allocate(pick.material, kept ? this.allocation!.available : Math.round(pick.demand * 0.6));
    else this.allocation = null;
  }

  /** Every graded customer's actions from the policy, as the account managers' worklist (CSV, headers in the page's language). */
  async worklistCsv(): Promise<string | null> {
    const engine = this.#session.engine;
    if (!engine || !this.#session.result) return null;
    const m = POLICY_MESSAGES[this.#session.lang];
    const rows = toRows<Row>(await engine.query(buildActionsListSql(null)));
    const columns: [string, string][] = [
      ['grade', m.grade],
      ['customer_id', m.customerId],
      ['customer_name', m.customerName],
      ['salesperson', m.salesperson],
      ['account_manager', m.manager],
      ['last_order', m.lastOrdered],
      ['last_contact', m.lastContact],
      ['next_visit_due', m.nextVisit],
      ['days_until_visit', m.daysUntilVisit],
      ['visit_every_months', m.visitEvery],
      ['payment_terms_days', m.paymentTerms],
      ['discount_ceiling_pct', m.discountCeiling],
      ['production_priority', m.productionPriority],
      ['response_days', m.responseDays],
      ...(rows.some((r) => r.offer !== null && r.offer !== undefined) ? ([['offer', m.offer]] as [string, string][]) : []),
    ];
    const dates = new Set(['last_order', 'last_contact', 'next_visit_due']);
    const iso = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : v);
    return rowsToCsv(
      columns.map((c) => c[1]),
      rows.map((r) => Object.fromEntries(columns.map(([k, label]) => [label, dates.has(k) ? iso(r[k]) : r[k]]))),
    );
  }
}

// The grading session: the engine's lifecycle, the regrade scheduler (fast path while
// a slider moves, the full grading once it settles), the baseline and what-if,
// scenarios and comparisons, hand ratings and adjustments, the customer list and
// detail. The other page state (src/app/page.ts) hangs off it. Components read these
// fields and call these methods; they never query the engine or build SQL.

import type { Engine } from '../db/engine';
import { serial } from '../db/serial';
import {
  CLASSIC_CRM,
  PRESETS,
  validateConfig,
  type GradeRule,
  type GradingConfig,
  type PresetId,
  type RatedMetric,
} from '../model/config';
import { contribColumn, type MetricId } from '../model/metrics';
import { availableMetrics } from '../model/metrics-sql';
import type { ValueStage } from '../model/value/fit-value';
import { withRuleKind } from '../model/rule-kind';
import { rebalance } from '../model/weights';
import { buildCustomerDetailSql, buildCustomerListSql, buildGradedExportSql, type CustomerListColumn, type CustomerListQuery, DEFAULT_CUSTOMER_LIST } from '../model/report-sql';
import { rowsToCsv } from '../export/csv';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, buildSnapshotSql } from '../model/movers-sql';
import { buildRowCountsSql, CUSTOMER_METRICS, GRADES_BASELINE } from '../sql/catalog';
import { BASELINE_COLUMNS_SQL } from '../model/fast/sql';
import { configFromHash, configToHash, type Scenario } from '../model/scenario';
import { compareScenarios, type ScenarioColumn } from '../pipeline/compare-scenarios';
import { comparePeriods, yearOverYear, type MoverRow, type Period } from '../pipeline/compare-periods';
import { type MatrixCell } from '../model/result-rows';
import type { SourceMapping } from '../model/source';
import { SAMPLE_MAPPING, SAMPLE_TABLES, loadSample, sampleLoadSql } from '../ingest/sample';
import { fetchCustomerList, Grader, type CustomerRow, type GradingResult, type GradingStep } from '../pipeline/run-grading';
import { toRows } from '../results/rows';
import { ident } from '../sql/quote';
import { defaultLang, type Lang } from '../lang/lang';
import { PageError, pageMessage, type PageMessage } from './errors';
import { liveHistogram } from '../charts/live-histogram';
import type { GradeCut, ScoreBin } from '../charts/sql/score-histogram';

/** Quiet time after the last slider move before the wide table is rebuilt (seconds at 1M customers). */
const SETTLE_MS = 250;

/** The ratings a user enters per customer on the page. */
export type HandRating = 'prospect' | RatedMetric;

export type Phase = 'engine' | 'data' | 'grading' | 'ready' | 'error';

export interface WhatIf {
  matrix: MatrixCell[];
  movers: (MoverRow & Record<string, unknown>)[];
  summary: { up: number; down: number; compared: number };
  /** The statements these came from, as they ran (the full path's queries, or a slider move's fast path). */
  sql: string[];
}

/** Where saved scenarios live between visits (the full project persistence is its own step). */
export interface ScenarioStore {
  load(): Scenario[];
  save(list: Scenario[]): void;
}

export interface TableInfo {
  table: string;
  rows: number;
}

export class Session {
  phase = $state<Phase>('engine');
  /** A regrade is queued or running (a slider's fast path, its settle wait, the full grading). */
  settling = $state(false);
  /** What failed, in both languages (engine messages as the engine wrote them). */
  error = $state.raw<PageMessage | null>(null);
  lang = $state<Lang>(defaultLang(typeof navigator === 'undefined' ? [] : navigator.languages));
  config = $state<GradingConfig>(structuredClone(CLASSIC_CRM));
  mapping = $state.raw<SourceMapping>(SAMPLE_MAPPING);
  tables = $state.raw<TableInfo[]>([]);
  loadSql = $state.raw<string[]>([]);
  result = $state.raw<GradingResult | null>(null);
  listQuery = $state<CustomerListQuery>({ ...DEFAULT_CUSTOMER_LIST });
  /** The statement the customer list came from. */
  customersSql = $state<string | null>(null);
  customers = $state.raw<CustomerRow[]>([]);
  /** Problems with the config being edited; while there are any, the last good grading stays. */
  configProblems = $derived(validateConfig(this.config));
  /** Baseline vs current grading: the migration matrix and who moved. */
  whatIf = $state.raw<WhatIf | null>(null);
  /** When the baseline was pinned (ISO), null before the first grading. */
  baselineAt = $state<string | null>(null);
  /** The config the baseline was graded with (a kept session pins it again on reload). */
  baselineConfig = $state.raw<GradingConfig | null>(null);
  scenarios = $state<Scenario[]>([]);
  comparison = $state.raw<ScenarioColumn[] | null>(null);
  /** The last 12 months against the 12 before: who moved between periods. */
  periods = $state.raw<{ previous: Period; current: Period; matrix: MatrixCell[]; movers: (MoverRow & Record<string, unknown>)[] } | null>(null);
  /** While a slider moves: the score histogram from the fast path (null once customers_graded caught up). */
  live = $state.raw<{ bins: ScoreBin[]; cuts: GradeCut[] } | null>(null);
  /** While a slider moves: the fast path's statements that gave the grade table (null once customers_graded caught up). */
  liveSql = $state.raw<string[] | null>(null);
  /** Counts the gradings that re-created customers_graded: what the charts' queries read. */
  graded = $state(0);
  /** The grading step under way (null between gradings), for the status line. */
  step = $state<GradingStep | null>(null);
  /** The customer opened for a breakdown: its row and its grade's averages. */
  detail = $state.raw<{ customer: Record<string, unknown>; gradeAverage: Record<string, unknown> } | null>(null);

  #engine: Engine | null = null;
  #grader: Grader | null = null;
  #running: Promise<void> | null = null;
  #dirty = false;
  #live = false;
  #openEngine: () => Promise<Engine>;
  #readSample: Parameters<typeof loadSample>[1];

  #store: ScenarioStore | null;
  #gradedListeners = new Set<() => void>();
  #requestListeners = new Set<() => void>();

  constructor(openEngine: () => Promise<Engine>, readSample: Parameters<typeof loadSample>[1], store: ScenarioStore | null = null) {
    this.#openEngine = openEngine;
    this.#readSample = readSample;
    this.#store = store;
    this.scenarios = store?.load() ?? [];
  }

  /** Take the config from a shared link; a broken link says so and the defaults stay. */
  useHash(hash: string): void {
    try {
      const config = configFromHash(hash);
      if (config) this.config = config;
    } catch (e) {
      this.error = pageMessage(e, { zh: '链接里的方案读不出来，仍用默认设置', en: 'The scenario in this link cannot be read; the defaults stay' });
    }
  }

  /** The current config as a link hash (the page keeps the address bar in step). */
  get hash(): string {
    return configToHash($state.snapshot(this.config) as GradingConfig);
  }

  async start(): Promise<void> {
    this.error = null;
    try {
      this.phase = 'engine';
      this.#engine ??= await this.#openEngine();
      this.#grader ??= new Grader(this.#engine);
      this.phase = 'data';
      await loadSample(this.#engine, this.#readSample);
      this.#grader.invalidate();
      this.loadSql = sampleLoadSql();
      this.tables = await this.#countRows(SAMPLE_TABLES.map((t) => t.table));
      await this.regrade();
      await this.pinBaseline();
    } catch (e) {
      this.#fail(e);
    }
  }

  /** The open engine, for steps (ingest, SQL cells) that run their own queries; null until started. */
  get engine(): Engine | null {
    return this.#engine;
  }

  /**
   * Switch the graded data: the ingest step calls this after loading tables and
   * building a mapping. When grading the new data fails, the previous result stays on screen.
   */
  async useData(mapping: SourceMapping, tables: TableInfo[], loadSql: string[]): Promise<void> {
    const previous = { mapping: this.mapping, tables: this.tables, loadSql: this.loadSql };
    this.mapping = mapping;
    this.tables = tables;
    this.loadSql = loadSql;
    this.#grader?.invalidate();
    await this.#clearBaseline();
    await this.regrade();
    if (this.phase === 'ready') await this.pinBaseline();
    if (this.phase === 'error') {
      // Put the previous data back in the tables too, then keep the message on screen.
      const message = this.error;
      Object.assign(this, previous);
      await this.regrade();
      this.error = message;
      this.phase = 'error';
    }
  }

  /**
   * Regrade soon, coalescing bursts (a dragged slider): at most one grading runs
   * and one waits; the waiting one always uses the newest config, so a result
   * older than one already shown can never appear.
   */
  requestRegrade(live = false): Promise<void> {
    for (const listener of this.#requestListeners) listener();
    this.#dirty = true;
    this.#live = live;
    this.settling = true;
    this.#running ??= (async () => {
      try {
        while (this.#dirty) {
          this.#dirty = false;
          // While a slider keeps moving (live) only the fast path runs (grade table, totals, what-if);
          // the wide table, the customer list and the breakdown follow once it has settled.
          // Any other edit grades in full at once.
          if (this.#live && this.result) {
            await this.#exclusive(() => this.#regradeFast());
            if (!this.#dirty) await new Promise((r) => setTimeout(r, SETTLE_MS));
          }
          if (!this.#dirty) await this.regrade();
        }
      } finally {
        this.#running = null;
        this.settling = false;
      }
    })();
    return this.#running;
  }

  async #regradeFast(): Promise<void> {
    const grader = this.#grader;
    if (!grader || !this.result || this.configProblems.length) return;
    try {
      const config = $state.snapshot(this.config) as GradingConfig;
      const fast = await grader.regradeFast(this.mapping, config);
      this.result = { ...this.result, plan: fast.plan, gradeTable: fast.gradeTable, totals: fast.totals };
      this.live = liveHistogram(fast.histogram, fast.cuts, this.config.rule.grades);
      this.liveSql = fast.statements.map((s) => s.sql);
      if (!this.baselineAt) return;
      // The grades are on screen; the movers follow unless a newer move already waits.
      const previous = this.whatIf?.movers ?? [];
      this.whatIf = { matrix: fast.matrix, movers: previous as WhatIf['movers'], summary: fast.summary, sql: fast.statements.map((s) => s.sql) };
      if (this.#dirty) return;
      const movers = await grader.fastMovers(config, fast);
      if (!this.#dirty) this.whatIf = { matrix: fast.matrix, movers: movers as WhatIf['movers'], summary: fast.summary, sql: fast.statements.map((s) => s.sql) };
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Grade the current config in full (the grade table, the list, the what-if), after any grading under way. */
  regrade(): Promise<void> {
    return this.#exclusive(() => this.#regradeNow());
  }

  /**
   * Gradings, pins and comparisons all rewrite the same tables: they run one at
   * a time, in call order, so statements of two never interleave.
   */
  #exclusive = serial();

  async #regradeNow(): Promise<void> {
    const engine = this.#engine;
    const grader = this.#grader;
    if (!engine || !grader) return;
    if (this.configProblems.length) return;
    try {
      this.phase = 'grading';
      this.step = null;
      const result = await grader.run(this.mapping, $state.snapshot(this.config) as GradingConfig, {
        onValueProgress: (stage) => this.#valueProgress?.(stage),
        onStep: (step) => (this.step = step),
      });
      const customersSql = buildCustomerListSql(this.listQuery);
      const customers = await fetchCustomerList(engine, this.listQuery);
      // Swap both at once so the table and the list never disagree.
      const whatIf = this.baselineAt ? await this.#queryWhatIf(engine, result) : null;
      this.result = result;
      this.customers = customers;
      this.customersSql = customersSql;
      this.whatIf = whatIf;
      this.live = null;
      this.liveSql = null;
      this.graded++;
      this.step = null;
      this.phase = 'ready';
      this.error = null;
      for (const listener of this.#gradedListeners) listener();
      if (this.detail) await this.openCustomer(String(this.detail.customer.customer_id));
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Make the current grading the baseline that what-ifs are compared with. */
  async pinBaseline(): Promise<void> {
    const engine = this.#engine;
    if (!engine || !this.result) return;
    // A drag that is still settling would have the old grading pinned: let it finish first.
    if (this.#running) await this.#running;
    await this.#exclusive(async () => {
      try {
        await engine.query(buildSnapshotSql(GRADES_BASELINE));
        this.#grader?.invalidate('norms');
        this.baselineAt = new Date().toISOString();
        this.baselineConfig = $state.snapshot(this.config) as GradingConfig;
        await this.#regradeNow();
      } catch (e) {
        this.#fail(e);
      }
    });
  }

  /**
   * Pin a kept baseline again: grade with its config, pin, then grade the
   * current config. The data must be the data it was pinned on.
   */
  async restoreBaseline(config: GradingConfig, at: string): Promise<void> {
    if (!this.result) return;
    const current = $state.snapshot(this.config) as GradingConfig;
    if (JSON.stringify(config) !== JSON.stringify(current) || !this.baselineAt) {
      this.config = structuredClone(config);
      await this.regrade();
      await this.pinBaseline();
      this.config = current;
      await this.regrade();
    }
    if (this.baselineAt) {
      this.baselineAt = at;
      this.baselineConfig = structuredClone(config);
    }
  }

  async #clearBaseline(): Promise<void> {
    await this.#engine?.query(`DROP TABLE IF EXISTS ${ident(GRADES_BASELINE)}`);
    this.baselineAt = null;
    this.baselineConfig = null;
    this.whatIf = null;
  }

  async #queryWhatIf(engine: Engine, result: GradingResult): Promise<WhatIf> {
    const grades = this.config.rule.grades;
    const contribs = result.plan.used.map((m) => contribColumn(m.id));
    const baseline = new Set(toRows<{ c: string }>(await engine.query(BASELINE_COLUMNS_SQL)).map((r) => r.c));
    const sql = [buildScenarioMatrixSql(grades), buildScenarioMoversSql(contribs, 200, baseline), buildScenarioSummarySql()];
    const matrix = toRows<MatrixCell>(await engine.query(sql[0]!));
    const movers = toRows<MoverRow & Record<string, unknown>>(await engine.query(sql[1]!));
    const summary = toRows<WhatIf['summary']>(await engine.query(sql[2]!))[0]!;
    return { matrix, movers, summary, sql };
  }

  saveScenario(name: string): void {
    const clean = name.trim();
    if (!clean) return;
    const s: Scenario = { name: clean, config: $state.snapshot(this.config) as GradingConfig, savedAt: new Date().toISOString() };
    this.scenarios = [...this.scenarios.filter((x) => x.name !== clean), s];
    this.#store?.save($state.snapshot(this.scenarios) as Scenario[]);
  }

  loadScenario(name: string): void {
    const s = this.scenarios.find((x) => x.name === name);
    if (!s) return;
    this.config = structuredClone($state.snapshot(s.config) as GradingConfig);
    void this.requestRegrade();
  }

  deleteScenario(name: string): void {
    this.scenarios = this.scenarios.filter((x) => x.name !== name);
    this.#store?.save($state.snapshot(this.scenarios) as Scenario[]);
  }

  duplicateScenario(name: string): void {
    const s = this.scenarios.find((x) => x.name === name);
    if (!s) return;
    let copy = `${name} (2)`;
    for (let i = 3; this.scenarios.some((x) => x.name === copy); i++) copy = `${name} (${i})`;
    this.scenarios = [...this.scenarios, { ...structuredClone($state.snapshot(s) as Scenario), name: copy, savedAt: new Date().toISOString() }];
    this.#store?.save($state.snapshot(this.scenarios) as Scenario[]);
  }

  addScenario(s: Scenario): void {
    this.scenarios = [...this.scenarios.filter((x) => x.name !== s.name), s];
    this.#store?.save($state.snapshot(this.scenarios) as Scenario[]);
  }

  /**
   * Run work that re-creates the pipeline's tables (period or scenario
   * comparisons), then rebuild the current grading; a failure is reported after.
   */
  async #usingPipelineTables(work: (engine: Engine) => Promise<void>): Promise<void> {
    const engine = this.#engine;
    if (!engine || !this.result) return;
    await this.#exclusive(async () => {
      let failure: unknown = null;
      try {
        this.phase = 'grading';
        await work(engine);
      } catch (e) {
        failure = e;
      } finally {
        this.#grader?.invalidate();
        await this.#regradeNow();
        if (failure) this.#fail(failure);
      }
    });
  }

  /** Grade the 12 months up to the latest order (or the as-of date) against the 12 before. */
  comparePeriods(): Promise<void> {
    return this.#usingPipelineTables(async (engine) => {
      const [row] = toRows<{ d: string | null }>(await engine.query(`SELECT strftime(max(last_order), '%Y-%m-%d') AS d FROM ${ident(CUSTOMER_METRICS)}`));
      const to = this.config.asOf ?? row?.d;
      if (!to) throw new PageError({ zh: '数据里没有订单日期，无法比较两个时期。', en: 'The data has no order dates, so there are no periods to compare.' });
      const { previous, current } = yearOverYear(to);
      const cmp = await comparePeriods(engine, this.mapping, $state.snapshot(this.config) as GradingConfig, previous, current);
      this.periods = { previous, current, matrix: cmp.matrix, movers: cmp.movers as (MoverRow & Record<string, unknown>)[] };
    });
  }

  compare(names: string[]): Promise<void> {
    const picked = names.map((n) => this.scenarios.find((s) => s.name === n)).filter((s): s is Scenario => Boolean(s));
    return this.#usingPipelineTables(async (engine) => {
      this.comparison = await compareScenarios(engine, this.mapping, picked.map((s) => ({ name: s.name, config: $state.snapshot(s.config) as GradingConfig })));
    });
  }

  applyPreset(id: PresetId): void {
    this.config.metrics = structuredClone(PRESETS[id].metrics);
    void this.requestRegrade();
  }

  /** Metrics whose weight stays put while another slider moves. */
  locked = $state<MetricId[]>([]);

  toggleLock(id: MetricId): void {
    this.locked = this.locked.includes(id) ? this.locked.filter((x) => x !== id) : [...this.locked, id];
  }

  /** The metrics this data can score: the mapping's, the hand ratings', and the value fit's predictions. */
  get available(): Set<MetricId> {
    return availableMetrics(this.mapping, this.config, this.result?.value?.availability);
  }

  /**
   * Move one weight; the other unlocked weights of metrics the data has absorb
   * the difference, so the total (and the shares of 100) stay put.
   */
  setWeight(id: MetricId, weight: number): void {
    const metrics = this.config.metrics;
    const index = metrics.findIndex((x) => x.id === id);
    if (index < 0 || !Number.isFinite(weight)) return;
    const available = this.available;
    const locked = new Set(metrics.flatMap((m, i) => (this.locked.includes(m.id) || !available.has(m.id) ? [i] : [])));
    const next = rebalance(
      metrics.map((m) => m.weight),
      index,
      weight,
      locked,
    );
    next.forEach((w, i) => (metrics[i]!.weight = w));
    void this.requestRegrade(true);
  }

  addMetric(id: MetricId): void {
    if (this.config.metrics.some((m) => m.id === id)) return;
    this.config.metrics.push({ id, weight: 10 });
    void this.requestRegrade();
  }

  removeMetric(id: MetricId): void {
    this.config.metrics = this.config.metrics.filter((m) => m.id !== id);
    void this.requestRegrade();
  }

  /** Switch the kind of grade rule, keeping the grade names where the new kind allows. */
  setRuleKind(kind: GradeRule['kind']): void {
    this.config.rule = withRuleKind(this.config.rule, kind);
    void this.requestRegrade();
  }

  /**
   * Call `listener` after every full grading (customers_graded rebuilt, on new data too):
   * the SQL cells and the queues read it. Returns the unsubscribe.
   */
  #valueProgress: ((stage: ValueStage) => void) | null = null;
  /** The customer-value fit's stages while a grading runs it (one listener: the value step). */
  onValueProgress(listener: (stage: ValueStage) => void): void {
    this.#valueProgress = listener;
  }

  onGraded(listener: () => void): () => void {
    this.#gradedListeners.add(listener);
    return () => this.#gradedListeners.delete(listener);
  }

  /** A regrade was asked for (an edit, a slider move): work that a grading would make stale can stop. */
  onRegradeRequested(listener: () => void): () => void {
    this.#requestListeners.add(listener);
    return () => this.#requestListeners.delete(listener);
  }

  /** Change the parts of the config grading never reads (grade policy, SQL cells): saved and linked, never regraded. */
  editUngraded(change: (config: GradingConfig) => void): void {
    change(this.config);
  }

  /** Change any part of the config in place, then regrade (the editors' single entry point). */
  edit(change: (config: GradingConfig) => void): void {
    change(this.config);
    void this.requestRegrade();
  }

  /** The same for a slider being dragged: graded on the fast path, in full once it settles. */
  editLive(change: (config: GradingConfig) => void): void {
    change(this.config);
    void this.requestRegrade(true);
  }

  /** A customer's ratings entered by hand (1–5), null where none. */
  ratingsOf(customerId: string): Record<HandRating, number | null> {
    const c = this.config;
    return {
      prospect: c.prospects[customerId] ?? null,
      strategic: c.ratings.strategic[customerId] ?? null,
      satisfaction: c.ratings.satisfaction[customerId] ?? null,
    };
  }

  /** Rate a customer by hand (null clears it): growth prospect, strategic value or satisfaction. */
  rate(customerId: string, kind: HandRating, rating: number | null): void {
    this.edit((c) => {
      const map = kind === 'prospect' ? c.prospects : c.ratings[kind];
      if (rating === null) delete map[customerId];
      else map[customerId] = rating;
    });
  }

  /** A manual grade; `from` (YYYY-MM-DD) dates it for the grade history, else it counts from today. */
  adjust(customerId: string, grade: string, reason: string, author: string, from: string | null = null): void {
    this.config.adjustments.push({ customerId, grade, reason, author, at: new Date().toISOString(), ...(from ? { from } : {}) });
    void this.requestRegrade();
  }

  removeAdjustments(customerId: string): void {
    this.config.adjustments = this.config.adjustments.filter((a) => a.customerId !== customerId);
    void this.requestRegrade();
  }

  async openCustomer(customerId: string | null): Promise<void> {
    const engine = this.#engine;
    if (!engine || customerId === null || !this.result) {
      this.detail = null;
      return;
    }
    const contribs = this.result.plan.used.map((m) => contribColumn(m.id));
    try {
      const rows = toRows<Record<string, unknown>>(await engine.queryBound(buildCustomerDetailSql(contribs), [customerId]));
      const customer = rows.find((r) => r.row_kind === 'customer');
      const gradeAverage = rows.find((r) => r.row_kind === 'grade_average');
      this.detail = customer && gradeAverage ? { customer, gradeAverage } : null;
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * Every graded customer as CSV (UTF-8 with BOM, formula-safe), SQL column names as headers.
   * The page's export buttons use app/keep/exports (headers in the page language, GB18030, XLSX).
   */
  async exportCsv(): Promise<string | null> {
    const engine = this.#engine;
    if (!engine || !this.result) return null;
    try {
      const table = await engine.query(buildGradedExportSql());
      return rowsToCsv(
        table.schema.fields.map((f) => f.name),
        toRows<Record<string, unknown>>(table),
      );
    } catch (e) {
      this.#fail(e);
      return null;
    }
  }

  async filterGrade(grade: string | null): Promise<void> {
    const engine = this.#engine;
    if (!engine) return;
    const next = { ...this.listQuery, grade };
    try {
      this.customers = await fetchCustomerList(engine, next);
      this.customersSql = buildCustomerListSql(next);
      this.listQuery = next;
    } catch (e) {
      this.#fail(e);
    }
  }

  async sortCustomers(column: CustomerListColumn): Promise<void> {
    const engine = this.#engine;
    if (!engine) return;
    const q = this.listQuery;
    // A second click on the same column flips the direction; a new column starts with the natural order.
    const descending = q.sortBy === column ? !q.descending : column !== 'grade_rank' && column !== 'customer_id' && column !== 'customer_name' && column !== 'grade';
    const next = { ...q, sortBy: column, descending };
    try {
      this.customers = await fetchCustomerList(engine, next);
      this.customersSql = buildCustomerListSql(next);
      this.listQuery = next;
    } catch (e) {
      this.#fail(e);
    }
  }

  async #countRows(tables: string[]): Promise<TableInfo[]> {
    return toRows<TableInfo>(await this.#engine!.query(buildRowCountsSql(tables)));
  }

  #fail(e: unknown): void {
    this.step = null;
    this.error = pageMessage(e);
    this.phase = 'error';
  }
}

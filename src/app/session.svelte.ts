// The page's state and the only place that calls the engine from the UI.
// Components read these fields and call these methods; they never build SQL.

import type { Engine } from '../db/engine';
import { CLASSIC_CRM, type GradingConfig } from '../model/config';
import { DEFAULT_CUSTOMER_LIST, type CustomerListColumn, type CustomerListQuery } from '../model/report-sql';
import type { SourceMapping } from '../model/source';
import { SAMPLE_MAPPING, SAMPLE_TABLES, loadSample, sampleLoadSql } from '../ingest/sample';
import { fetchCustomerList, Grader, type CustomerRow, type GradingResult } from '../pipeline/run-grading';
import { toRows } from '../results/rows';
import { buildRowCountsSql } from '../sql/catalog';
import { defaultLang, type Lang } from '../ui/i18n';

export type Phase = 'engine' | 'data' | 'grading' | 'ready' | 'error';

export interface TableInfo {
  table: string;
  rows: number;
}

export class Session {
  phase = $state<Phase>('engine');
  error = $state<string | null>(null);
  lang = $state<Lang>(defaultLang(typeof navigator === 'undefined' ? [] : navigator.languages));
  config = $state<GradingConfig>(structuredClone(CLASSIC_CRM));
  mapping = $state.raw<SourceMapping>(SAMPLE_MAPPING);
  tables = $state.raw<TableInfo[]>([]);
  loadSql = $state.raw<string[]>([]);
  result = $state.raw<GradingResult | null>(null);
  listQuery = $state<CustomerListQuery>({ ...DEFAULT_CUSTOMER_LIST });
  customers = $state.raw<CustomerRow[]>([]);

  #engine: Engine | null = null;
  #grader: Grader | null = null;
  #openEngine: () => Promise<Engine>;
  #readSample: Parameters<typeof loadSample>[1];

  constructor(openEngine: () => Promise<Engine>, readSample: Parameters<typeof loadSample>[1]) {
    this.#openEngine = openEngine;
    this.#readSample = readSample;
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
    await this.regrade();
    if (this.phase === 'error') {
      // Put the previous data back in the tables too, then keep the message on screen.
      const message = this.error;
      Object.assign(this, previous);
      await this.regrade();
      this.error = message;
      this.phase = 'error';
    }
  }

  async regrade(): Promise<void> {
    const engine = this.#engine;
    const grader = this.#grader;
    if (!engine || !grader) return;
    try {
      this.phase = 'grading';
      const result = await grader.run(this.mapping, $state.snapshot(this.config) as GradingConfig);
      const customers = await fetchCustomerList(engine, this.listQuery);
      // Swap both at once so the table and the list never disagree.
      this.result = result;
      this.customers = customers;
      this.phase = 'ready';
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
      this.listQuery = next;
    } catch (e) {
      this.#fail(e);
    }
  }

  async #countRows(tables: string[]): Promise<TableInfo[]> {
    return toRows<TableInfo>(await this.#engine!.query(buildRowCountsSql(tables)));
  }

  #fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.phase = 'error';
  }
}

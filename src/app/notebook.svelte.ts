// State of the analyst's SQL cells: their text lives in the grading config
// (saved with the scenario, carried by the link) and is edited without any
// regrade; their results live here. Cells run one at a time on the engine's side
// connection (src/notebook/run-cell.ts), so a failing or cancelled cell leaves the
// grading and the other cells as they were. After every grading, cells that read
// the graded tables (or have not run on this data yet) run again.

import { rowsToCsv } from '../export/csv';
import { AUTO_CHART, EXAMPLE_CELL_SQL, MAX_CELLS, nextCellId, type CellChart, type SqlCell } from '../model/cells';
import { csvRows, type CellResult } from '../notebook/cell-result';
import { readsPipeline } from '../notebook/cell-sql';
import { runCell, runCellInFull, type CellError } from '../notebook/run-cell';
import { sortOrder } from '../notebook/sort-rows';
import type { Session } from './session.svelte';
import { serial } from '../db/serial';
import { GRADING_TABLES, POLICY_VIEWS } from '../sql/catalog';

export interface CellRun {
  status: 'queued' | 'running' | 'done' | 'error';
  result: CellResult | null;
  error: CellError | null;
  /** The statements the engine ran for the shown result (the cell's SQL toggle shows them). */
  statements: string[];
  /** The text and the data the shown result came from. */
  ranSql: string | null;
  dataKey: string | null;
  /** Display order of the rows after a header click; null = as the query returned them. */
  sort: { column: number; descending: boolean; order: number[] } | null;
  /** Runs so far, to tell a fresh result from the previous one. */
  runs: number;
}

const EMPTY_RUN: CellRun = { status: 'done', result: null, error: null, statements: [], ranSql: null, dataKey: null, sort: null, runs: 0 };

export class Notebook {
  /** Results by cell id; replaced as a whole on every change (the rows are never made reactive one by one). */
  runs = $state.raw<Record<string, CellRun>>({});

  #session: Session;
  #queue = serial();
  #controllers = new Map<string, AbortController>();
  #rerunWanted = false;
  /** Relations rewritten since the last pass: cells naming one run again. */
  #changed = new Set<string>();
  #rerunning: Promise<void> | null = null;

  constructor(session: Session) {
    this.#session = session;
    session.onGraded(() => this.gradingChanged());
  }

  get cells(): SqlCell[] {
    return this.#session.config.cells;
  }

  #cell(id: string): SqlCell | undefined {
    return this.#session.config.cells.find((c) => c.id === id);
  }

  #set(id: string, change: Partial<CellRun>): void {
    this.runs = { ...this.runs, [id]: { ...(this.runs[id] ?? EMPTY_RUN), ...change } };
  }

  /** Add a cell at the end (the first one starts with an example query); returns its id, or null at the limit. */
  add(): string | null {
    const cells = this.#session.config.cells;
    if (cells.length >= MAX_CELLS) return null;
    const id = nextCellId(cells);
    this.#session.editUngraded((c) => c.cells.push({ id, title: '', sql: cells.length === 0 ? EXAMPLE_CELL_SQL : '', chart: { ...AUTO_CHART } }));
    return id;
  }

  update(id: string, change: Partial<Pick<SqlCell, 'title' | 'sql'>>): void {
    this.#session.editUngraded((c) => {
      const cell = c.cells.find((x) => x.id === id);
      if (cell) Object.assign(cell, change);
    });
  }

  setChart(id: string, change: Partial<CellChart>): void {
    this.#session.editUngraded((c) => {
      const cell = c.cells.find((x) => x.id === id);
      if (cell) cell.chart = { ...cell.chart, ...change };
    });
  }

  /** Move a cell up (-1) or down (+1). */
  move(id: string, by: -1 | 1): void {
    this.#session.editUngraded((c) => {
      const i = c.cells.findIndex((x) => x.id === id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= c.cells.length) return;
      const [cell] = c.cells.splice(i, 1);
      c.cells.splice(j, 0, cell!);
    });
  }

  remove(id: string): void {
    this.cancel(id);
    this.#session.editUngraded((c) => {
      c.cells = c.cells.filter((x) => x.id !== id);
    });
    const { [id]: _, ...rest } = this.runs;
    this.runs = rest;
  }

  /** Run a cell (after any cell already running); its result replaces the one shown. */
  run(id: string): Promise<void> {
    const previous = this.#controllers.get(id);
    if (previous) previous.abort();
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    this.#set(id, { status: 'queued' });
    return this.#queue(async () => {
      const cell = this.#cell(id);
      if (!cell || controller.signal.aborted) {
        if (cell) this.#set(id, { status: this.runs[id]?.result ? 'done' : 'error', error: { kind: 'cancelled', message: 'The query was cancelled.' } });
        return;
      }
      const engine = this.#session.engine;
      if (!engine) {
        this.#set(id, { status: 'error', error: { kind: 'engine', message: 'The DuckDB engine has not started yet.' } });
        return;
      }
      const sql = cell.sql;
      const dataKey = this.#dataKey();
      this.#set(id, { status: 'running' });
      const outcome = await runCell(engine, sql, controller.signal);
      if (this.#controllers.get(id) === controller) this.#controllers.delete(id);
      if (!this.#cell(id)) return;
      const runs = (this.runs[id]?.runs ?? 0) + 1;
      if (outcome.ok) {
        this.#set(id, { status: 'done', result: outcome.result, error: null, statements: outcome.statements, ranSql: sql, dataKey, sort: null, runs });
      } else {
        // The last good result stays visible under the message only when the text is unchanged.
        const keep = this.runs[id]?.ranSql === sql ? this.runs[id]?.result ?? null : null;
        this.#set(id, { status: 'error', result: keep, error: outcome.error, statements: outcome.statements, ranSql: sql, dataKey, runs });
      }
    });
  }

  cancel(id: string): void {
    this.#controllers.get(id)?.abort();
  }

  /** Sort the shown rows by a column; a second click on the same column flips the direction. */
  sort(id: string, column: number): void {
    const run = this.runs[id];
    if (!run?.result) return;
    const descending = run.sort?.column === column ? !run.sort.descending : false;
    this.#set(id, { sort: { column, descending, order: sortOrder(run.result.rows, column, descending) } });
  }

  /** Every row of the cell's query as CSV (UTF-8 with BOM, formula-safe), with a file name from its title. */
  async download(id: string): Promise<{ fileName: string; csv: string } | null> {
    const cell = this.#cell(id);
    const engine = this.#session.engine;
    if (!cell || !engine) return null;
    try {
      const full = await runCellInFull(engine, cell.sql);
      const csv = rowsToCsv(
        full.columns.map((c) => c.name),
        csvRows(full).map((r) => Object.fromEntries(full.columns.map((c, j) => [c.name, r[j]]))),
      );
      const stem = (cell.title.trim() || cell.id).replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 80);
      return { fileName: `tierscope-${stem}.csv`, csv };
    } catch (e) {
      this.#set(id, { status: 'error', error: { kind: 'engine', message: e instanceof Error ? e.message : String(e) } });
      return null;
    }
  }

  /**
   * The grading (or a view the cells may read, or the grade history) changed: run again
   * every cell that reads one of `relations`, that has not run on the current data, or
   * whose text changed since. Bursts coalesce into one pass after the one running.
   */
  gradingChanged(relations: readonly string[] = [...GRADING_TABLES, ...POLICY_VIEWS]): Promise<void> {
    for (const r of relations) this.#changed.add(r);
    this.#rerunWanted = true;
    // `.finally` runs after the assignment even when the pass has nothing to await.
    this.#rerunning ??= this.#rerunPasses().finally(() => {
      this.#rerunning = null;
    });
    return this.#rerunning;
  }

  async #rerunPasses(): Promise<void> {
    while (this.#rerunWanted) {
      this.#rerunWanted = false;
      const changed = [...this.#changed];
      this.#changed.clear();
      const key = this.#dataKey();
      // A loaded scenario may have replaced the cells: results of cells that are gone go too.
      const ids = new Set(this.#session.config.cells.map((c) => c.id));
      if (Object.keys(this.runs).some((id) => !ids.has(id))) this.runs = Object.fromEntries(Object.entries(this.runs).filter(([id]) => ids.has(id)));
      for (const cell of [...this.#session.config.cells]) {
        if (cell.sql.trim() === '') continue;
        const run = this.runs[cell.id];
        const stale = !run || run.runs === 0 || run.ranSql !== cell.sql || run.dataKey !== key || readsPipeline(cell.sql, changed);
        if (stale) await this.run(cell.id);
      }
    }
  }

  #dataKey(): string {
    return this.#session.tables.map((t) => `${t.table}:${t.rows}`).join('|');
  }
}

// State of the "Grade history" step: its settings, the last history and its progress, and
// the timelines the customer list and detail show. A history runs on demand, then again
// after every full grading (once a drag settles); a slider move or any edit stops a run
// under way between two statements, so the slider never waits for more than one.
// Once run, its settings live in the config (config.history): a reload, a saved scenario
// or a link brings the history back with the grading. Settings being typed that the
// history would refuse stay a draft here, shown with their problem, never saved.

import { HistoryInputError, HistoryStopped, runGradeHistory, type GradeHistory, type HistoryBlock, type HistoryProgress } from '../../pipeline/grade-history';
import { buildTimelineSql, type TimelineRow } from '../../model/history/history-sql';
import { DEFAULT_HISTORY, validateHistorySettings, type HistorySettings } from '../../model/history/periods';
import type { GradingConfig } from '../../model/config';
import { toRows } from '../../results/rows';
import { pageMessage, type PageMessage } from '../errors';
import type { Session } from '../session.svelte';

/** Timelines are read for at most this many customers at once (a list page and the detail). */
const MAX_TIMELINES = 200;

export class HistoryDesk {
  result = $state.raw<GradeHistory | null>(null);
  /** While a history runs: periods graded of the total (null otherwise). */
  progress = $state.raw<HistoryProgress | null>(null);
  error = $state.raw<PageMessage | null>(null);
  /** The data cannot carry a history as set: why (the page words it and offers the fix). */
  block = $state.raw<{ kind: HistoryBlock; span: { first: string; latest: string } | null } | null>(null);
  /** Each customer's grades per period (for the ids last asked for). */
  timelines = $state.raw<Map<string, TimelineRow[]>>(new Map());
  /** The shown history was graded with an older config or settings (a newer one is due). */
  stale = $state(false);
  /** Runs finished (or failed); the page and tests wait on it. */
  runs = $state(0);

  readonly #session: Session;
  /** Bumped by every new run and every edit: a run whose token is old stops. */
  #token = 0;
  /** Settings edited before the first run, or refused: the config's history they were edited from, and them. */
  #draft = $state.raw<{ base: HistorySettings | undefined; settings: HistorySettings } | null>(null);
  #timelineIds: string[] = [];
  /** Called after each history that finished (the notebook's cells reading history_grades run again). */
  #finished: (() => void)[] = [];

  constructor(session: Session) {
    this.#session = session;
    session.onRegradeRequested(() => {
      this.#token++;
      if (this.result) this.stale = true;
    });
    session.onGraded(() => {
      if (this.#wanted) void this.run();
    });
  }

  /** Once run (its settings in the config), the history follows every grading. */
  get #wanted(): boolean {
    return this.#session.config.history !== undefined;
  }

  /** Whether the history follows every grading (its settings are in the config). */
  get following(): boolean {
    return this.#wanted;
  }

  /**
   * Stop following the gradings: a run under way stops, the history shown stays (marked stale
   * once the grading moves on), and its settings stay on the page. Running it again follows again.
   */
  stopFollowing(): void {
    if (!this.#wanted) return;
    const settings = this.settings;
    this.#token++;
    this.progress = null;
    this.#session.editUngraded((c) => delete c.history);
    this.#draft = { base: undefined, settings };
  }

  get settings(): HistorySettings {
    const saved = this.#session.config.history;
    // A draft edited from other settings (a scenario opened since) no longer applies.
    if (this.#draft && this.#draft.base === saved) return this.#draft.settings;
    return { ...DEFAULT_HISTORY, ...saved };
  }

  get problems(): string[] {
    return validateHistorySettings(this.settings);
  }

  onFinished(listener: () => void): void {
    this.#finished.push(listener);
  }

  set<K extends keyof HistorySettings>(key: K, value: HistorySettings[K]): void {
    const next = { ...this.settings, [key]: value };
    if (!this.#wanted || validateHistorySettings(next).length) {
      this.#draft = { base: this.#session.config.history, settings: next };
      return;
    }
    this.#save(next);
    void this.run();
  }

  #save(settings: HistorySettings): void {
    this.#draft = null;
    // Grading never reads it: no regrade.
    this.#session.editUngraded((c) => (c.history = { ...settings }));
  }

  /** Grade every period end now (and after every grading from then on). */
  async run(): Promise<void> {
    const engine = this.#session.engine;
    const token = ++this.#token;
    if (this.problems.length) return;
    const settings = this.settings;
    if (this.#draft || !this.#wanted) this.#save(settings);
    if (!engine || !this.#session.result) return;
    this.stale = Boolean(this.result);
    this.progress = { done: 0, total: 0 };
    try {
      const config = $state.snapshot(this.#session.config) as GradingConfig;
      const history = await runGradeHistory(engine, this.#session.mapping, config, settings, {
        onProgress: (p) => token === this.#token && (this.progress = p),
        shouldStop: () => token !== this.#token,
      });
      if (token !== this.#token) return;
      this.result = history;
      this.error = null;
      this.block = null;
      this.stale = false;
      await this.#readTimelines(this.#timelineIds);
      for (const f of this.#finished) f();
    } catch (e) {
      if (e instanceof HistoryStopped || token !== this.#token) return;
      if (e instanceof HistoryInputError) {
        this.block = { kind: e.block, span: e.span };
        this.error = null;
      } else {
        this.block = null;
        this.error = pageMessage(e, { zh: '无法生成分级历史', en: 'The grade history cannot be made' });
      }
    } finally {
      if (token === this.#token) {
        this.progress = null;
        this.runs++;
      }
    }
  }

  /** Read the timelines of these customers (the list's rows and the opened one). */
  async showTimelines(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)].slice(0, MAX_TIMELINES);
    this.#timelineIds = unique;
    if (this.result && !this.progress) await this.#readTimelines(unique);
  }

  async #readTimelines(ids: readonly string[]): Promise<void> {
    const engine = this.#session.engine;
    if (!engine || !this.result) return;
    const rows = ids.length ? toRows<TimelineRow>(await engine.query(buildTimelineSql(ids))) : [];
    const map = new Map<string, TimelineRow[]>();
    for (const r of rows) map.set(r.customer_id, [...(map.get(r.customer_id) ?? []), r]);
    this.timelines = map;
  }
}

// Keeps the session across reloads and browser restarts: the loaded files
// (their bytes, reading choices and mapping edits), the whole config, the
// pinned baseline, language and currency go to IndexedDB a moment after each
// change; on the next visit the files are read and graded again (nothing
// derived is stored, so a new version of the app re-derives everything). DuckDB
// itself stays in memory: duckdb-wasm's opfs:// databases reopen empty in some
// versions, and re-running the pipeline from the inputs is cheap and exact.
//
// Saved scenarios stay in localStorage (scenario-store.ts); "start fresh"
// clears both, and a project file carries both. When storage is full or not
// there (private mode), the page says so and the session goes on in memory.

import type { IngestController, RestoredFile } from '../ingest.svelte';
import type { Session } from '../session.svelte';
import type { LoadInput } from '../../ingest/load-file';
import type { TextEncodingName } from '../../ingest/decode';
import type { Scenario } from '../../model/scenario';
import type { KeepMessageKey } from './messages';
import { display } from '../display.svelte';
import { parseConfig } from '../../model/scenario';
import { storageProblem, type KvStore } from './kv-store';
import { parseSnapshot, snapshotRecord, type SavedFile, type SessionSnapshot } from './snapshot';
import type { RememberedMapping } from '../../ingest/remembered';

const SESSION_KEY = 'session';
const FILE_PREFIX = 'file:';

export type KeepState = 'starting' | 'restoring' | 'saving' | 'saved' | 'idle' | 'memory';

/** A message for the page, rendered in the page's language when shown. */
export interface KeepNotice {
  key: KeepMessageKey;
  values?: Record<string, string>;
  severity: 'info' | 'warning' | 'error';
}

export interface KeeperOptions {
  /** Quiet time after the last change before writing (ms). */
  debounceMs?: number;
  /** Removes the saved scenarios too on "start fresh" (localStorage). */
  clearScenarios?: () => void;
  /** Reload the page afresh (no hash) after "start fresh". */
  reload?: () => void;
}

export class Keeper {
  state = $state<KeepState>('starting');
  savedAt = $state<string | null>(null);
  /** A change is waiting for its debounced write (written as the page goes, too). */
  pending = $state(false);
  notice = $state.raw<KeepNotice | null>(null);
  /** Names of loaded files whose bytes could not be stored (quota). */
  unkept = $state.raw<string[]>([]);

  #session: Session;
  #ingest: IngestController;
  #store: KvStore | null;
  #opts: Required<KeeperOptions>;
  /** Key of the stored bytes per input object: a file dropped again is a new input. */
  #keys = new WeakMap<LoadInput, string>();
  /** Inputs the storage refused once (quota): not tried again on every edit. */
  #refused = new WeakSet<LoadInput>();
  #armed = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> = Promise.resolve();
  #stopEffects: (() => void) | null = null;

  constructor(session: Session, ingest: IngestController, store: KvStore | null, opts: KeeperOptions = {}) {
    this.#session = session;
    this.#ingest = ingest;
    this.#store = store;
    this.#opts = {
      debounceMs: opts.debounceMs ?? 400,
      clearScenarios: opts.clearScenarios ?? (() => {}),
      reload: opts.reload ?? (() => location.replace(location.pathname + location.search)),
    };
    if (!store) this.#toMemory('keepUnavailable');
    // A change still waiting for its debounced write is written as the page goes (a reload right after an edit).
    if (typeof window !== 'undefined') window.addEventListener('pagehide', () => this.#flush());
  }

  /** Whether what is on the page is written to this browser's storage. */
  get persistent(): boolean {
    return this.#store !== null;
  }

  /**
   * Open the page: restore the kept session (unless there is none), then
   * start the engine and grade. A config in the address bar (a shared link) wins over the kept one.
   */
  async start(opts: { hashConfig?: boolean } = {}): Promise<void> {
    let saved: SessionSnapshot | null = null;
    let data = new Map<string, Blob | string>();
    if (this.#store) {
      try {
        const raw = await this.#store.get(SESSION_KEY);
        if (raw !== undefined) saved = parseSnapshot(raw);
      } catch (e) {
        if (storageProblem(e) === 'unavailable') this.#toMemory('keepUnavailable');
        else this.notice = { key: 'keepRestoreFailed', values: { error: message(e) }, severity: 'warning' };
      }
    }
    if (this.#store) this.state = saved ? 'restoring' : 'starting';
    if (saved) {
      this.#session.lang = saved.lang;
      display.filesCurrency = saved.currency;
      // A reload keeps the hash in the address bar: when it holds the kept config, the kept one (with any fields the link format drops) is used.
      if (!opts.hashConfig || sameKnownConfig(saved.config, $state.snapshot(this.#session.config) as SessionSnapshot['config'])) this.#session.config = saved.config;
      data = await this.#readData(saved.files);
    }
    await this.#session.start();
    if (saved) await this.#restoreData(saved, data, false);
    if (saved && this.#store) this.notice = this.notice ?? { key: 'keepRestored', values: { time: saved.savedAt }, severity: 'info' };
    this.#arm();
  }

  /** Watch the session and write a moment after every change. */
  #arm(): void {
    this.#armed = true;
    if (this.state !== 'memory') this.state = 'idle';
    this.#stopEffects ??= $effect.root(() => {
      $effect(() => {
        // Read everything that is kept, so that any change re-runs this.
        JSON.stringify(this.#collect());
        if (this.#armed) this.#schedule();
      });
    });
  }

  #schedule(): void {
    if (!this.#store) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.pending = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.pending = false;
      void this.saveNow();
    }, this.#opts.debounceMs);
  }

  #flush(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.pending = false;
    void this.saveNow();
  }

  /** Write the session now (and wait for it). */
  saveNow(): Promise<void> {
    this.#writing = this.#writing.then(() => this.#write()).catch(() => {});
    return this.#writing;
  }

  /** The snapshot of what is on the page now, and the inputs of the files it lists. */
  #collect(): { snapshot: SessionSnapshot; inputs: Map<string, { file: SavedFile; input: LoadInput }> } {
    const s = this.#session;
    const ingest = this.#ingest;
    const inputs = new Map<string, { file: SavedFile; input: LoadInput }>();
    const files: SavedFile[] = [];
    for (const entry of ingest.files) {
      const input = ingest.inputOf(entry.id);
      if (entry.status !== 'ready' || !entry.loaded || !input) continue;
      const key = this.#keys.get(input) ?? `${FILE_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      this.#keys.set(input, key);
      const choice = ingest.choices.find((c) => c.table === entry.loaded!.table);
      const file: SavedFile = {
        key,
        name: entry.name,
        kind: input.text !== undefined ? 'text' : 'file',
        size: entry.size,
        encoding: entry.encoding,
        sheet: entry.sheet,
        choice: choice ? { role: choice.role, fields: { ...choice.fields } } : null,
      };
      files.push(file);
      inputs.set(key, { file, input });
    }
    const snapshot: SessionSnapshot = {
      savedAt: new Date().toISOString(),
      lang: s.lang,
      currency: display.filesCurrency,
      config: $state.snapshot(s.config) as SessionSnapshot['config'],
      baseline: s.baselineAt && s.baselineConfig ? { config: s.baselineConfig, at: s.baselineAt } : null,
      source: ingest.source,
      files,
      remembered: $state.snapshot(ingest.remembered) as RememberedMapping[],
    };
    return { snapshot, inputs };
  }

  async #write(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const { snapshot, inputs } = this.#collect();
    this.state = 'saving';
    // Files the storage refused before: still not kept, and named when the storage stays full.
    const unkept: string[] = [...inputs.values()].filter(({ input }) => this.#refused.has(input)).map(({ file }) => file.name);
    // Only files whose bytes are stored are listed; when one of the graded files is not, the next visit grades the sample.
    const record = (stored: Set<string>) => {
      const files = snapshot.files.filter((f) => stored.has(f.key));
      return snapshotRecord({ ...snapshot, files, source: files.length === snapshot.files.length ? snapshot.source : 'sample' });
    };
    try {
      const stored = new Set((await store.keys()).filter((k) => k.startsWith(FILE_PREFIX)));
      // The config first: a file too large for the storage must not cost the edits.
      await store.set(SESSION_KEY, record(stored));
      let added = false;
      for (const [key, { file, input }] of inputs) {
        if (stored.has(key)) continue;
        if (this.#refused.has(input)) continue;
        try {
          await store.set(key, input.text ?? input.file ?? new Blob([input.bytes as BlobPart]));
          stored.add(key);
          added = true;
        } catch (e) {
          if (storageProblem(e) !== 'quota') throw e;
          this.#refused.add(input);
          unkept.push(file.name);
        }
      }
      if (added) await store.set(SESSION_KEY, record(stored));
      for (const key of stored) {
        if (inputs.has(key)) continue;
        await store.del(key);
      }
      this.savedAt = snapshot.savedAt;
      this.unkept = unkept;
      this.state = 'saved';
      if (unkept.length) this.notice = { key: 'keepQuota', values: { files: unkept.join('、') }, severity: 'warning' };
      else if (this.notice?.key === 'keepQuota' || this.notice?.key === 'keepFailed') this.notice = null;
    } catch (e) {
      const problem = storageProblem(e);
      if (problem === 'quota') {
        this.state = 'idle';
        this.notice = { key: 'keepQuota', values: unkept.length ? { files: unkept.join('、') } : {}, severity: 'warning' };
      } else if (problem === 'unavailable') {
        this.#toMemory('keepUnavailable');
      } else {
        this.state = 'idle';
        this.notice = { key: 'keepFailed', values: { error: message(e) }, severity: 'error' };
      }
    }
  }

  async #readData(files: SavedFile[]): Promise<Map<string, Blob | string>> {
    const out = new Map<string, Blob | string>();
    for (const f of files) {
      try {
        const v = await this.#store?.get(f.key);
        if (typeof v === 'string' || v instanceof Blob) out.set(f.key, v);
      } catch {
        // Reported below as a file that could not be read back.
      }
    }
    return out;
  }

  /** Load the kept files again, then pin the kept baseline. */
  async #restoreData(saved: SessionSnapshot, data: Map<string, Blob | string>, replace: boolean, pinKept = true): Promise<void> {
    const missing = saved.files.filter((f) => !data.has(f.key));
    const restored: RestoredFile[] = saved.files.flatMap((f) => {
      const d = data.get(f.key);
      if (d === undefined) return [];
      const input: LoadInput = typeof d === 'string' ? { name: f.name, text: d } : { name: f.name, file: d };
      this.#keys.set(input, f.key);
      return [{ input, size: f.size, encoding: f.encoding as TextEncodingName | null, sheet: f.sheet, choice: f.choice as RestoredFile['choice'] }];
    });
    // Remembered before the files load, so a kept file with no saved choice maps as confirmed.
    if (saved.remembered?.length || replace) this.#ingest.remembered = saved.remembered ?? [];
    if (restored.length || replace) await this.#ingest.restore(restored, saved.source === 'files' && missing.length === 0, replace);
    if (missing.length) this.notice = { key: 'keepFileMissing', values: { name: missing.map((f) => f.name).join('、') }, severity: 'warning' };
    const dataMatches = (saved.source === 'files') === (this.#ingest.source === 'files');
    if (pinKept && saved.baseline && dataMatches && this.#session.phase === 'ready') await this.#session.restoreBaseline(saved.baseline.config, saved.baseline.at);
  }

  /** Replace the whole session with a project file's (config, scenarios, files, baseline). */
  async openProject(p: { snapshot: SessionSnapshot; scenarios: Scenario[]; data: Map<string, Blob | string> }, setScenarios: (list: Scenario[]) => void): Promise<void> {
    this.#armed = false;
    try {
      const s = this.#session;
      s.lang = p.snapshot.lang;
      display.filesCurrency = p.snapshot.currency;
      s.config = structuredClone(p.snapshot.config);
      setScenarios(p.scenarios);
      await this.#restoreData(p.snapshot, p.data, true, false);
      // The sample with the project's config: grade and pin it (restored files were, by useData).
      if (this.#ingest.source === 'sample') {
        await s.regrade();
        await s.pinBaseline();
      }
      // Then the project's own baseline, pinned on the data just graded.
      if (p.snapshot.baseline && (p.snapshot.source === 'files') === (this.#ingest.source === 'files')) {
        await s.restoreBaseline(p.snapshot.baseline.config, p.snapshot.baseline.at);
      }
    } finally {
      // Kept at once: an opened project must survive a reload right after.
      this.#armed = true;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      await this.saveNow();
    }
  }

  /** The session as it is now, with the bytes of its files, for a project file. */
  async current(): Promise<{ snapshot: SessionSnapshot; data: Map<string, Blob | string> }> {
    const { snapshot, inputs } = this.#collect();
    const data = new Map<string, Blob | string>();
    for (const [key, { input }] of inputs) data.set(key, input.text ?? input.file ?? new Blob([input.bytes as BlobPart]));
    return { snapshot, data };
  }

  /** Delete everything kept in this browser and open the page afresh. */
  async startFresh(): Promise<void> {
    this.#armed = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#writing;
    try {
      await this.#store?.clear();
    } catch {
      // Nothing could be kept either: the reload starts afresh all the same.
    }
    this.#opts.clearScenarios();
    this.#opts.reload();
  }

  #toMemory(key: KeepMessageKey): void {
    this.#store = null;
    this.state = 'memory';
    this.notice = { key, severity: 'warning' };
  }

  dispose(): void {
    this.#stopEffects?.();
  }
}

/** Equal in every field the link format carries. */
function sameKnownConfig(kept: SessionSnapshot['config'], fromLink: SessionSnapshot['config']): boolean {
  try {
    return JSON.stringify(parseConfig(kept)) === JSON.stringify(parseConfig(fromLink));
  } catch {
    return false;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

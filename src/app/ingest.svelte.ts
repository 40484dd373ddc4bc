// State of the "bring your own data" step: the files loaded, the mapping
// proposed and edited, the problems found. Every change ends in one call to
// session.useData, which regrades (and keeps the previous grading when that
// fails). A file that cannot be read shows its error and changes nothing else.

import type { Engine } from '../db/engine';
import { serial } from '../db/serial';
import type { TableGuess, TableProfile } from '../ingest/detect-mapping';
import type { FieldId, TableRole, Text } from '../ingest/fields';
import type { LoadedTable, LoadInput, LoadOptions, LoadStage } from '../ingest/load-file';
import type { TextEncodingName } from '../ingest/decode';
import { SAMPLE_MAPPING, SAMPLE_TABLES, sampleLoadSql } from '../ingest/sample';
import type { MappingProblem, TableChoice, UnusedField } from '../ingest/to-source-mapping';
import { recall, remember, type RememberedMapping } from '../ingest/remembered';
import { ident } from '../sql/quote';
import type { Session, TableInfo } from './session.svelte';

export type LoadFn = (engine: Engine, input: LoadInput, options?: LoadOptions) => Promise<LoadedTable>;

type MappingLib = typeof import('../ingest/mapping-lazy');

export interface FileEntry {
  id: number;
  name: string;
  size: number;
  status: 'loading' | 'ready' | 'error';
  stage: LoadStage | null;
  /** Why the file could not be read, in both languages (the card shows the page's). */
  error: Text | null;
  loaded: LoadedTable | null;
  /** What the user chose; null means detected. */
  encoding: TextEncodingName | null;
  sheet: string | null;
}

/** A kept file to load again: its bytes and what the user chose for it. */
export interface RestoredFile {
  input: LoadInput;
  size: number;
  encoding: TextEncodingName | null;
  sheet: string | null;
  /** Role and column → field id as saved; ids this version does not know are dropped. */
  choice: { role: string; fields: Record<string, string | null> } | null;
}

let nextId = 0;

/** Thrown when a file arrives and the engine never came up. */
class EngineUnavailable extends Error {}

const isText = (x: unknown): x is Text => typeof x === 'object' && x !== null && typeof (x as Text).zh === 'string' && typeof (x as Text).en === 'string';

/**
 * A failed load in both languages: an IngestError carries its own words; anything
 * else is named by the message module, which loads with the loader (never with the page).
 */
async function failureText(file: string, e: unknown): Promise<Text> {
  const own = (e as { text?: unknown } | null)?.text;
  if (isText(own)) return own;
  try {
    const m = await import('../ingest/messages');
    if (e instanceof EngineUnavailable) {
      const words = m.ingestText({ id: 'engineNotStarted' });
      return { zh: `${file}：${words.zh}`, en: `${file}: ${words.en}` };
    }
    return m.unexpectedText(file, e);
  } catch {
    const detail = e instanceof Error ? e.message : String(e);
    return { zh: `${file}：${detail}`, en: `${file}: ${detail}` };
  }
}

export class IngestController {
  files = $state<FileEntry[]>([]);
  /** Role and field per loaded table, as detected and then edited. */
  choices = $state<TableChoice[]>([]);
  guesses = $state.raw<TableGuess[]>([]);
  problems = $state.raw<MappingProblem[]>([]);
  unused = $state.raw<UnusedField[]>([]);
  /** Which data the grading shows. */
  source = $state<'sample' | 'files'>('sample');
  busy = $state(false);
  /** Mappings the user confirmed, by the headers of their file (kept with the session and project file). */
  remembered = $state.raw<RememberedMapping[]>([]);

  #session: Session;
  #load: () => Promise<LoadFn>;
  #inputs = new Map<number, LoadInput>();
  #profiles = new Map<string, TableProfile>();
  /** Tables this step created (every load makes a new one). */
  #created = new Set<string>();
  /** Choices carried from a table to its reloaded successor, until the next remap. */
  #carried = new Map<string, TableChoice>();
  /** Tables whose mapping came from a remembered one (said so in a note). */
  #recalled = new Set<string>();
  /** Loads and regrades run one at a time, in the order asked. */
  #queue = serial();
  #mappingLib: Promise<MappingLib> | null = null;

  constructor(session: Session, load: () => Promise<LoadFn> = async () => (await import('../ingest/load-file')).loadFile) {
    this.#session = session;
    this.#load = load;
  }

  /** Add dropped or picked files; one that fails shows its error and leaves the rest as they were. */
  addFiles(files: Iterable<File>): Promise<void> {
    const added = [...files].map((f) => this.#addEntry({ name: f.name, file: f }, f.size));
    return this.#enqueue(async () => {
      let loaded = false;
      for (const id of added) loaded = (await this.#loadEntry(id)) || loaded;
      // Nothing new to map when every file failed: the grading is left alone.
      if (loaded) await this.#remap();
    });
  }

  /** A range copied from Excel arrives as tab-separated text. */
  addPaste(text: string): Promise<void> {
    if (text.trim() === '') return Promise.resolve();
    const n = this.files.filter((f) => f.name.startsWith('paste')).length + 1;
    const id = this.#addEntry({ name: `paste${n === 1 ? '' : `-${n}`}.tsv`, text }, text.length);
    return this.#enqueue(async () => {
      if (await this.#loadEntry(id)) await this.#remap();
    });
  }

  /** Read the file again with another encoding (or sheet) into a new table; the old one goes once nothing reads it. */
  reload(id: number, change: { encoding?: TextEncodingName | null; sheet?: string | null }): Promise<void> {
    const entry = this.files.find((f) => f.id === id);
    if (!entry) return Promise.resolve();
    if (change.encoding !== undefined) entry.encoding = change.encoding;
    if (change.sheet !== undefined) entry.sheet = change.sheet;
    return this.#enqueue(async () => {
      if (await this.#loadEntry(id)) await this.#remap();
    });
  }

  remove(id: number): Promise<void> {
    return this.#enqueue(async () => {
      const entry = this.files.find((f) => f.id === id);
      if (!entry) return;
      const table = entry.loaded?.table;
      this.files = this.files.filter((f) => f.id !== id);
      this.#inputs.delete(id);
      if (!table) return;
      this.choices = this.choices.filter((c) => c.table !== table);
      this.guesses = this.guesses.filter((g) => g.table !== table);
      // Grade without it first, so the grading never reads a dropped table.
      if (this.source === 'files') {
        if (this.choices.length) await this.#apply();
        else await this.#useSample();
      }
      await this.#dropOrphans();
    });
  }

  setRole(table: string, role: TableRole): Promise<void> {
    return this.#enqueue(async () => {
      const choice = this.choices.find((c) => c.table === table);
      const profile = this.#profiles.get(table);
      if (!choice || !profile) return;
      const guess = (await this.#lib()).detectTable(profile, role);
      choice.role = role;
      choice.fields = Object.fromEntries(guess.columns.map((c) => [c.column, c.field]));
      this.guesses = this.guesses.map((g) => (g.table === table ? guess : g));
      this.#remember(table);
      await this.#apply();
    });
  }

  setField(table: string, column: string, field: FieldId | null): Promise<void> {
    const choice = this.choices.find((c) => c.table === table);
    if (!choice) return Promise.resolve();
    // A field belongs to one column of a table: taking it elsewhere frees it here.
    if (field) for (const [col, f] of Object.entries(choice.fields)) if (f === field && col !== column) choice.fields[col] = null;
    choice.fields[column] = field;
    this.#remember(table);
    return this.#enqueue(() => this.#apply());
  }

  /** Grade the bundled sample again; the user's files stay loaded and can be used again. */
  backToSample(): Promise<void> {
    return this.#enqueue(() => this.#useSample());
  }

  useFiles(): Promise<void> {
    return this.#enqueue(() => this.#apply());
  }

  /** What an entry was read from (the kept session stores its bytes). */
  inputOf(id: number): LoadInput | undefined {
    return this.#inputs.get(id);
  }

  /**
   * Load kept files again (a restored session or an opened project), with the
   * user's reading choices and mapping edits; `replace` first drops the files
   * loaded now. Grades them only when `useFiles`; otherwise they wait, mapped.
   */
  restore(files: RestoredFile[], useFiles: boolean, replace = false): Promise<void> {
    return this.#enqueue(async () => {
      if (replace) {
        if (this.source === 'files') await this.#useSample();
        this.files = [];
        this.#inputs.clear();
        this.choices = [];
        this.guesses = [];
        this.problems = [];
        this.unused = [];
      }
      const { FIELD_IDS, ROLE_IDS } = await import('../ingest/fields');
      const known = new Set<string>(FIELD_IDS);
      const roles = new Set<string>(ROLE_IDS);
      let loaded = false;
      for (const f of files) {
        const id = this.#addEntry(f.input, f.size);
        const entry = this.files.find((x) => x.id === id)!;
        entry.encoding = f.encoding;
        entry.sheet = f.sheet;
        if (!(await this.#loadEntry(id))) continue;
        loaded = true;
        const table = this.files.find((x) => x.id === id)?.loaded?.table;
        // A role this version does not know: the table's mapping is detected afresh.
        if (!table || !f.choice || !roles.has(f.choice.role)) continue;
        const fields = Object.fromEntries(Object.entries(f.choice.fields).map(([col, id]) => [col, id && known.has(id) ? (id as FieldId) : null]));
        this.#carried.set(table, { table, role: f.choice.role as TableRole, fields });
      }
      if (loaded) await this.#remap(useFiles);
      else await this.#dropOrphans();
    });
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** The user's edit of a table's mapping, remembered for files with the same headers. */
  #remember(table: string): void {
    const profile = this.#profiles.get(table);
    const choice = this.choices.find((c) => c.table === table);
    if (!profile || !choice) return;
    this.remembered = remember(this.remembered, profile.columns.map((c) => c.name), $state.snapshot(choice) as TableChoice);
    this.#recalled.delete(table);
  }

  #addEntry(input: LoadInput, size: number): number {
    // The same file dropped again replaces the earlier one.
    const same = this.files.find((f) => f.name === input.name);
    const id = same?.id ?? nextId++;
    this.#inputs.set(id, input);
    const entry: FileEntry = { id, name: input.name, size, status: 'loading', stage: null, error: null, loaded: same?.loaded ?? null, encoding: null, sheet: null };
    this.files = same ? this.files.map((f) => (f.id === id ? entry : f)) : [...this.files, entry];
    return id;
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    return this.#queue(async () => {
      this.busy = true;
      try {
        await task();
      } finally {
        this.busy = false;
      }
    });
  }

  #lib(): Promise<MappingLib> {
    this.#mappingLib ??= import('../ingest/mapping-lazy');
    return this.#mappingLib;
  }

  /** The session's engine; a file dropped while the page is still starting waits for it. */
  async #engine(): Promise<Engine> {
    for (let waited = 0; !this.#session.engine && waited < 120_000; waited += 200) {
      if (this.#session.phase === 'error') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const engine = this.#session.engine;
    if (!engine) throw new EngineUnavailable('The DuckDB engine did not start.');
    return engine;
  }

  /**
   * Load (or reload) one entry into a new table. The table it had before stays
   * until nothing reads it any more: a reload with the wrong encoding must not
   * take away the data the grading on screen was computed from.
   */
  async #loadEntry(id: number): Promise<boolean> {
    const entry = this.files.find((f) => f.id === id);
    const input = this.#inputs.get(id);
    if (!entry || !input) return false;
    entry.status = 'loading';
    entry.error = null;
    try {
      const engine = await this.#engine();
      const load = await this.#load();
      const loaded = await load(engine, input, {
        ...(entry.encoding ? { encoding: entry.encoding } : {}),
        ...(entry.sheet ? { sheet: entry.sheet } : {}),
        onProgress: (stage) => {
          entry.stage = stage;
        },
      });
      this.#created.add(loaded.table);
      const profile = await (await this.#lib()).profileTable(engine, loaded.table, entry.name);
      this.#profiles.set(loaded.table, profile);
      const before = entry.loaded?.table;
      const old = before ? this.choices.find((c) => c.table === before) : undefined;
      // Same columns as before: the user's role and fields carry over to the new table.
      if (old && Object.keys(old.fields).every((col) => profile.columns.some((c) => c.name === col))) {
        this.#carried.set(loaded.table, { ...old, table: loaded.table, fields: { ...old.fields } });
      }
      if (before) {
        this.choices = this.choices.filter((c) => c.table !== before);
        this.guesses = this.guesses.filter((g) => g.table !== before);
      }
      entry.loaded = loaded;
      entry.status = 'ready';
      return true;
    } catch (e) {
      entry.error = await failureText(entry.name, e);
      entry.status = 'error';
      return false;
    } finally {
      entry.stage = null;
    }
  }

  /** Drop tables this step created that neither a file nor the grading uses any more. */
  async #dropOrphans(): Promise<void> {
    const engine = this.#session.engine;
    if (!engine) return;
    const m = this.#session.mapping;
    const keep = new Set([
      ...this.files.flatMap((f) => (f.loaded ? [f.loaded.table] : [])),
      m.lines.table,
      ...(m.orders ? [m.orders.table] : []),
      ...(m.customers ? [m.customers.table] : []),
    ]);
    for (const table of [...this.#created]) {
      if (keep.has(table)) continue;
      await engine.query(`DROP TABLE IF EXISTS ${ident(table)}`);
      this.#created.delete(table);
      this.#profiles.delete(table);
    }
  }

  /** Detect afresh for tables that are new; keep the user's edits on the others. */
  async #remap(apply = true): Promise<void> {
    const tables = this.files.flatMap((f) => (f.loaded ? [f.loaded.table] : []));
    const profiles = tables.map((t) => this.#profiles.get(t)).filter((p): p is TableProfile => p !== undefined);
    if (profiles.length === 0) return;
    const lib = await this.#lib();
    const detected = lib.detectMapping(profiles);
    const known = new Map(this.choices.map((c) => [c.table, c]));
    const fresh = lib.choicesFromGuesses(detected);
    this.guesses = detected;
    this.choices = fresh.map((c) => {
      const kept = known.get(c.table) ?? this.#carried.get(c.table);
      if (kept) return kept;
      // A file with the headers of one the user mapped before: that mapping, said so.
      const cols = this.#profiles.get(c.table)?.columns.map((x) => x.name) ?? [];
      const again = recall(this.remembered, c.table, cols);
      if (!again) return c;
      this.#recalled.add(c.table);
      return again;
    });
    this.#carried.clear();
    if (apply) await this.#apply();
    await this.#dropOrphans();
  }

  async #apply(): Promise<void> {
    const profiles = this.choices.map((c) => this.#profiles.get(c.table)).filter((p): p is TableProfile => p !== undefined);
    const lib = await this.#lib();
    const built = lib.toSourceMapping($state.snapshot(this.choices) as TableChoice[], profiles);
    this.unused = built.unused;
    if (!built.mapping) {
      // Nothing regrades: the grading on screen stays until the mapping can be used.
      this.problems = built.problems;
      return;
    }
    const engine = await this.#engine();
    let checks: MappingProblem[] = [];
    try {
      checks = await lib.runMappingChecks(engine, built.mapping);
    } catch (e) {
      checks = [{ severity: 'warning', text: { zh: `数据检查失败：${String(e)}`, en: `The data checks failed: ${String(e)}` } }];
    }
    const recalled: MappingProblem[] = this.choices
      .filter((c) => this.#recalled.has(c.table))
      .map((c) => ({
        severity: 'note',
        table: c.table,
        text: { zh: `“${c.table}”与之前确认过的文件列名相同，已沿用当时的对应。`, en: `"${c.table}" has the same columns as a file mapped before: that mapping is used again.` },
      }));
    this.problems = [...built.problems, ...checks, ...recalled];
    const used = this.files.filter((f) => f.loaded && this.choices.some((c) => c.table === f.loaded!.table && c.role !== 'ignore'));
    const tables: TableInfo[] = used.map((f) => ({ table: f.loaded!.table, rows: f.loaded!.rows }));
    const loadSql = used.map((f) => `-- ${f.name}\n${f.loaded!.sql.join(';\n\n')};`);
    await this.#session.useData(built.mapping, tables, loadSql);
    // When grading the files failed, the session put the previous data back.
    if (this.#session.mapping === built.mapping) this.source = 'files';
    if (this.#session.phase === 'error' && this.#session.error) {
      this.problems = [...this.problems, { severity: 'error', text: { zh: `分级失败，仍显示之前的结果：${this.#session.error}`, en: `Grading failed; the previous result is still shown: ${this.#session.error}` } }];
    }
  }

  async #useSample(): Promise<void> {
    const engine = await this.#engine();
    const counts = await Promise.all(
      SAMPLE_TABLES.map(async (t) => {
        const r = await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${ident(t.table)}`);
        return { table: t.table, rows: Number(r.getChild('n')?.get(0) ?? 0) };
      }),
    );
    await this.#session.useData(SAMPLE_MAPPING, counts, sampleLoadSql());
    this.source = 'sample';
  }
}

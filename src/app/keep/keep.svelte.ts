// Keep, share, trust: the page's exports, the kept session, the project file
// and offline use, in one object the page is given (main.ts builds it).

import { IngestController } from '../ingest.svelte';
import { OfflineStatus } from '../offline.svelte';
import type { Session } from '../session.svelte';
import { currencyFor, display } from '../display.svelte';
import type { Scenario } from '../../model/scenario';
import { Exports } from './exports.svelte';
import { Keeper, type KeeperOptions, type KeepNotice } from './keeper.svelte';
import type { KvStore } from './kv-store';

export class Keep {
  readonly ingest: IngestController;
  readonly exports: Exports;
  readonly keeper: Keeper;
  readonly offline = new OfflineStatus();
  /** A project file being written or read. */
  projectBusy = $state<'saving' | 'opening' | null>(null);
  projectNotice = $state.raw<KeepNotice | null>(null);
  #session: Session;

  constructor(session: Session, store: KvStore | null, opts: KeeperOptions & { ingest?: IngestController } = {}) {
    this.#session = session;
    this.ingest = opts.ingest ?? new IngestController(session);
    this.exports = new Exports(session);
    this.keeper = new Keeper(session, this.ingest, store, opts);
    $effect.root(() => {
      $effect(() => {
        display.currency = currencyFor(this.ingest.source);
      });
    });
  }

  /** Restore the kept session and grade; register the service worker (built site only). */
  async start(opts: { hashConfig?: boolean; serviceWorker?: boolean } = {}): Promise<void> {
    if (opts.serviceWorker) void this.offline.register();
    await this.keeper.start(opts);
  }

  async saveProject(): Promise<{ name: string; blob: Blob } | null> {
    this.projectBusy = 'saving';
    this.projectNotice = null;
    try {
      const [{ writeProject }, current] = await Promise.all([import('./project-file'), this.keeper.current()]);
      const blob = await writeProject({ ...current, scenarios: $state.snapshot(this.#session.scenarios) as Scenario[] });
      return { name: `tierscope-project-${current.snapshot.savedAt.slice(0, 10)}.zip`, blob };
    } catch (e) {
      this.projectNotice = { key: 'keepFailed', values: { error: e instanceof Error ? e.message : String(e) }, severity: 'error' };
      return null;
    } finally {
      this.projectBusy = null;
    }
  }

  /** Open a project file in place of the current session; a bad file changes nothing and says why. */
  async openProject(file: File): Promise<void> {
    this.projectBusy = 'opening';
    this.projectNotice = null;
    try {
      const { readProject, ProjectError } = await import('./project-file');
      let project;
      try {
        project = await readProject(file);
      } catch (e) {
        const en = e instanceof Error ? e.message : String(e);
        const zh = e instanceof ProjectError ? e.text.zh : en;
        this.projectNotice = { key: 'projectBad', values: { name: file.name, error: en, errorZh: zh }, severity: 'error' };
        return;
      }
      await this.keeper.openProject(project, (list) => this.#replaceScenarios(list));
      this.projectNotice = { key: 'projectOpened', values: { name: file.name }, severity: 'info' };
    } finally {
      this.projectBusy = null;
    }
  }

  #replaceScenarios(list: Scenario[]): void {
    const s = this.#session;
    for (const old of [...s.scenarios]) s.deleteScenario(old.name);
    for (const next of list) s.addScenario(next);
  }
}

// The export buttons' state: every graded customer as CSV (UTF-8 with BOM or
// GB18030) or XLSX, headers in the page's language; a printable report. The
// file is built from customers_graded (buildGradedExportSql) and handed to the
// browser as a download: nothing leaves the machine.

import type { Session } from '../session.svelte';
import { buildGradedExportSql } from '../../model/report-sql';
import { toRows } from '../../results/rows';
import type { GradedRows } from '../../export/graded';

export type ExportKind = 'csv' | 'csv-gb18030' | 'xlsx';

export interface ExportFile {
  name: string;
  blob: Blob;
}

export class Exports {
  busy = $state<ExportKind | null>(null);
  error = $state<string | null>(null);
  /** Whether a current grade history is there to add each customer's grade per period (set by the page). */
  gradePath: () => boolean = () => false;
  #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  async #rows(): Promise<GradedRows | null> {
    const engine = this.#session.engine;
    if (!engine || !this.#session.result) return null;
    const table = await engine.query(buildGradedExportSql({ gradePath: this.gradePath() }));
    return { columns: table.schema.fields.map((f) => f.name), rows: toRows<Record<string, unknown>>(table) };
  }

  /** Build the file; null when there is no grading yet (the error, if any, is on `error`). */
  async build(kind: ExportKind): Promise<ExportFile | null> {
    this.busy = kind;
    this.error = null;
    try {
      const t = await this.#rows();
      if (!t) return null;
      const lang = this.#session.lang;
      const graded = await import('../../export/graded');
      const base = lang === 'zh' ? 'tierscope-客户分级' : 'tierscope-graded-customers';
      if (kind === 'xlsx') return { name: `${base}.xlsx`, blob: await graded.gradedXlsx(t, lang) };
      const encoding = kind === 'csv' ? 'utf-8' : 'gb18030';
      const bytes = graded.gradedCsv(t, lang, encoding);
      const suffix = kind === 'csv' ? '' : '-gb18030';
      return { name: `${base}${suffix}.csv`, blob: new Blob([bytes as BlobPart], { type: `text/csv;charset=${encoding}` }) };
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      this.busy = null;
    }
  }
}

// `tierscope grade FILES…`: the page's pipeline from the command line, for
// analysts who grade every month from a script. Same ingest, same mapping
// detection, same SQL; the grade table is printed and the graded customers written.

import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Engine } from '../db/engine';
import { detectMapping } from '../ingest/detect-mapping';
import { loadFile } from '../ingest/load-file';
import { profileTable } from '../ingest/mapping-profile';
import { choicesFromGuesses, toSourceMapping } from '../ingest/to-source-mapping';
import { CLASSIC_CRM, type GradingConfig } from '../model/config';
import { buildGradedExportSql } from '../model/report-sql';
import { parseConfig, scenarioFromJson } from '../model/scenario';
import { rowsToCsv } from '../export/csv';
import { runGrading, type GradingResult } from '../pipeline/run-grading';
import { toRows } from '../results/rows';
import { str } from '../sql/quote';

export interface GradeOptions {
  files: string[];
  config?: string;
  out?: string;
  engine: 'wasm' | 'native';
  showSql?: boolean;
}

export class CliError extends Error {}

export async function readConfig(path: string | undefined): Promise<GradingConfig> {
  if (!path) return structuredClone(CLASSIC_CRM);
  const text = await readFile(path, 'utf8');
  try {
    const v: unknown = JSON.parse(text);
    // A saved scenario file, or a bare config.
    return v && typeof v === 'object' && 'tierscope' in v ? scenarioFromJson(text).config : parseConfig(v);
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

async function openEngine(kind: GradeOptions['engine']): Promise<Engine> {
  if (kind === 'native') return (await import('../db/native-engine')).openNativeEngine();
  return (await import('../db/node-engine')).openNodeEngine();
}

export async function gradeFiles(opts: GradeOptions, log: (line: string) => void): Promise<GradingResult> {
  if (opts.files.length === 0) throw new CliError('Name at least one file to grade.');
  const config = await readConfig(opts.config);
  const engine = await openEngine(opts.engine);
  try {
    const tables: string[] = [];
    for (const path of opts.files) {
      const loaded = await loadFile(engine, { name: basename(path), bytes: new Uint8Array(await readFile(path)) });
      tables.push(loaded.table);
      const enc = loaded.encoding ? `, ${loaded.encoding.encoding}` : '';
      log(`${path}: ${loaded.rows} rows, ${loaded.columns.length} columns (${loaded.format}${enc}) → table ${loaded.table}`);
      // The warnings name every column whose cells did not parse, with rows and values.
      for (const w of loaded.warnings) log(`  note: ${w}`);
    }
    const profiles = await Promise.all(tables.map((t, i) => profileTable(engine, t, basename(opts.files[i]!))));
    const built = toSourceMapping(choicesFromGuesses(detectMapping(profiles)), profiles);
    for (const p of built.problems) log(`${p.severity}: ${p.text.en}${p.table ? ` (${p.table}${p.column ? `.${p.column}` : ''})` : ''}`);
    if (!built.mapping || built.problems.some((p) => p.severity === 'error')) {
      throw new CliError('The files do not map to order lines with a customer and an amount; see the messages above.');
    }
    const result = await runGrading(engine, built.mapping, config);
    if (opts.showSql) for (const sql of Object.values(result.sql)) log(sql);
    for (const id of result.plan.missing) log(`note: metric ${id} is not in the data and is left out of the score`);
    log(formatGradeTable(result));
    if (opts.out) await writeOutput(engine, opts.out, opts.engine);
    return result;
  } finally {
    await engine.close();
  }
}

export function formatGradeTable(result: GradingResult): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const rows = [
    ['grade', 'customers', 'share', 'order amount', 'share', 'profit', 'share'],
    ...result.gradeTable.map((g) => [g.grade, String(g.customers), pct(g.share_customers), money(g.order_amount), pct(g.share_amount), money(g.profit), pct(g.share_profit)]),
    ['total', String(result.totals.customers), '100.0%', money(result.totals.order_amount ?? 0), '100.0%', money(result.totals.profit ?? 0), '100.0%'],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

async function writeOutput(engine: Engine, out: string, kind: GradeOptions['engine']): Promise<void> {
  const ext = extname(out).toLowerCase();
  const select = buildGradedExportSql().replace(/;$/, '');
  if (ext === '.parquet') {
    if (kind !== 'native') throw new CliError('Parquet output needs --engine native (DuckDB-WASM writes Parquet only with an extension it would download).');
    await engine.query(`COPY (${select}) TO ${str(out)} (FORMAT parquet)`);
    return;
  }
  const result = await engine.query(select);
  const columns = result.schema.fields.map((f) => f.name);
  const rows = toRows<Record<string, unknown>>(result);
  if (ext === '.csv' || ext === '') {
    await writeFile(out, rowsToCsv(columns, rows));
  } else if (ext === '.xlsx') {
    // The page's workbook writer: typed cells, formula-like text neutralised, SQL column names as headers.
    const { gradedXlsx } = await import('../export/graded');
    await writeFile(out, new Uint8Array(await (await gradedXlsx({ columns, rows }, 'sql')).arrayBuffer()));
  } else {
    throw new CliError(`Unknown output format "${ext}": use .csv, .xlsx or .parquet.`);
  }
}

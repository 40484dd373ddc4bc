// `tierscope grade … --emit-sql DIR`: the grading that just ran, as plain DuckDB SQL
// files, one per step, that run unchanged in the `duckdb` shell (cd DIR && cat *.sql | duckdb).
// The steps are the statements the pipeline ran (GradingResult.sql), not a re-rendering,
// so whoever keeps order lines in a warehouse can run the metrics step there and bring
// the customer table back. What SQL cannot recompute is written as data beside the
// files: the loaded tables (as typed after ingest) and the customer-value predictions
// (the models are fitted in TypeScript).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../db/engine';
import { ENSURE_BASELINE_SQL } from '../model/norms-sql';
import { CUSTOMER_VALUE } from '../model/value/fit-value';
import type { GradingResult } from '../pipeline/run-grading';
import { toRows } from '../results/rows';
import { ident, str } from '../sql/quote';

export interface EmitInput {
  dir: string;
  engine: Engine;
  /** Native DuckDB writes the data files as Parquet itself; DuckDB-WASM's go through JS as CSV. */
  native: boolean;
  /** The loaded tables the mapping reads, in load order, with the file each came from. */
  sources: { table: string; file: string }[];
  result: GradingResult;
  /** Printed at the top of every file: what made it. */
  command: string;
}

interface Column {
  name: string;
  type: string;
}

/** DuckDB's own type names (DESCRIBE): only these reach the CAST, never user text. */
const TYPE_NAME = /^[A-Z][A-Z0-9_]*(\(\d+(,\s*\d+)?\))?(\[\])?$/u;

async function columnsOf(engine: Engine, table: string): Promise<Column[]> {
  const rows = toRows<{ column_name: string; column_type: string }>(await engine.query(`DESCRIBE ${ident(table)}`));
  return rows.map((r) => {
    if (!TYPE_NAME.test(r.column_type)) throw new Error(`Column ${r.column_name} of ${table} has a type (${r.column_type}) the SQL files cannot restate.`);
    return { name: r.column_name, type: r.column_type };
  });
}

/** RFC 4180 with every value quoted, so an empty text stays apart from NULL (an empty field). */
function csvLine(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`)).join(',');
}

/** Writes `table` into `path` (relative to dir) and returns the statement that reads it back with the same types. */
async function writeData(input: EmitInput, table: string, path: string, as: string): Promise<string> {
  const { engine, dir } = input;
  const columns = await columnsOf(engine, table);
  if (input.native) {
    await engine.query(`COPY (SELECT * FROM ${ident(table)}) TO ${str(join(dir, path))} (FORMAT parquet)`);
    return `CREATE OR REPLACE TABLE ${ident(as)} AS SELECT * FROM read_parquet(${str(path)});`;
  }
  // Every value as DuckDB's own text (which reads back exactly, doubles included), typed again on the way in.
  const rows = toRows<Record<string, string | null>>(await engine.query(`SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`).join(', ')} FROM ${ident(table)}`));
  const lines = [csvLine(columns.map((c) => c.name)), ...rows.map((r) => csvLine(columns.map((c) => r[c.name] ?? null)))];
  await writeFile(join(dir, path), `${lines.join('\n')}\n`);
  const spec = columns.map((c) => `${str(c.name)}: 'VARCHAR'`).join(', ');
  return `CREATE OR REPLACE TABLE ${ident(as)} AS
SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(',\n  ')}
FROM read_csv(${str(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${spec}});`;
}

/** A line comment holding user text (file names, the command): a line break in it would end the comment and start SQL. */
const comment = (text: string) => `-- ${text.replace(/[\r\n\u2028\u2029]+/gu, ' ')}`;

const terminated = (sql: string) => (sql.trimEnd().endsWith(';') ? sql.trimEnd() : `${sql.trimEnd()};`);

/** Writes the SQL files and their data into `dir`; returns the SQL files' names, in run order. */
export async function emitSql(input: EmitInput): Promise<string[]> {
  const { dir, result } = input;
  await mkdir(join(dir, 'data'), { recursive: true });
  const ext = input.native ? 'parquet' : 'csv';
  const head = (step: string) => `-- Tierscope: ${step}\n${comment(`Made by: ${input.command}`)}\n-- Run all steps in order: cd into this folder, then  cat *.sql | duckdb\n`;
  const files: [string, string][] = [];

  const loads: string[] = [];
  for (const [i, s] of input.sources.entries()) {
    const about = comment(`${s.file} as loaded and typed by Tierscope; in a warehouse, a table or view of this name and these columns stands in for it.`);
    loads.push(`${about}\n${await writeData(input, s.table, `data/source-${i + 1}.${ext}`, s.table)}`);
  }
  files.push(['01-sources.sql', `${head('the loaded tables')}\n${loads.join('\n\n')}\n`]);

  // The metrics join the predictions only when the fit made them.
  if (result.value?.table && result.sql.metrics.includes(ident(CUSTOMER_VALUE))) {
    const fit = result.value.fit;
    const about = fit?.bgnbd
      ? `-- BG/NBD r=${fit.bgnbd.params.r} alpha=${fit.bgnbd.params.alpha} a=${fit.bgnbd.params.a} b=${fit.bgnbd.params.b}, fitted in TypeScript on ${fit.customers} customers; the predictions are data here.`
      : '-- The customer-value predictions, fitted in TypeScript; data here.';
    files.push(['02-customer-value.sql', `${head('customer value (predicted)')}${about}\n${await writeData(input, result.value.table, `data/customer-value.${ext}`, CUSTOMER_VALUE)}\n`]);
  }

  const sql = result.sql;
  files.push(['03-metrics.sql', `${head('customer metrics: one row per customer from the order lines')}\n${terminated(sql.metrics)}\n`]);
  files.push(['04-norms.sql', `${head('norms: each metric on 0–100, flags and segments')}\n${terminated(ENSURE_BASELINE_SQL)}\n\n${terminated(sql.norms)}\n`]);
  files.push(['05-grade.sql', `${head('score and grade per customer')}\n${terminated(sql.grade)}\n`]);
  files.push(['06-grade-table.sql', `${head('the grade table')}\n${terminated(sql.gradeTable)}\n`]);
  if (sql.groupMatrix) files.push(['07-group-matrix.sql', `${head(`the ${result.group} × grade matrix`)}\n${terminated(sql.groupMatrix)}\n`]);

  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => name);
}

// `tierscope grade FILES…`: the page's pipeline from the command line, for
// analysts who grade every month from a script. Same ingest, same mapping
// detection, same SQL; the grade table is printed and the graded customers written.

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Engine } from '../db/engine';
import { MEMORY_LIMIT } from '../db/native-engine';
import { detectMapping } from '../ingest/detect-mapping';
import { loadFile, type IngestLimits } from '../ingest/load-file';
import { runMappingChecks } from '../ingest/mapping-checks';
import { profileTable } from '../ingest/mapping-profile';
import { FIELD_IDS, FIELDS, ROLE_IDS, type FieldId, type TableRole } from '../ingest/fields';
import { choicesFromGuesses, toSourceMapping, type MappingProblem, type TableChoice } from '../ingest/to-source-mapping';
import { CLASSIC_CRM, GROUP_ATTRIBUTES, type GradingConfig, type GroupAttribute } from '../model/config';
import { groupLines, ratioCountsFor } from '../model/groups';
import { buildGradedExportSql } from '../model/report-sql';
import { parseConfig, scenarioFromJson } from '../model/scenario';
import { rowsToCsv } from '../export/csv';
import { runGrading, type GradingResult } from '../pipeline/run-grading';
import { HistoryInputError, runGradeHistory } from '../pipeline/grade-history';
import { MAX_HOLDOUT_MONTHS, runHoldoutCheck, validHoldoutMonths, type HoldoutCheck } from '../pipeline/value-check';
import { DEFAULT_HISTORY, HISTORY_STEPS, validateHistorySettings, type HistorySettings, type HistoryStep } from '../model/history/periods';
import type { SourceMapping } from '../model/source';
import { toRows } from '../results/rows';
import { str } from '../sql/quote';
import { moneyText } from '../lang/numbers';
import { emitSql } from './emit-sql';
import { CliError } from './errors';
import { inputsFor } from './read-input';

export interface GradeOptions {
  files: string[];
  config?: string;
  out?: string;
  engine: 'wasm' | 'native';
  showSql?: boolean;
  /** `table.column=field` (the table as the page names it, or the file name): the user's pick, as on the page. */
  map?: string[];
  /** `file=role`: the file's (or table's) role, as on the page. */
  role?: string[];
  /** Grade within each value of this customer attribute (overrides the config's groupBy). */
  within?: string;
  /** `STEP[:MONTHS[:PERIODS]]`: also grade every period end (the grade history), e.g. quarter:12:16. */
  history?: string;
  /** Months to hold out for the customer-value check (fit before them, compare with what happened in them). */
  holdout?: string;
  /** Write the grading's steps as plain DuckDB SQL files (and their data) into this folder. */
  emitSql?: string;
  /** The ingest's size thresholds (tests lower them to take the large-file routes with small files). */
  limits?: Partial<IngestLimits>;
  /** Native DuckDB's memory limit (e.g. 4GB): past it, work spills to a temp folder. */
  memoryLimit?: string;
  /** The command line as typed, for the emitted files' header. */
  command?: string;
}

export { CliError };

/** The mapping field (--map's name) that gives each group attribute its column. */
const GROUP_FIELD: Record<GroupAttribute, FieldId> = { industry: 'industry', region: 'region', customerType: 'segment', size: 'size', salesperson: 'salesRep' };

/** A config file: the grading config, and the mapping choices it carries for the files of a monthly run. */
export interface ConfigFile {
  config: GradingConfig;
  /** From the file's `"mapping": {"TABLE.COLUMN": "field"}`, as --map specs. */
  map: string[];
  /** From the file's `"roles": {"FILE": "role"}`, as --role specs. */
  role: string[];
}

/** `{"a.b": "c"}` → `["a.b=c"]`; anything else in that place is an error naming it. */
function specs(v: unknown, key: string, example: string): string[] {
  if (v === undefined) return [];
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string'))
    throw new Error(`"${key}" must be an object of names to text, e.g. ${example}`);
  return Object.entries(v as Record<string, string>).map(([k, x]) => `${k}=${x}`);
}

export async function readConfig(path: string | undefined): Promise<ConfigFile> {
  if (!path) return { config: structuredClone(CLASSIC_CRM), map: [], role: [] };
  const text = await readFile(path, 'utf8');
  try {
    const v: unknown = JSON.parse(text);
    const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
    // A saved scenario file, or a bare config.
    const { mapping: _m, roles: _r, ...bare } = o;
    const config = 'tierscope' in o ? scenarioFromJson(text).config : parseConfig(bare as Parameters<typeof parseConfig>[0]);
    return {
      config,
      map: specs(o.mapping, 'mapping', '{"customers.account_code": "customerId"}'),
      role: specs(o.roles, 'roles', '{"accounts.xlsx": "customers"}'),
    };
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

async function openEngine(kind: GradeOptions['engine'], memoryLimit?: string): Promise<Engine> {
  if (kind === 'native') {
    const { openNativeEngine, NativeMissing } = await import('../db/native-engine');
    try {
      return await openNativeEngine(memoryLimit ? { memoryLimit } : {});
    } catch (e) {
      throw e instanceof NativeMissing ? new CliError(e.message, { cause: e }) : e;
    }
  }
  return (await import('../db/node-engine')).openNodeEngine();
}

export async function gradeFiles(opts: GradeOptions, log: (line: string) => void): Promise<GradingResult> {
  if (opts.files.length === 0) throw new CliError('Name at least one file to grade.');
  const file = await readConfig(opts.config);
  const config = file.config;
  if (opts.within !== undefined) {
    if (!(GROUP_ATTRIBUTES as readonly string[]).includes(opts.within)) throw new CliError(`--within ${opts.within}: unknown attribute; grade within one of ${GROUP_ATTRIBUTES.join(', ')}.`);
    config.groupBy = opts.within as GroupAttribute;
  }
  const history = opts.history === undefined ? null : parseHistoryFlag(opts.history);
  const holdout = opts.holdout === undefined ? null : Number(opts.holdout);
  if (holdout !== null && !validHoldoutMonths(holdout)) throw new CliError(`--holdout ${opts.holdout}: give the months to hold out as a whole number from 1 to ${MAX_HOLDOUT_MONTHS}, e.g. --holdout 6.`);
  // The flags are applied after the config file's choices, so a flag wins.
  const picks = { map: [...file.map, ...(opts.map ?? [])], role: [...file.role, ...(opts.role ?? [])] };
  if (opts.memoryLimit !== undefined && opts.engine !== 'native') throw new CliError('--memory-limit bounds native DuckDB: add --engine native.');
  if (opts.memoryLimit !== undefined && !MEMORY_LIMIT.test(opts.memoryLimit)) throw new CliError(`--memory-limit ${opts.memoryLimit}: write a size such as 4GB or 512MB.`);
  // A folder that cannot be written fails before the grading, not after it.
  if (opts.emitSql) await prepareEmitDir(opts.emitSql);
  const engine = await openEngine(opts.engine, opts.memoryLimit);
  const scratch = await mkdtemp(join(tmpdir(), 'tierscope-cli-'));
  try {
    const sources: { table: string; file: string }[] = [];
    for (const path of opts.files) {
      for (const { input, via, convertedFrom } of await inputsFor(engine, path, scratch, opts.limits?.streamAboveBytes)) {
        const loaded = await loadFile(engine, input, opts.limits ? { limits: opts.limits } : {});
        sources.push({ table: loaded.table, file: input.name });
        const enc = convertedFrom ?? loaded.encoding?.encoding;
        log(`${input.path ?? path}: ${loaded.rows} rows, ${loaded.columns.length} columns (${loaded.format}${enc ? `, ${enc}` : ''}; ${via}) → table ${loaded.table}`);
        // The warnings name every column whose cells did not parse, with rows and values.
        for (const w of loaded.warnings) log(`  note: ${w}`);
      }
    }
    const profiles = await Promise.all(sources.map((s) => profileTable(engine, s.table, s.file)));
    const names = new Map(sources.map((s) => [s.file, s.table]));
    const choices = applyChoices(choicesFromGuesses(detectMapping(profiles)), names, picks, profiles.map((p) => ({ table: p.table, columns: p.columns.map((c) => c.name) })));
    const built = toSourceMapping(choices, profiles);
    for (const p of built.problems) log(describeProblem(p));
    const errors = built.problems.filter((p) => p.severity === 'error');
    if (!built.mapping || errors.length) {
      throw new CliError(
        errors.length
          ? `Grading cannot start: ${errors.map((p) => p.text.en).join(' ')}\nFix it with --map TABLE.COLUMN=FIELD or --role FILE=ROLE, or the config's "mapping" and "roles" (the candidates are listed above).`
          : 'Grading cannot start: the files do not map to order lines with a customer and an amount.',
      );
    }
    // The page's data checks (unmatched and blank ids, duplicates, returns), in the same words.
    for (const p of await runMappingChecks(engine, built.mapping)) log(describeProblem(p));
    const result = await runGrading(engine, built.mapping, config);
    if (opts.showSql) for (const sql of Object.values(result.sql)) log(sql);
    for (const id of result.plan.missing) log(`note: metric ${id} is not in the data and is left out of the score`);
    for (const line of describeValue(result)) log(line);
    if (holdout !== null) for (const line of describeHoldout(await runHoldoutCheck(engine, built.mapping, config, holdout))) log(line);
    if (result.plan.groupMissing) {
      const field = GROUP_FIELD[result.plan.groupMissing];
      log(`note: no column is mapped as ${result.plan.groupMissing}, so all customers are graded together; map the customer table's column with --map TABLE.COLUMN=${field}`);
    }
    log(formatGradeTable(result));
    if (result.groupMatrix) log(formatGroupMatrix(result, config));
    const historyMade = history ? await describeHistory(engine, built.mapping, config, history) : null;
    if (historyMade) log(historyMade.text);
    if (opts.out) await writeOutput(engine, opts.out, opts.engine, historyMade?.made ?? false);
    if (opts.emitSql) {
      const written = await emitSql({ dir: opts.emitSql, engine, native: opts.engine === 'native', sources, result, command: opts.command ?? `tierscope grade ${opts.files.join(' ')}` });
      log(`wrote ${written.length} SQL files to ${opts.emitSql} (${written.join(', ')}) and their data to ${join(opts.emitSql, 'data')}; run them with: cd ${opts.emitSql} && cat *.sql | duckdb`);
    }
    return result;
  } finally {
    await engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The folder for --emit-sql: made when missing; one holding other files than ours is refused (cat *.sql would run them too). */
async function prepareEmitDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const foreign = (await readdir(dir)).filter((f) => f.endsWith('.sql') && !/^0\d-[a-z-]+\.sql$/u.test(f));
  if (foreign.length) throw new CliError(`--emit-sql ${dir}: the folder holds other SQL files (${foreign.join(', ')}), which "cat *.sql | duckdb" would run too; name an empty folder.`);
}

/** `--history quarter:12:16` → the history settings (step, window months, periods). */
export function parseHistoryFlag(spec: string): HistorySettings {
  const [step, months, periods] = spec.split(':');
  const settings: HistorySettings = {
    ...DEFAULT_HISTORY,
    step: step as HistoryStep,
    ...(months ? { windowMonths: Number(months) } : {}),
    ...(periods ? { periods: Number(periods) } : {}),
  };
  const problems = HISTORY_STEPS.includes(step as HistoryStep) ? validateHistorySettings(settings) : [`the step must be ${HISTORY_STEPS.join(', ')} (got "${step}")`];
  if (problems.length) throw new CliError(`--history ${spec}: ${problems.join(' ')} Write STEP[:MONTHS[:PERIODS]], e.g. --history quarter:12:16.`);
  return settings;
}

/** The grade history in lines: the periods, stability per pair, the average matrix and who is sliding; or why there is none and the flag that fixes it. */
async function describeHistory(engine: Engine, mapping: SourceMapping, config: GradingConfig, settings: HistorySettings): Promise<{ text: string; made: boolean }> {
  let h;
  try {
    h = await runGradeHistory(engine, mapping, config, settings);
  } catch (e) {
    if (!(e instanceof HistoryInputError)) throw e;
    const fix =
      e.block === 'noDates' ? 'map the order date with --map TABLE.COLUMN=orderDate' : e.block === 'onePeriod' ? 'use a shorter step, e.g. --history month' : 'give an order-history metric a weight in the config';
    return { text: `grade history not made: ${e.message} Fix: ${fix}.`, made: false };
  }
  const grades = config.rule.grades.map((g) => g.name);
  const label = (i: number) => h.periods[i]?.label ?? String(i);
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const out = [`grade history: ${h.periods.length} periods, ${label(0)} to ${label(h.periods.length - 1)}, each the ${settings.windowMonths} months up to its end`];
  out.push(
    alignColumns([
      ['periods', 'in both', 'kept', 'up', 'down', 'fell 2+', 'new', 'gone'],
      ...h.pairs.map((p) => [`${label(p.pair)} → ${label(p.pair + 1)}`, String(p.compared), pct(p.keptShare), String(p.up), String(p.down), String(p.fellTwo), String(p.entered.reduce((a, b) => a + b, 0)), String(p.left.reduce((a, b) => a + b, 0))]),
    ]),
  );
  out.push(`average transition matrix (row: grade now → grade one period later; ${h.average.compared} customer steps, ${pct(h.average.keptShare)} kept their grade, ${h.average.fellTwo} fell two or more):`);
  out.push(alignColumns([['from \\ to', ...grades], ...grades.map((g, i) => [g, ...grades.map((_, j) => pct(h.average.shares[i]?.[j] ?? null))])]));
  const n = Math.min(settings.slidingPeriods, h.periods.length - 1);
  const total = h.sliding[0]?.total ?? 0;
  out.push(total ? `sliding for ${n} periods: ${total} customers${total > 20 ? ' (the 20 largest)' : ''}` : `sliding for ${n} periods: nobody`);
  if (total) {
    out.push(
      alignColumns([
        ['customer', 'grade then', 'now', 'score then', 'now', 'reason (points)'],
        ...h.sliding.slice(0, 20).map((r) => [r.customer_name ?? r.customer_id, r.grade_then, r.grade, r.score_then?.toFixed(1) ?? '–', r.score?.toFixed(1) ?? '–', r.metric ? `${r.metric} ${r.metricPoints?.toFixed(1)}` : '']),
      ]),
    );
  }
  return { text: out.join('\n'), made: true };
}

const g4 = (v: number) => Number(v.toPrecision(4)).toString();

/** The customer-value fit in a few lines: the parameters an analyst checks, or why there are none. */
export function describeValue(result: GradingResult): string[] {
  const v = result.value;
  if (!v) return [];
  const out: string[] = [];
  const fit = v.fit;
  if (fit?.bgnbd) {
    const b = fit.bgnbd;
    out.push(
      `customer value: BG/NBD r=${g4(b.params.r)} alpha=${g4(b.params.alpha)} a=${g4(b.params.a)} b=${g4(b.params.b)} (log-likelihood ${b.logLik.toFixed(1)}, ${b.converged ? 'converged' : 'not converged'}); ${fit.customers} customers, ${fit.repeaters} with repeat purchases, unit ${fit.unit}`,
    );
    if (fit.spendAmount) out.push(`  Gamma-Gamma (amount) p=${g4(fit.spendAmount.params.p)} q=${g4(fit.spendAmount.params.q)} gamma=${g4(fit.spendAmount.params.gamma)}; corr(frequency, mean value)=${fit.correlation.toFixed(3)}`);
    if (v.table) out.push(`  predicted over ${fit.horizonMonths} months at ${(fit.monthlyDiscount * 100).toFixed(2)} % a month: columns predicted_amount, predicted_profit, p_alive`);
  }
  for (const r of v.reasons) out.push(`  ${r.severity === 'blocking' ? 'value not available' : 'value note'}: ${r.text.en}`);
  return out;
}

/** The holdout check in lines: the split, the calibration fit, and predicted against actual by calibration purchases. */
export function describeHoldout(c: HoldoutCheck): string[] {
  if (!c.bgnbd) return [`holdout check (${c.holdoutMonths} months) not made: ${c.reasons.map((r) => r.text.en).join(' ')}`];
  const b = c.bgnbd.params;
  const ratio = c.actualTotal > 0 ? ` (${((100 * c.predictedTotal) / c.actualTotal).toFixed(1)} %)` : '';
  return [
    `holdout check: calibration to ${c.calibrationEnd}, holdout to ${c.holdoutEnd} (${c.holdoutLength.toFixed(1)} ${c.unit}); BG/NBD on the calibration r=${g4(b.r)} alpha=${g4(b.alpha)} a=${g4(b.a)} b=${g4(b.b)} (log-likelihood ${c.bgnbd.logLik.toFixed(1)})`,
    `  holdout purchases: actual ${c.actualTotal}, predicted ${c.predictedTotal.toFixed(1)}${ratio}`,
    alignColumns([
      ['calibration repeat purchases', 'customers', 'actual per customer', 'predicted per customer'],
      ...c.byFrequency.filter((r) => r.customers > 0).map((r) => [r.label, String(r.customers), r.actual.toFixed(3), r.predicted.toFixed(3)]),
    ]).replace(/^/gmu, '  '),
    ...c.reasons.map((r) => `  note: ${r.text.en}`),
  ];
}

/** A problem in words, with the fix the page offers as the flag that makes it. */
export function describeProblem(p: MappingProblem): string {
  const lines = [`${p.severity}: ${p.text.en}${p.table ? ` (${p.table}${p.column ? `.${p.column}` : ''})` : ''}`];
  const fix = p.fix;
  if (fix?.kind === 'field') {
    if (fix.candidates.length === 0) lines.push(`  no column of ${fix.table} can hold ${FIELDS[fix.field].label.en}`);
    for (const c of fix.candidates) lines.push(`  --map ${flagName(fix.table)}.${flagName(c.column)}=${fix.field}   e.g. ${c.examples.join(', ')}${c.current ? ` (now ${c.current})` : ''}`);
  } else if (fix?.kind === 'role') {
    for (const r of fix.roles) lines.push(`  --role ${flagName(fix.table)}=${r}`);
  }
  return lines.join('\n');
}

const flagName = (x: string) => (/^[\p{L}\p{N}_.-]+$/u.test(x) ? x : JSON.stringify(x));

/**
 * The user's --role and --map on top of what was detected. A table is named as the
 * page names it or by its file name; an unknown table, column, field or role is an
 * error that lists what there is.
 */
export function applyChoices(choices: TableChoice[], files: Map<string, string>, opts: Pick<GradeOptions, 'map' | 'role'>, tables: { table: string; columns: string[] }[]): TableChoice[] {
  const out = choices.map((c) => ({ ...c, fields: { ...c.fields } }));
  const tableOf = (name: string): TableChoice => {
    const t = files.get(name) ?? name;
    const found = out.find((c) => c.table === t || c.table === name);
    if (!found) throw new CliError(`No table "${name}": the tables are ${out.map((c) => c.table).join(', ')} (or their file names ${[...files.keys()].join(', ')}).`);
    return found;
  };
  for (const spec of opts.role ?? []) {
    const eq = spec.lastIndexOf('=');
    if (eq < 1) throw new CliError(`--role ${spec}: write FILE=ROLE, e.g. --role accounts.xlsx=customers.`);
    const role = spec.slice(eq + 1);
    if (!(ROLE_IDS as readonly string[]).includes(role)) throw new CliError(`--role ${spec}: unknown role "${role}"; the roles are ${ROLE_IDS.join(', ')}.`);
    tableOf(spec.slice(0, eq)).role = role as TableRole;
  }
  for (const spec of opts.map ?? []) {
    const eq = spec.lastIndexOf('=');
    if (eq < 1 || !spec.slice(0, eq).includes('.')) throw new CliError(`--map ${spec}: write TABLE.COLUMN=FIELD, e.g. --map customers.account_code=customerId.`);
    const field = spec.slice(eq + 1);
    const key = spec.slice(0, eq);
    // The table part may itself hold dots (a file name): the longest table name that fits wins.
    const known = [...files.keys(), ...out.map((c) => c.table)].sort((a, b) => b.length - a.length);
    const tname = known.find((n) => key.startsWith(`${n}.`)) ?? key.slice(0, key.indexOf('.'));
    // A column printed in quotes (it has spaces) is taken back without them.
    const raw = key.slice(tname.length + 1);
    const column = /^".*"$/u.test(raw) ? (JSON.parse(raw) as string) : raw;
    const fieldId = FIELD_IDS.find((f) => f === field || f.toLowerCase() === field.replace(/_/gu, '').toLowerCase());
    if (!fieldId) throw new CliError(`--map ${spec}: unknown field "${field}"; the fields are ${FIELD_IDS.join(', ')}.`);
    const choice = tableOf(tname);
    const cols = tables.find((t) => t.table === choice.table)?.columns ?? [];
    if (!cols.includes(column)) throw new CliError(`--map ${spec}: table ${choice.table} has no column "${column}"; its columns are ${cols.join(', ')}.`);
    for (const [col, f] of Object.entries(choice.fields)) if (f === fieldId && col !== column) choice.fields[col] = null;
    choice.fields[column] = fieldId as FieldId;
  }
  return out;
}

export function formatGradeTable(result: GradingResult): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
  const money = moneyText;
  const rows = [
    ['grade', 'customers', 'share', 'order amount', 'share', 'profit', 'share'],
    ...result.gradeTable.map((g) => [g.grade, String(g.customers), pct(g.share_customers), money(g.order_amount), pct(g.share_amount), money(g.profit), pct(g.share_profit)]),
    ['total', String(result.totals.customers), '100.0%', money(result.totals.order_amount ?? 0), '100.0%', money(result.totals.profit ?? 0), '100.0%'],
  ];
  return alignColumns(rows);
}

/** A text table: the first column left-aligned, the others right-aligned, two spaces apart. */
function alignColumns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/** The group × grade matrix: customers per grade and their share of the group, a line per group. */
export function formatGroupMatrix(result: GradingResult, config: GradingConfig): string {
  const grades = result.gradeTable.map((g) => g.grade);
  const head = [`within ${result.group}`, 'customers', ...grades];
  const lines = groupLines(result.groupMatrix ?? [], grades.length).map((l) => [
    l.group ?? '(blank)',
    String(l.customers),
    ...l.cells.map((c) => `${c.customers} (${(c.share * 100).toFixed(0)}%)`),
  ]);
  const rounding =
    config.rule.kind === 'ratio' ? `\neach group is cut on its own count (half up): a group of 3 gets ${ratioCountsFor(3, config.rule.grades).map((c, i) => `${grades[i]} ${c}`).join(', ')}` : '';
  return alignColumns([head, ...lines]) + rounding;
}

async function writeOutput(engine: Engine, out: string, kind: GradeOptions['engine'], gradePath: boolean): Promise<void> {
  const ext = extname(out).toLowerCase();
  const select = buildGradedExportSql({ gradePath }).replace(/;$/, '');
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

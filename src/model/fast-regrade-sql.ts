// The slider's fast path: for a weight or rule move, the grade table, migration
// matrix, score histogram and movers, without re-creating customers_graded, in three
// short statements over a narrow table:
//
// 1. bins: customers per (score bin, baseline grade) with their sums, one pass. The bin
//    is ⌊score · 2⌋ as a UTINYINT, so DuckDB aggregates with a perfect hash (no hash table).
// 2. resolve: the few bins a grade boundary falls into ("split" bins) are read row by row:
//    the customer at each cut position (the pivot) is found by sorting that bin only, and
//    the split bins' customers are aggregated by their exact grade.
// 3. movers: the first customers in the narrow table's order (largest order amount
//    first) whose grade differs from the baseline; only the head of the table is read.
//
// Every other bin lies wholly inside one grade, so its sums are that grade's (pure JS,
// assembleFast). Grades are exactly those of buildGradeSql: the same score expression
// (score-sql.ts, the same weight literals) and the documented order (score desc, profit
// desc NULLS LAST, customer_id). The statements carry their values as literals: planning
// them costs a few milliseconds, and constants let DuckDB filter inside the scan.

import { hotTable } from '../sql/catalog';
import { ident, int, str } from '../sql/quote';
import type { GradeBase, GradeRule, GradingConfig, ThresholdRule } from './config';
import { gradeCuts } from './cuts';
import { cumulativeGradeExpr, effectiveAdjustments, thresholdGradeExpr } from './grade-sql';
import { contribColumn, normColumn, type MetricId } from './metrics';
import { CUSTOMER_NORMS, GRADES_BASELINE, type ScorePlan } from './norms-sql';
import type { GradeRow, MatrixCell, Totals } from './result-rows';
import { canBeUnscored, contributionSql, scoreMillionthsSql, weightLiteral, type ScoreTerm } from './score-sql';

/** customer_norms narrowed to what a move reads, built once per data, norms, adjustments and rule kind. */
export const FAST_BASE = 'ts_fast_base';

/** Score bins per point: bin j holds scores in [j/2, (j+1)/2); 100 is bin 200. */
export const BINS_PER_POINT = 2;
/** The bin of customers with no score at all (ranked last). */
export const UNSCORED_BIN = 255;
/** A bin no customer has: fills a slot that needs no split. */
export const NO_BIN = 254;
/** Movers shown per move. */
export const MOVERS_LIMIT = 200;

const NEG_INF = `'-inf'::DOUBLE`;

/** What the narrow table holds beyond the config: found when it is built. */
export interface FastLayout {
  /** Normed metrics that some customer lacks (they carry a presence column). */
  nullable: readonly MetricId[];
  /** Baseline contribution columns the pinned baseline has. */
  baselineContribs: readonly string[];
}

const zCol = (id: MetricId) => `z_${id}`;
const pCol = (id: MetricId) => `p_${id}`;

/** How many customers lack each normed metric: decides the presence columns. */
export function buildNullCountsSql(plan: ScorePlan): string {
  if (plan.normed.length === 0) return 'SELECT 1 AS none;';
  return `SELECT ${plan.normed
    .map((m) => `CAST(count(*) FILTER (WHERE ${ident(normColumn(m.id))} IS NULL) AS INTEGER) AS ${ident(m.id)}`)
    .join(', ')}
FROM ${ident(CUSTOMER_NORMS)};`;
}

/** The columns the pinned baseline has (which contributions it can show). */
export const BASELINE_COLUMNS_SQL = `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ${str(GRADES_BASELINE)} AND NOT internal ORDER BY column_index;`;

/**
 * The narrow table, physically in movers order (order amount desc, customer_id): each
 * normed metric with 0 for missing (z_) and, where some customer lacks it, its presence
 * (p_); the tie-break rank id_rank (customer_id order); the baseline; the manual grade;
 * and "agg_" copies of the counted measures that are empty for adjusted customers, whose
 * final grade does not depend on the weights (their sums are taken once, in buildFastStaticSql).
 */
export function buildFastBaseSql(config: GradingConfig, plan: ScorePlan, layout: FastLayout): string {
  const rule = config.rule;
  const adjustments = effectiveAdjustments(config.adjustments, rule);
  const adjustCte = adjustments.length
    ? `ts_adjust(customer_id, adjust_index) AS (VALUES ${adjustments.map((a) => `(${str(a.customerId)}, ${int(a.index)})`).join(', ')})`
    : `ts_adjust AS (SELECT NULL::VARCHAR AS customer_id, NULL::INTEGER AS adjust_index WHERE false)`;
  const nullable = new Set(layout.nullable);
  const metricCols = plan.normed.flatMap((m) => {
    const n = `n.${ident(normColumn(m.id))}`;
    return [`COALESCE(${n}, 0) AS ${ident(zCol(m.id))}`, ...(nullable.has(m.id) ? [`CAST(${n} IS NOT NULL AS DOUBLE) AS ${ident(pCol(m.id))}`] : [])];
  });
  const have = new Set(layout.baselineContribs);
  const baseline = plan.normed.map((m) =>
    have.has(contribColumn(m.id)) ? `b.${ident(contribColumn(m.id))} AS ${ident(`baseline_${contribColumn(m.id)}`)}` : `NULL::DOUBLE AS ${ident(`baseline_${contribColumn(m.id)}`)}`,
  );
  // A cumulative rule's grades rank customers by a measure, not by score: they are fixed per customer.
  let cumulative = '';
  if (rule.kind === 'cumulative') {
    const m = ident(rule.measure === 'profit' ? 'profit' : 'order_amount');
    // The same window expressions as buildGradeSql's, over columns only this join brings.
    cumulative = `,
  CAST(${cumulativeGradeExpr(rule)} AS UTINYINT) AS cum_grade`;
    return baseSql(adjustCte, metricCols, baseline, cumulative, `LEFT JOIN (
  SELECT customer_id, ${m} AS measure,
    coalesce(sum(${m}) OVER (ORDER BY ${m} DESC NULLS LAST, customer_id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
    sum(greatest(${m}, 0)) OVER () AS positive_total
  FROM ${ident(CUSTOMER_NORMS)}
) AS c ON c.customer_id = n.customer_id`);
  }
  return baseSql(adjustCte, metricCols, baseline, cumulative, '');
}

function baseSql(adjustCte: string, metricCols: string[], baseline: string[], extra: string, join: string): string {
  return `CREATE OR REPLACE TABLE ${hotTable(FAST_BASE)} AS
WITH ${adjustCte}
SELECT CAST(row_number() OVER (ORDER BY n.order_amount DESC NULLS LAST, n.customer_id) AS INTEGER) AS k,
  CAST(row_number() OVER (ORDER BY n.customer_id) AS INTEGER) AS id_rank,
  n.customer_id,
  n.customer_name,
${[...metricCols, ...baseline].map((c) => `  ${c},`).join('\n')}
  n.profit,
  n.order_amount,
  CAST(n.baseline_index AS UTINYINT) AS bi,
  n.baseline_score,
  b.grade AS baseline_grade,
  CAST(a.adjust_index AS UTINYINT) AS adj,
  CAST(a.adjust_index IS NULL AS UTINYINT) AS agg_n,
  CASE WHEN a.adjust_index IS NULL THEN n.order_amount END AS agg_amount,
  CASE WHEN a.adjust_index IS NULL THEN n.profit END AS agg_profit,
  CAST(COALESCE(a.adjust_index IS NULL AND n.profit < 0, false) AS UTINYINT) AS agg_loss${extra}
FROM ${ident(CUSTOMER_NORMS)} AS n
LEFT JOIN ts_adjust AS a ON a.customer_id = n.customer_id
LEFT JOIN ${ident(GRADES_BASELINE)} AS b ON b.customer_id = n.customer_id
${join ? `${join}\n` : ''}ORDER BY k;`;
}

/** Weight-independent figures, once per narrow table: the totals, and adjusted customers per (grade, baseline). */
export function buildFastStaticSql(): string {
  const sums = `CAST(count(*) AS INTEGER) AS customers, sum(order_amount) AS order_amount, sum(profit) AS profit,
  CAST(count(*) FILTER (WHERE profit < 0) AS INTEGER) AS loss_making`;
  return `SELECT 'total' AS part, ${sums} FROM ${hotTable(FAST_BASE)}
UNION ALL BY NAME
SELECT 'adjusted' AS part, CAST(adj AS INTEGER) AS grade_index, CAST(bi AS INTEGER) AS baseline_index, ${sums}
FROM ${hotTable(FAST_BASE)} WHERE adj IS NOT NULL GROUP BY ALL;`;
}

/** The score terms over the narrow table, with the full path's weight literals. */
export function fastTerms(plan: ScorePlan, layout: FastLayout): ScoreTerm[] {
  const nullable = new Set(layout.nullable);
  return plan.used.map((m) => ({
    weight: weightLiteral(m.weight),
    value: ident(zCol(m.id)),
    present: nullable.has(m.id) ? ident(pCol(m.id)) : null,
  }));
}

/** ⌊score · 2⌋ from the score in millionths: exact, since rr / 500000 is a whole number only when it is one. */
function binOf(rr: string, unscored: boolean): string {
  const bin = `CAST(floor(${rr} / ${int(1_000_000 / BINS_PER_POINT)}) AS UTINYINT)`;
  return unscored ? `COALESCE(${bin}, ${int(UNSCORED_BIN)}::UTINYINT)` : bin;
}

/** What a bin (or a split bin's grade) adds up: all customers, then the unadjusted ones' counts and sums. */
const SUMS = `CAST(count(*) AS INTEGER) AS n_all, CAST(sum(agg_n) AS INTEGER) AS customers, sum(agg_amount) AS order_amount,
  sum(agg_profit) AS profit, CAST(sum(agg_loss) AS INTEGER) AS loss_making`;

/** Statement 1: customers and sums per (score bin, baseline grade) — and fixed grade, for a cumulative rule. */
export function buildFastBinsSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule): string {
  const terms = fastTerms(plan, layout);
  const bin = binOf(scoreMillionthsSql(terms), canBeUnscored(terms));
  const fixed = rule.kind === 'cumulative' ? ', cum_grade AS grade_index' : '';
  return `SELECT ${bin} AS bin, bi AS baseline_index${fixed},
  ${SUMS}
FROM ${hotTable(FAST_BASE)}
GROUP BY ALL;`;
}

/** A row of buildFastBinsSql (bin null only when no customer is unscored… never: unscored is UNSCORED_BIN). */
export interface BinRow {
  bin: number;
  baseline_index: number | null;
  /** Cumulative rule only: the customer's fixed automatic grade. */
  grade_index?: number | null;
  n_all: number;
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

/** Bins in rank order: best score first, unscored last. */
const rankOrder = (a: number, b: number) => rankKey(b) - rankKey(a);
const rankKey = (bin: number) => (bin === UNSCORED_BIN ? -1 : bin);

/**
 * Where each grade boundary falls, from the bins: which bins are split (read row by
 * row), the automatic grade of every other bin, and the statement 2 parameters.
 */
export interface SplitPlan {
  /** Automatic grade of each bin that lies wholly inside one grade. */
  binGrade: Map<number, number>;
  /** The bins read row by row. */
  split: Set<number>;
  /** Ratio rule: per cut, the bin of its pivot and the pivot's 0-based offset there (NO_BIN: a cut at 0, no pivot). */
  probes: { bin: number; offset: number }[];
  /** Ratio rule: per cut, its 1-based position (0: nobody above it). */
  cuts: number[];
  /** Ratio rule: per split bin, how many customers rank in better bins. */
  before: Map<number, number>;
}

export function planSplits(rule: GradeRule, bins: readonly BinRow[]): SplitPlan {
  const counts = new Map<number, number>();
  for (const b of bins) counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n_all);
  const order = [...counts.keys()].sort(rankOrder);
  const n = [...counts.values()].reduce((s, c) => s + c, 0);
  const binGrade = new Map<number, number>();
  const split = new Set<number>();
  const last = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      const cuts = gradeCuts(n, rule.grades);
      const probes = cuts.map(() => ({ bin: NO_BIN, offset: 0 }));
      const ahead = new Map<number, number>();
      let before = 0;
      for (const bin of order) {
        const size = counts.get(bin)!;
        // Positions before + 1 … before + size. A cut c (the last position of its grade) in that
        // range makes the bin a split one, even at its very end: the pivot is read from it.
        cuts.forEach((c, i) => {
          if (c > before && c <= before + size) {
            probes[i] = { bin, offset: c - before - 1 };
            split.add(bin);
          }
        });
        if (split.has(bin)) ahead.set(bin, before);
        else binGrade.set(bin, cuts.filter((c) => c <= before).length);
        before += size;
      }
      return { binGrade, split, probes, cuts, before: ahead };
    }
    case 'threshold': {
      for (const t of thresholds(rule)) {
        const j = Math.floor(t * BINS_PER_POINT);
        // A threshold's own bin and both neighbours: every bin left whole is then a safe margin away.
        for (const b of [j - 1, j, j + 1]) if (b >= 0 && b <= 100 * BINS_PER_POINT) split.add(b);
      }
      for (const bin of order) {
        if (split.has(bin)) continue;
        binGrade.set(bin, bin === UNSCORED_BIN ? last : thresholdGrade(rule, (bin + 0.5) / BINS_PER_POINT));
      }
      return { binGrade, split, probes: [], cuts: [], before: new Map() };
    }
    case 'cumulative':
      return { binGrade, split, probes: [], cuts: [], before: new Map() };
  }
}

/** The score a threshold grade needs, per grade but the last (as thresholdGradeExpr reads them). */
function thresholds(rule: ThresholdRule): number[] {
  return rule.grades.slice(0, -1).map((g) => g.minScore ?? 0);
}

/** thresholdGradeExpr in JS: the first grade whose minimum the score reaches. */
function thresholdGrade(rule: ThresholdRule, score: number): number {
  const i = thresholds(rule).findIndex((t) => score >= t);
  return i === -1 ? rule.grades.length - 1 : i;
}

/** A double literal that parses back to exactly the same double (−∞ for the unscored). */
export function doubleLiteral(v: number): string {
  return v === -Infinity ? NEG_INF : `${str(String(v))}::DOUBLE`;
}

/**
 * The automatic grade of a narrow-table row with columns sk, pk, id_rank and score:
 * ratio — how many cut pivots it ranks after; threshold — thresholdGradeExpr; cumulative — fixed.
 */
function autoGradeExpr(rule: GradeRule, pivots: readonly PivotRow[]): string {
  const cuts = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      // After pivot i in the documented order; a cut with no pivot (at position 0): everyone is after it.
      const terms = Array.from({ length: cuts }, (_, i) => {
        const p = pivots.find((x) => x.cut === i);
        if (!p) return '1';
        const [s, pk] = [doubleLiteral(p.sk), doubleLiteral(p.pk)];
        return `CAST(sk < ${s} OR (sk = ${s} AND (pk < ${pk} OR (pk = ${pk} AND id_rank > ${int(p.id_rank)}))) AS UTINYINT)`;
      });
      return terms.length ? terms.join(' + ') : '0::UTINYINT';
    }
    case 'threshold':
      return `CAST(${thresholdGradeExpr(rule)} AS UTINYINT)`;
    case 'cumulative':
      return 'cum_grade';
  }
}

/** Per narrow-table row: the score in millionths (rr), its sort keys, the score and the bin. */
function scoredRows(plan: ScorePlan, layout: FastLayout, columns: string, where = ''): string {
  const terms = fastTerms(plan, layout);
  return `(SELECT *, COALESCE(rr, ${NEG_INF}) AS sk, COALESCE(profit, ${NEG_INF}) AS pk, rr / 1e6 AS score, ${binOf('rr', canBeUnscored(terms))} AS bin
  FROM (SELECT ${columns}, ${scoreMillionthsSql(terms)} AS rr FROM ${hotTable(FAST_BASE)}${where}))`;
}

function gradeNames(grades: readonly GradeBase[], col: string): string {
  return `CASE ${col} ${grades.map((g, i) => `WHEN ${int(i)} THEN ${str(g.name)}`).join(' ')} END`;
}

/**
 * Statement 2: the split bins' customers per (bin, automatic grade, baseline) ('split'
 * rows: BinRow plus grade_index) and, for a ratio rule, the customers at the cut positions
 * ('pivot' rows: bin, rn, sk, pk, id_rank). Each split row's position is the customers
 * in better bins (known from statement 1) plus its rank within its bin.
 */
export function buildFastResolveSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, split: SplitPlan): string {
  const bins = [...split.split].sort((a, b) => a - b).map(int);
  const scan = `SELECT * FROM ${scoredRows(plan, layout, 'id_rank, profit, bi, agg_n, agg_amount, agg_profit, agg_loss, adj')}
  WHERE list_contains([${bins.join(', ')}], bin)`;
  if (rule.kind !== 'ratio') {
    return `SELECT 'split' AS part, bin, bi AS baseline_index, ${autoGradeExpr(rule, [])} AS grade_index,
  ${SUMS}
FROM (${scan})
GROUP BY ALL;`;
  }
  // Position = before + rn; grade = how many cuts lie before that position.
  const before = `CASE bin ${[...split.before].map(([b, n]) => `WHEN ${int(b)} THEN ${int(n)}`).join(' ')} END`;
  const grade = split.cuts.length ? split.cuts.map((c) => `CAST(${before} + rn > ${int(c)} AS UTINYINT)`).join(' + ') : '0::UTINYINT';
  const wanted = split.probes.filter((p) => p.bin !== NO_BIN).map((p) => `(bin = ${int(p.bin)} AND rn = ${int(p.offset + 1)})`);
  return `WITH ts_w AS MATERIALIZED (
  SELECT *, row_number() OVER (PARTITION BY bin ORDER BY sk DESC, pk DESC, id_rank) AS rn
  FROM (${scan})
)
SELECT 'split' AS part, bin, bi AS baseline_index, ${grade} AS grade_index,
  ${SUMS}
FROM ts_w
GROUP BY ALL
UNION ALL BY NAME
SELECT 'pivot' AS part, bin, rn, sk, pk, id_rank FROM ts_w WHERE ${wanted.length ? wanted.join(' OR ') : 'false'};`;
}

/** The pivot of each ratio cut from statement 2's 'pivot' rows (matched on bin and rank; none for a cut at 0). */
export function pivotsOf(split: SplitPlan, rows: readonly { bin: number; rn: number; sk: number; pk: number; id_rank: number }[]): PivotRow[] {
  return split.probes.flatMap((p, cut) => {
    const r = rows.find((x) => x.bin === p.bin && x.rn === p.offset + 1);
    return r ? [{ cut, sk: r.sk, pk: r.pk, id_rank: r.id_rank }] : [];
  });
}

/**
 * Statement 3: the first MOVERS_LIMIT movers in table order (largest order amount first)
 * among the first `head` customers, with their contributions now and in the baseline.
 */
export function buildFastMoversSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, pivots: readonly PivotRow[], head: number): string {
  const terms = fastTerms(plan, layout);
  const now = plan.used.map((m, i) => `${contributionSql(terms, i)} AS ${ident(contribColumn(m.id))}`);
  const before = plan.used.map((m) => ident(`baseline_${contribColumn(m.id)}`));
  const carried = [
    'k',
    'id_rank',
    'customer_id',
    'customer_name',
    'profit',
    'bi',
    'adj',
    'baseline_score',
    'baseline_grade',
    ...(rule.kind === 'cumulative' ? ['cum_grade'] : []),
    ...plan.used.flatMap((m) => [zCol(m.id), ...(layout.nullable.includes(m.id) ? [pCol(m.id)] : [])]),
    ...plan.used.map((m) => `baseline_${contribColumn(m.id)}`),
  ].map(ident);
  // The narrow table is stored in movers order, so k ≤ head reads only its first row groups.
  return `SELECT k, customer_id, customer_name, baseline_grade AS before_grade, ${gradeNames(rule.grades, 'grade_index')} AS after_grade,
  CAST(bi AS INTEGER) - CAST(grade_index AS INTEGER) AS steps, baseline_score AS before_score, score AS after_score, profit${
    now.length ? `,\n  ${now.join(',\n  ')},\n  ${before.join(', ')}` : ''
  }
FROM (
  SELECT * FROM (
    SELECT *, COALESCE(adj, ${autoGradeExpr(rule, pivots)}) AS grade_index
    FROM ${scoredRows(plan, layout, carried.join(', '), ` WHERE k <= ${int(head)}`)}
  )
  WHERE bi IS NOT NULL AND bi <> grade_index
  ORDER BY k
  LIMIT ${int(MOVERS_LIMIT)}
)
ORDER BY k;`;
}

/** Every customer's final grade index and score under a move (for tests, and for checking a settled drag). */
export function buildFastGradesSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, pivots: readonly PivotRow[]): string {
  const carried = ['customer_id', 'id_rank', 'profit', 'adj', ...(rule.kind === 'cumulative' ? ['cum_grade'] : [])];
  const cols = [...carried, ...plan.used.flatMap((m) => [zCol(m.id), ...(layout.nullable.includes(m.id) ? [pCol(m.id)] : [])])].map(ident);
  return `SELECT customer_id, CAST(COALESCE(adj, ${autoGradeExpr(rule, pivots)}) AS INTEGER) AS grade_index, score
FROM ${scoredRows(plan, layout, cols.join(', '))}
ORDER BY customer_id;`;
}

/** A 'split' row of buildFastResolveSql. */
export interface SplitRow extends BinRow {
  grade_index: number;
}

/** A (final grade, baseline grade) pair with its customers and sums. */
export interface FastPair {
  grade_index: number;
  baseline_index: number | null;
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

/** buildFastStaticSql's rows, read once per narrow table. */
export interface FastStatics {
  totals: Totals;
  adjusted: FastPair[];
}

export function readStatics(rows: readonly Record<string, unknown>[]): FastStatics {
  const total = rows.find((r) => r.part === 'total');
  return {
    totals: {
      customers: Number(total?.customers ?? 0),
      order_amount: (total?.order_amount as number | null) ?? null,
      profit: (total?.profit as number | null) ?? null,
      loss_making: Number(total?.loss_making ?? 0),
    },
    adjusted: rows.filter((r) => r.part === 'adjusted') as unknown as FastPair[],
  };
}

/** Customers per score bin and automatic grade (the score histogram's data). */
export interface FastBin {
  bin: number;
  grade_index: number;
  customers: number;
}

export interface FastAggregates {
  gradeTable: GradeRow[];
  totals: Totals;
  matrix: MatrixCell[];
  summary: { up: number; down: number; compared: number };
  /** Scored customers per bin (0…200) and automatic grade. */
  histogram: FastBin[];
}

/** SUM semantics: NULL when nothing non-NULL was added. */
function addNullable(a: number | null, b: number | null): number | null {
  return b === null || b === undefined ? a : a === null ? b : a + b;
}

const share = (part: number, whole: number | null) => (whole === null || whole === 0 ? null : part / whole);

/**
 * The grade table (buildGradeTableSql), totals, migration matrix (buildScenarioMatrixSql),
 * up/down summary and histogram from the bins, the split rows and the adjusted customers.
 * Counts are exact; sums equal the full path's up to the order the additions ran in.
 */
export function assembleFast(
  grades: readonly GradeBase[],
  bins: readonly BinRow[],
  splits: readonly SplitRow[],
  plan: SplitPlan,
  statics: FastStatics,
): FastAggregates {
  const pairs: FastPair[] = [...statics.adjusted];
  const hist = new Map<string, FastBin>();
  const count = (bin: number, g: number, c: number) => {
    if (bin === UNSCORED_BIN || c === 0) return;
    const key = `${bin}:${g}`;
    const h = hist.get(key) ?? { bin, grade_index: g, customers: 0 };
    h.customers += c;
    hist.set(key, h);
  };
  for (const b of bins) {
    const g = b.grade_index ?? plan.binGrade.get(b.bin);
    if (g === undefined || g === null) continue; // a split bin: its rows come in `splits`
    pairs.push({ ...b, grade_index: g });
    count(b.bin, g, b.n_all);
  }
  for (const s of splits) {
    pairs.push(s);
    count(s.bin, s.grade_index, s.n_all);
  }
  const per = grades.map(() => ({ customers: 0, order_amount: null as number | null, profit: null as number | null }));
  const cells = new Map<string, { customers: number; profit: number | null }>();
  const summary = { up: 0, down: 0, compared: 0 };
  for (const p of pairs) {
    if (!p.customers) continue;
    const g = per[p.grade_index];
    if (g) {
      g.customers += p.customers;
      g.order_amount = addNullable(g.order_amount, p.order_amount);
      g.profit = addNullable(g.profit, p.profit);
    }
    if (p.baseline_index !== null && p.baseline_index !== undefined) {
      summary.compared += p.customers;
      if (p.grade_index < p.baseline_index) summary.up += p.customers;
      if (p.grade_index > p.baseline_index) summary.down += p.customers;
      const key = `${p.baseline_index}:${p.grade_index}`;
      const c = cells.get(key) ?? { customers: 0, profit: null };
      c.customers += p.customers;
      c.profit = addNullable(c.profit, p.profit);
      cells.set(key, c);
    }
  }
  const tCustomers = per.reduce((s, g) => s + g.customers, 0);
  const tAmount = per.reduce<number | null>((s, g) => addNullable(s, g.order_amount), null);
  const tProfit = per.reduce<number | null>((s, g) => addNullable(s, g.profit), null);
  const gradeTable = grades.map((g, i) => {
    const p = per[i]!;
    return {
      grade: g.name,
      grade_index: i,
      customers: p.customers,
      share_customers: share(p.customers, tCustomers),
      order_amount: p.order_amount ?? 0,
      share_amount: share(p.order_amount ?? 0, tAmount),
      profit: p.profit ?? 0,
      share_profit: share(p.profit ?? 0, tProfit),
    };
  });
  const matrix = grades.flatMap((gb, b) =>
    grades.map((ga, a) => {
      const c = cells.get(`${b}:${a}`);
      return { before_grade: gb.name, before_index: b, after_grade: ga.name, after_index: a, customers: c?.customers ?? 0, profit: c?.profit ?? 0 };
    }),
  );
  const histogram = [...hist.values()].sort((x, y) => x.bin - y.bin || x.grade_index - y.grade_index);
  return { gradeTable, totals: statics.totals, matrix, summary, histogram };
}

/** A 'pivot' row: the customer at a ratio cut (sk = score in millionths, −∞ when unscored). */
export interface PivotRow {
  cut: number;
  sk: number;
  pk: number;
  id_rank: number;
}

/** The score at each ratio cut (its pivot's), null where a cut has no pivot or no score. */
export function cutScores(rule: GradeRule, pivots: readonly PivotRow[]): (number | null)[] {
  if (rule.kind === 'threshold') return thresholds(rule);
  if (rule.kind !== 'ratio') return [];
  return rule.grades.slice(0, -1).map((_, i) => {
    const p = pivots.find((x) => x.cut === i);
    return p && Number.isFinite(p.sk) ? p.sk / 1e6 : null;
  });
}

// The fast path's assembly: the grade table, totals, migration matrix, up/down summary
// and score histogram, added up in JavaScript from statement 1's whole bins, statement 2's
// split rows and the adjusted customers (read once per narrow table).

import type { GradeBase } from '../config';
import type { GradeRow, MatrixCell, Totals } from '../result-rows';
import { UNSCORED_BIN, binKey, type BinRow, type SplitRow } from './bins';
import type { SplitPlan } from './splits';

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
    const g = b.grade_index ?? plan.binGrade.get(binKey(b.g, b.bin));
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

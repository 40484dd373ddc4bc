// The slider's fast path (see ./sql.ts for the statements): the score bins and the
// rows the statements return, shared by the planning (./splits.ts) and the assembly (./assemble.ts).

/** Score bins per point: bin j holds scores in [j/2, (j+1)/2); 100 is bin 200. */
export const BINS_PER_POINT = 2;
/** The bin of customers with no score at all (ranked last). */
export const UNSCORED_BIN = 255;
/** A bin no customer has: fills a slot that needs no split. */
export const NO_BIN = 254;
/** Movers shown per move. */
export const MOVERS_LIMIT = 200;

/** Groups per narrow table at most (a group index is one byte; MAX_GROUPS is lower). */
const GROUP_STRIDE = 256;
/** A bin within its group as one number: the bin itself when not grouped (group 0). */
export const binKey = (g: number | undefined, bin: number) => (g ?? 0) * GROUP_STRIDE + bin;
/** The same key in SQL over columns g and bin. */
export const BIN_KEY_SQL = `(CAST(g AS USMALLINT) * ${GROUP_STRIDE} + bin)`;

/** A row of buildFastBinsSql (bin null only when no customer is unscored… never: unscored is UNSCORED_BIN). */
export interface BinRow {
  bin: number;
  /** Grading within groups: the group's index (groups in the order of their values). */
  g?: number;
  baseline_index: number | null;
  /** Cumulative rule only: the customer's fixed automatic grade. */
  grade_index?: number | null;
  n_all: number;
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

/** A 'pivot' row: the customer at a ratio cut (sk = score in millionths, −∞ when unscored). */
export interface PivotRow {
  /** The group whose cut it is (0 when not grouped). */
  g: number;
  cut: number;
  sk: number;
  pk: number;
  id_rank: number;
}

/** A 'split' row of buildFastResolveSql. */
export interface SplitRow extends BinRow {
  grade_index: number;
}

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

/** A 'pivot' row: the customer at a ratio cut (sk = score in millionths, −∞ when unscored). */
export interface PivotRow {
  cut: number;
  sk: number;
  pk: number;
  id_rank: number;
}

/** A 'split' row of buildFastResolveSql. */
export interface SplitRow extends BinRow {
  grade_index: number;
}

// The shapes of the small result sets the page draws, whichever path produced
// them (the full grading, the slider's fast path, a period comparison).

/** One grade of the grade table; shares are fractions of the total. */
export interface GradeRow {
  grade: string;
  grade_index: number;
  customers: number;
  share_customers: number | null;
  order_amount: number;
  share_amount: number | null;
  profit: number;
  share_profit: number | null;
}

export interface Totals {
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

/** One (before, after) pair of a migration matrix. */
export interface MatrixCell {
  before_grade: string;
  before_index: number;
  after_grade: string;
  after_index: number;
  customers: number;
  profit: number;
}

// The typed, serialisable grading configuration. Everything the score/grade
// SQL does is decided here, so a config (a saved scenario) fully reproduces a grading.

import { METRIC_IDS, type MetricId } from './metrics';
import { DEFAULT_POLICY, validatePolicy, type GradePolicy } from './policy';
import { validateCells, type SqlCell } from './cells';
import type { TimeUnit } from './value/history-sql';
import type { RfmCut } from './rfm';
import type { HistorySettings } from './history/periods';

/** How a raw metric becomes 0–100. percentile is the default and the documented one. */
export type Normalisation = 'percentile' | 'minmax' | 'zscore' | 'logminmax';

/**
 * A customer without the value: `drop` leaves the metric out of that customer's
 * score and renormalises the other weights; `neutral` scores it 50; `worst` scores it 0.
 */
export type MissingPolicy = 'drop' | 'neutral' | 'worst';

export interface WeightedMetric {
  id: MetricId;
  /** Relative weight; the score divides by the sum of the weights in use. */
  weight: number;
  normalisation?: Normalisation;
  missing?: MissingPolicy;
  /** Clip values above this percentile (e.g. 99) before normalising; null for none. */
  capPercentile?: number | null;
}

/** A colour a user may set for a grade: #rrggbb only (it ends up in styles and SVG). */
export function isGradeColor(v: unknown): v is string {
  return typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v);
}

export interface GradeBase {
  name: string;
  /** CSS colour; when absent the shared grade scale is used. */
  color?: string;
}

/** A grade of a ratio rule: `share` percent of the customers. */
export type GradeBand = GradeBase & { share: number };

/** Grades by score rank: the top `share`% of customers get the first grade, and so on. */
export interface RatioRule {
  kind: 'ratio';
  grades: GradeBand[];
}

/** Grades by score: the first grade whose `minScore` the score reaches; the last grade has none. */
export interface ThresholdRule {
  kind: 'threshold';
  grades: (GradeBase & { minScore: number | null })[];
}

/**
 * Profit ABC: customers sorted by the measure; the first grade is the smallest
 * set of top customers whose cumulative share of the positive total reaches
 * `upTo`%, and so on; the second-to-last grade takes the rest with a positive
 * value; the last grade takes zero and negative values (loss-making).
 */
export interface CumulativeRule {
  kind: 'cumulative';
  measure: 'profit' | 'orderAmount';
  grades: (GradeBase & { upTo: number | null })[];
}

export type GradeRule = RatioRule | ThresholdRule | CumulativeRule;

/**
 * The customer attributes a grading can be done within: each value of the attribute is a
 * group whose customers are normalised, ranked and cut among themselves (a telecom's A/B/C
 * within each industry). Keys name the SourceMapping's customer fields.
 */
export type GroupAttribute = 'industry' | 'region' | 'customerType' | 'size' | 'salesperson';
/** The customer_metrics column of each group attribute. */
export const GROUP_COLUMNS: Record<GroupAttribute, string> = {
  industry: 'industry',
  region: 'region',
  customerType: 'customer_type',
  size: 'size_class',
  salesperson: 'salesperson',
};
export const GROUP_ATTRIBUTES = Object.keys(GROUP_COLUMNS) as GroupAttribute[];
/**
 * An offer or plan for one cell of the group × grade matrix (the telecom case: a product
 * plan per industry, an offer per grade). Kept with the policy: grading never reads it.
 */
export interface GroupOffer {
  /** The group's value; null for the customers without one. */
  group: string | null;
  /** The grade's name. */
  grade: string;
  text: string;
}
export const MAX_OFFERS = 2000;
export const MAX_OFFER_TEXT = 500;

/** More groups than this cannot be read as a matrix, and the slider's fast path keys a group in a byte. */
export const MAX_GROUPS = 250;

/** A manual grade set on top of the automatic one. */
export interface Adjustment {
  customerId: string;
  grade: string;
  reason: string;
  author: string;
  /** ISO timestamp. */
  at: string;
  /** In the grade history, counts for periods ending on or after this day (YYYY-MM-DD); default: the day it was made. */
  from?: string;
}

export interface FlagConfig {
  /** "False big customer": order amount in the top X% … */
  falseBigAmountTopPct: number;
  /** … while profit ranks in the bottom Y% (or is negative). */
  falseBigProfitBottomPct: number;
  /** Sleeping: no order for this many days. */
  sleepingDays: number;
  /** Growth counts as high from this year-over-year growth, in percent. */
  growthHighPct: number;
  /** Loyalty counts as high from this loyalty index (0–100). */
  loyaltyHighIndex: number;
}

/** The metrics a user rates by hand, customer by customer. */
export type RatedMetric = 'strategic' | 'satisfaction';
export const RATED_METRICS: readonly RatedMetric[] = ['strategic', 'satisfaction'];
export type ManualRatings = Record<RatedMetric, Record<string, number>>;

/**
 * The customer-value models (BG/NBD and Gamma-Gamma): fitted once per data, mapping
 * or as-of change at the as-of date, never per slider move.
 */
export interface ValueConfig {
  /** The time unit of the history (weeks, as in the literature). */
  unit: TimeUnit;
  /** Predict this many whole months ahead. */
  horizonMonths: number;
  /** Monthly discount rate of the predicted value (0.01 = 1 %). */
  monthlyDiscount: number;
  /** "At risk": a customer in the top grades whose P(alive) is below this (0–1). */
  atRiskPAlive: number;
  /** RFM classes: R, F and M are high or low against their mean or their median. */
  rfmCut: RfmCut;
}

export const DEFAULT_VALUE: ValueConfig = { unit: 'weeks', horizonMonths: 12, monthlyDiscount: 0.01, atRiskPAlive: 0.5, rfmCut: 'mean' };

export interface GradingConfig {
  metrics: WeightedMetric[];
  rule: GradeRule;
  adjustments: Adjustment[];
  flags: FlagConfig;
  /** Manual prospect ratings (1–5) per customer id: growth potential for customers too new to have history. */
  prospects: Record<string, number>;
  /**
   * Manual strategic-value and satisfaction ratings (1–5) per customer id, entered on the page:
   * they take the place of an imported rating, and make the metric available without one.
   */
  ratings: ManualRatings;
  /** The date recency, tenure and growth are measured at (YYYY-MM-DD); null means the latest order date in the data. */
  asOf: string | null;
  /**
   * How each grade is served (row i = grade i). Saved with the scenario; grading never reads it,
   * and editing it never regrades (policy-sql.ts and queues-sql.ts read it).
   */
  policy: GradePolicy;
  /** The analyst's own SQL cells, in page order. Saved with the scenario; grading never reads them. */
  cells: SqlCell[];
  /** Customer-value settings; absent means DEFAULT_VALUE. */
  value?: ValueConfig;
  /** Grade within each value of this customer attribute; absent or null: all customers together. */
  groupBy?: GroupAttribute | null;
  /** Offers per (group, grade) cell, shown in the worklist; absent means none. */
  offers?: GroupOffer[];
  /**
   * The grade history's settings, once it was run: then it follows every grading, also after
   * a reload, an opened scenario or a link. Grading never reads it. Absent: never run.
   */
  history?: HistorySettings;
}

export const DEFAULT_FLAGS: FlagConfig = {
  falseBigAmountTopPct: 20,
  falseBigProfitBottomPct: 50,
  sleepingDays: 180,
  growthHighPct: 10,
  loyaltyHighIndex: 50,
};

const ABCD_RATIO: RatioRule = {
  kind: 'ratio',
  grades: [
    { name: 'A', share: 20 },
    { name: 'B', share: 30 },
    { name: 'C', share: 30 },
    { name: 'D', share: 20 },
  ],
};

const base: Pick<GradingConfig, 'adjustments' | 'flags' | 'prospects' | 'ratings' | 'asOf' | 'policy' | 'cells'> = {
  adjustments: [],
  flags: DEFAULT_FLAGS,
  prospects: {},
  ratings: { strategic: {}, satisfaction: {} },
  asOf: null,
  policy: DEFAULT_POLICY,
  cells: [],
};

/** The classic CRM preset: credit 10 %, order amount 30 %, profit 60 %; A/B/C/D by 20/30/30/20. */
export const CLASSIC_CRM = {
  ...base,
  metrics: [
    { id: 'credit', weight: 10 },
    { id: 'orderAmount', weight: 30 },
    { id: 'profit', weight: 60 },
  ],
  rule: ABCD_RATIO,
} satisfies GradingConfig;

/** The four grading principles, equally weighted: sales contribution, strategic value, growth potential, loyalty. */
export const FOUR_PRINCIPLES = {
  ...base,
  metrics: [
    { id: 'orderAmount', weight: 25 },
    { id: 'strategic', weight: 25 },
    { id: 'growth', weight: 25 },
    { id: 'loyalty', weight: 25 },
  ],
  rule: ABCD_RATIO,
} satisfies GradingConfig;

/** Profit first: profit and margin carry the score, volume a little, credit guards it. */
export const PROFIT_FIRST = {
  ...base,
  metrics: [
    { id: 'profit', weight: 60 },
    { id: 'margin', weight: 20 },
    { id: 'orderAmount', weight: 10 },
    { id: 'credit', weight: 10 },
  ],
  rule: ABCD_RATIO,
} satisfies GradingConfig;

/** SAP-style profit ABC: A to 80 % of profit, B to 95 %, C the rest with profit, D loss-making. */
export const PROFIT_ABC_RULE: CumulativeRule = {
  kind: 'cumulative',
  measure: 'profit',
  grades: [
    { name: 'A', upTo: 80 },
    { name: 'B', upTo: 95 },
    { name: 'C', upTo: null },
    { name: 'D', upTo: null },
  ],
};

export const PRESETS = { classic: CLASSIC_CRM, fourPrinciples: FOUR_PRINCIPLES, profitFirst: PROFIT_FIRST } as const;
export type PresetId = keyof typeof PRESETS;

export const MIN_GRADES = 2;
export const MAX_GRADES = 6;

export function gradeNames(rule: GradeRule): string[] {
  return rule.grades.map((g) => g.name);
}

const NORMALISATIONS: Normalisation[] = ['percentile', 'minmax', 'zscore', 'logminmax'];
const MISSING: MissingPolicy[] = ['drop', 'neutral', 'worst'];
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Problems with a config, in words a user can act on; empty when the config is usable. */
export function validateConfig(config: GradingConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<MetricId>();
  for (const m of config.metrics) {
    if (!METRIC_IDS.includes(m.id)) problems.push(`Unknown metric "${m.id}".`);
    if (seen.has(m.id)) problems.push(`Metric "${m.id}" is listed twice.`);
    seen.add(m.id);
    if (!finite(m.weight) || m.weight < 0) problems.push(`Weight of "${m.id}" must be a number ≥ 0 (got ${m.weight}).`);
    if (m.normalisation !== undefined && !NORMALISATIONS.includes(m.normalisation)) problems.push(`Unknown normalisation "${m.normalisation}" for "${m.id}".`);
    if (m.missing !== undefined && !MISSING.includes(m.missing)) problems.push(`Unknown missing-value policy "${m.missing}" for "${m.id}".`);
    if (m.capPercentile != null && (!finite(m.capPercentile) || m.capPercentile <= 0 || m.capPercentile > 100)) {
      problems.push(`Cap of "${m.id}" must be a percentile between 0 and 100 (got ${m.capPercentile}).`);
    }
  }
  problems.push(...validateRule(config.rule));
  const names = new Set(gradeNames(config.rule));
  for (const a of config.adjustments) {
    if (!a.customerId) problems.push('An adjustment has no customer id.');
    if (!names.has(a.grade)) problems.push(`Adjustment of customer "${a.customerId}" names grade "${a.grade}", which the rule does not have.`);
    if (a.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(a.from)) problems.push(`Adjustment of customer "${a.customerId}" counts from "${a.from}", which is not a YYYY-MM-DD date.`);
  }
  for (const [id, r] of Object.entries(config.prospects)) {
    if (!finite(r) || r < 1 || r > 5) problems.push(`Prospect rating of "${id}" must be 1–5 (got ${r}).`);
  }
  for (const metric of RATED_METRICS) {
    for (const [id, r] of Object.entries(config.ratings[metric])) {
      if (!finite(r) || r < 1 || r > 5) problems.push(`The ${metric} rating of "${id}" must be 1–5 (got ${r}).`);
    }
  }
  const f = config.flags;
  for (const [k, v] of Object.entries(f)) if (!finite(v) || v < 0) problems.push(`Flag setting ${k} must be a number ≥ 0 (got ${v}).`);
  if (config.groupBy != null && !GROUP_ATTRIBUTES.includes(config.groupBy)) {
    problems.push(`Unknown group attribute "${config.groupBy}" (there are ${GROUP_ATTRIBUTES.join(', ')}).`);
  }
  if (config.asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(config.asOf)) problems.push(`As-of date must be YYYY-MM-DD (got "${config.asOf}").`);
  return problems;
}

/**
 * Problems with the parts grading does not read (grade policy, SQL cells). Kept out of
 * validateConfig so that they never hold up a grading; scenarios check both.
 */
export function validateUngraded(config: Pick<GradingConfig, 'policy' | 'cells' | 'offers'>): string[] {
  return [...validatePolicy(config.policy), ...validateCells(config.cells), ...validateOffers(config.offers ?? [])];
}

function validateOffers(offers: readonly GroupOffer[]): string[] {
  const problems: string[] = [];
  if (offers.length > MAX_OFFERS) problems.push(`At most ${MAX_OFFERS} offers (got ${offers.length}).`);
  for (const o of offers) {
    if (o.group !== null && typeof o.group !== 'string') problems.push('An offer’s group must be text or null.');
    if (typeof o.grade !== 'string' || o.grade === '') problems.push('An offer names no grade.');
    if (typeof o.text !== 'string' || o.text.length > MAX_OFFER_TEXT) problems.push(`An offer’s text must be at most ${MAX_OFFER_TEXT} characters.`);
  }
  return problems;
}

function validateRule(rule: GradeRule): string[] {
  const problems: string[] = [];
  const grades = rule.grades;
  if (grades.length < MIN_GRADES || grades.length > MAX_GRADES) {
    problems.push(`Between ${MIN_GRADES} and ${MAX_GRADES} grades are needed (got ${grades.length}).`);
  }
  const names = new Set<string>();
  for (const g of grades) {
    if (g.name.trim() === '') problems.push('A grade has an empty name.');
    if (names.has(g.name)) problems.push(`Grade name "${g.name}" is used twice.`);
    names.add(g.name);
  }
  switch (rule.kind) {
    case 'ratio': {
      for (const g of rule.grades) {
        if (!finite(g.share) || g.share < 0 || g.share > 100) problems.push(`Share of grade "${g.name}" must be between 0 and 100 (got ${g.share}).`);
      }
      const total = rule.grades.reduce((s, g) => s + g.share, 0);
      if (Math.abs(total - 100) > 1e-6) problems.push(`Grade shares must add up to 100 % (they add up to ${total} %).`);
      break;
    }
    case 'threshold': {
      const mins = rule.grades.slice(0, -1).map((g) => g.minScore);
      mins.forEach((m, i) => {
        if (!finite(m) || m < 0 || m > 100) problems.push(`Minimum score of grade "${rule.grades[i]!.name}" must be between 0 and 100 (got ${m}).`);
      });
      for (let i = 1; i < mins.length; i++) {
        if (finite(mins[i]) && finite(mins[i - 1]) && mins[i]! >= mins[i - 1]!) {
          problems.push(`Minimum scores must fall from grade to grade ("${rule.grades[i]!.name}" ≥ "${rule.grades[i - 1]!.name}").`);
        }
      }
      break;
    }
    case 'cumulative': {
      if (rule.measure !== 'profit' && rule.measure !== 'orderAmount') problems.push(`Cumulative rule measure must be profit or orderAmount (got ${rule.measure}).`);
      const ups = rule.grades.slice(0, -2).map((g) => g.upTo);
      ups.forEach((u, i) => {
        if (!finite(u) || u <= 0 || u > 100) problems.push(`Cumulative share of grade "${rule.grades[i]!.name}" must be between 0 and 100 (got ${u}).`);
        if (i > 0 && finite(u) && finite(ups[i - 1]) && u <= ups[i - 1]!) problems.push(`Cumulative shares must rise from grade to grade ("${rule.grades[i]!.name}").`);
      });
      if (rule.grades.length < 3) problems.push('A cumulative rule needs at least 3 grades: the top share(s), the rest with a positive value, and loss-making.');
      break;
    }
    default:
      problems.push(`Unknown grade rule "${(rule as { kind: string }).kind}".`);
  }
  return problems;
}

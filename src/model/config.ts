// The typed grading configuration. Everything the score/grade SQL does is
// decided here, so a config (and later a saved scenario) fully reproduces a grading.

import type { MetricId } from './metrics';

export interface WeightedMetric {
  id: MetricId;
  /** Relative weight; the score divides by the sum of the weights in use. */
  weight: number;
}

export interface GradeBand {
  name: string;
  /** Share of customers in percent, e.g. 20 for 20 %. */
  share: number;
}

/** Grades by score rank: the top `share`% of customers get the first grade, and so on. */
export interface RatioRule {
  kind: 'ratio';
  grades: GradeBand[];
}

export type GradeRule = RatioRule;

export interface GradingConfig {
  metrics: WeightedMetric[];
  rule: GradeRule;
}

/** The classic CRM preset: credit 10 %, order amount 30 %, profit 60 %; A/B/C/D by 20/30/30/20. */
export const CLASSIC_CRM: GradingConfig = {
  metrics: [
    { id: 'credit', weight: 10 },
    { id: 'orderAmount', weight: 30 },
    { id: 'profit', weight: 60 },
  ],
  rule: {
    kind: 'ratio',
    grades: [
      { name: 'A', share: 20 },
      { name: 'B', share: 30 },
      { name: 'C', share: 30 },
      { name: 'D', share: 20 },
    ],
  },
};

export const MIN_GRADES = 2;
export const MAX_GRADES = 6;

/** Problems with a config, in words a user can act on; empty when the config is usable. */
export function validateConfig(config: GradingConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<MetricId>();
  for (const m of config.metrics) {
    if (seen.has(m.id)) problems.push(`Metric "${m.id}" is listed twice.`);
    seen.add(m.id);
    if (!Number.isFinite(m.weight) || m.weight < 0) problems.push(`Weight of "${m.id}" must be a number ≥ 0 (got ${m.weight}).`);
  }
  const grades = config.rule.grades;
  if (grades.length < MIN_GRADES || grades.length > MAX_GRADES) {
    problems.push(`Between ${MIN_GRADES} and ${MAX_GRADES} grades are needed (got ${grades.length}).`);
  }
  const names = new Set<string>();
  for (const g of grades) {
    if (g.name.trim() === '') problems.push('A grade has an empty name.');
    if (names.has(g.name)) problems.push(`Grade name "${g.name}" is used twice.`);
    names.add(g.name);
    if (!Number.isFinite(g.share) || g.share < 0 || g.share > 100) problems.push(`Share of grade "${g.name}" must be between 0 and 100 (got ${g.share}).`);
  }
  const total = grades.reduce((s, g) => s + g.share, 0);
  if (Math.abs(total - 100) > 1e-6) problems.push(`Grade shares must add up to 100 % (they add up to ${total} %).`);
  return problems;
}

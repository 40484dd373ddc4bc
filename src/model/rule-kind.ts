// Changing the kind of grade rule: a pure conversion that keeps the grade names
// where the new kind allows, with even shares, evenly spaced minimum scores, or
// cumulative profit bounds from 80 % up.

import { PROFIT_ABC_RULE, type GradeRule } from './config';

export function withRuleKind(rule: GradeRule, kind: GradeRule['kind']): GradeRule {
  const names = rule.grades.map((g) => g.name);
  const n = names.length;
  if (kind === 'ratio') {
    const even = Math.floor(100 / n);
    return { kind, grades: names.map((name, i) => ({ name, share: i === n - 1 ? 100 - even * (n - 1) : even })) };
  }
  if (kind === 'threshold') {
    return { kind, grades: names.map((name, i) => ({ name, minScore: i === n - 1 ? null : Math.round(100 - ((i + 1) * 100) / n) })) };
  }
  const grades = n >= 3 ? names : PROFIT_ABC_RULE.grades.map((g) => g.name);
  const steps = grades.length - 2;
  return {
    kind,
    measure: 'profit',
    grades: grades.map((name, i) => ({ name, upTo: i < steps ? Math.round(80 + (15 * i) / Math.max(1, steps - 1)) : null })),
  };
}

// The grade policy: how each grade is served (visit cadence, complaint response
// time, payment terms, discount ceiling, production priority, who looks after
// it). Part of the grading config so a scenario carries it, but grading never
// reads it: only the policy and queue SQL (policy-sql.ts, queues-sql.ts) do.

import type { Text } from '../lang/lang';

export interface GradePolicyRow {
  /** Visit every this many months: 1 monthly, 3 quarterly, 6 half-yearly, 12 yearly. */
  visitEveryMonths: number;
  /** Complaints must be resolved within this many calendar days. */
  responseDays: number;
  /** Payment terms granted, in days. */
  paymentTermsDays: number;
  /** Highest discount a salesperson may give without escalation, in percent. */
  discountCeilingPct: number;
  /** Production and short-material order: 1 goes first; equal numbers share a place. */
  productionPriority: number;
  /** Who looks after the grade's accounts; empty means the standard wording for the grade's position. */
  manager: string;
}

/** One row per grade, by position in the rule (0 = the best grade); the row's grade is the rule's grade at that position. */
export type GradePolicy = GradePolicyRow[];

export const MAX_POLICY_ROWS = 6;

/** The CRM textbook's A/B/C/D service levels: monthly/quarterly/half-yearly/yearly visits, 3-day response for A, 5 for C. */
const LEVELS: GradePolicyRow[] = [
  { visitEveryMonths: 1, responseDays: 3, paymentTermsDays: 60, discountCeilingPct: 15, productionPriority: 1, manager: '' },
  { visitEveryMonths: 3, responseDays: 4, paymentTermsDays: 45, discountCeilingPct: 10, productionPriority: 2, manager: '' },
  { visitEveryMonths: 6, responseDays: 5, paymentTermsDays: 30, discountCeilingPct: 5, productionPriority: 3, manager: '' },
  { visitEveryMonths: 12, responseDays: 7, paymentTermsDays: 15, discountCeilingPct: 0, productionPriority: 4, manager: '' },
];

export const DEFAULT_POLICY: GradePolicy = LEVELS;

/** The standard service level for position i of n grades: the first is A's, the last D's, those between spread over B and C. */
export function defaultPolicyRow(i: number, n: number): GradePolicyRow {
  const level = n <= 1 ? 0 : Math.round((i * (LEVELS.length - 1)) / (n - 1));
  return { ...LEVELS[level]!, productionPriority: i + 1 };
}

/** The policy row of each of `n` grades: the stored rows, the standard level for grades the policy has no row for. */
export function policyRows(policy: GradePolicy, n: number): GradePolicyRow[] {
  return Array.from({ length: n }, (_, i) => policy[i] ?? defaultPolicyRow(i, n));
}

/** The standard account-manager assignment per service level (A … D). */
export const DEFAULT_MANAGERS: Text[] = [
  { zh: '专属大客户经理', en: 'Dedicated key-account manager' },
  { zh: '资深客户经理', en: 'Senior account manager' },
  { zh: '客户经理（共享）', en: 'Account manager (shared)' },
  { zh: '电话 / 线上销售', en: 'Inside sales (phone, online)' },
];

/** The assignment shown for position i of n: the stored text, or the standard one for its level. */
export function managerText(row: GradePolicyRow, i: number, n: number, lang: 'zh' | 'en'): string {
  if (row.manager.trim() !== '') return row.manager;
  const level = n <= 1 ? 0 : Math.round((i * (LEVELS.length - 1)) / (n - 1));
  return DEFAULT_MANAGERS[level]![lang];
}

const NUMERIC: { key: Exclude<keyof GradePolicyRow, 'manager'>; min: number; max: number; integer: boolean }[] = [
  { key: 'visitEveryMonths', min: 1, max: 60, integer: true },
  { key: 'responseDays', min: 0, max: 365, integer: true },
  { key: 'paymentTermsDays', min: 0, max: 365, integer: true },
  { key: 'discountCeilingPct', min: 0, max: 100, integer: false },
  { key: 'productionPriority', min: 1, max: 99, integer: true },
];

export const POLICY_LIMITS = Object.fromEntries(NUMERIC.map((n) => [n.key, { min: n.min, max: n.max, integer: n.integer }])) as Record<
  Exclude<keyof GradePolicyRow, 'manager'>,
  { min: number; max: number; integer: boolean }
>;

/** Problems with a policy, in words; empty when usable. */
export function validatePolicy(policy: GradePolicy): string[] {
  const problems: string[] = [];
  if (policy.length > MAX_POLICY_ROWS) problems.push(`The grade policy has more than ${MAX_POLICY_ROWS} rows.`);
  policy.forEach((row, i) => {
    for (const { key, min, max, integer } of NUMERIC) {
      const v = row[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
        problems.push(`Policy row ${i + 1}: ${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${String(v)}).`);
      }
    }
    if (typeof row.manager !== 'string' || row.manager.length > 200) problems.push(`Policy row ${i + 1}: manager must be text of at most 200 characters.`);
  });
  return problems;
}

/** Clamp an edited number into its field's range (the editor never stores an unusable value). */
export function clampPolicyValue(key: Exclude<keyof GradePolicyRow, 'manager'>, value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const { min, max, integer } = POLICY_LIMITS[key];
  const v = integer ? Math.round(value) : Math.round(value * 100) / 100;
  return Math.min(max, Math.max(min, v));
}

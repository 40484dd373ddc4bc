// What the page (and the command line) offers when grading cannot start: the
// one control that mends it, with the likely columns first and a preview of
// their values. Pure: it reads the table's profile, never the engine.

import { classifyType, columnCandidates, valueShape, type TableProfile } from './detect-mapping';
import { FIELDS, type FieldId, type TableRole, type Text } from './fields';

export interface FixCandidate {
  column: string;
  /** A few of its values, as text. */
  examples: string[];
  /** Why it is offered, when the header or values say something. */
  why: Text | null;
  /** The field the column has now, if any: picking it here moves it. */
  current: FieldId | null;
}

export type Fix =
  | { kind: 'field'; table: string; field: FieldId; candidates: FixCandidate[] }
  | { kind: 'role'; table: string; roles: TableRole[] };

/** Columns offered at most: enough to find the right one, few enough to read. */
export const MAX_CANDIDATES = 8;

const MONEY = new Set(['money', 'ratio', 'number']);

/**
 * The columns of a table ranked for a field: a header that names it first, then
 * values of the right shape (codes for ids, numbers for amounts, dates for dates).
 * Columns whose type cannot hold the field are left out.
 */
export function fieldFix(profile: TableProfile | undefined, choice: { table: string; fields: Record<string, FieldId | null> }, field: FieldId): Fix {
  const def = FIELDS[field];
  const ranked = (profile?.columns ?? []).flatMap((c) => {
    const cls = classifyType(c.type);
    if (MONEY.has(def.kind) && cls !== 'number') return [];
    if (def.kind === 'date' && cls !== 'date') return [];
    if (def.kind === 'id' && cls === 'date') return [];
    const cand = columnCandidates(c, profile!.rows).find((x) => x.field === field);
    let score = cand?.score ?? 0;
    const current = choice.fields[c.name] ?? null;
    if (def.kind === 'id') {
      const shape = valueShape(c.examples);
      if (shape === 'code') score += 0.3;
      if (shape === 'name') score -= 0.2;
      if (cls === 'number' && c.examples.some((e) => /\.\d/u.test(e))) return [];
    }
    // A column already holding another field comes after the free ones.
    if (current && current !== field) score -= 0.5;
    return [{ score, c: { column: c.name, examples: c.examples.slice(0, 4), why: cand?.reason ?? null, current } }];
  });
  ranked.sort((a, b) => b.score - a.score);
  return { kind: 'field', table: choice.table, field, candidates: ranked.slice(0, MAX_CANDIDATES).map((r) => r.c) };
}

export function roleFix(table: string, roles: TableRole[]): Fix {
  return { kind: 'role', table, roles };
}

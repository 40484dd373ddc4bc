// Names that reach DuckDB: a table name derived from the file name, and
// column names made unique. DuckDB compares identifiers case-insensitively,
// so uniqueness is checked on the lower-cased name.

import type { IngestMessage } from './messages';

/** "2025 销售明细 (final).xlsx" → "2025_销售明细_final" → prefixed "t_2025_销售明细_final". */
export function tableBaseName(fileName: string, sheet?: string): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const raw = sheet ? `${stem}_${sheet}` : stem;
  let name = raw
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
  if (name === '') name = 'table';
  if (/^\p{N}/u.test(name)) name = `t_${name}`;
  // Never clash with the engine's own staging tables.
  if (name.startsWith('__')) name = name.replace(/^_+/, 't_');
  return [...name].slice(0, 48).join('');
}

/** First of base, base_2, base_3… not in `taken` (compared lower-cased). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

export interface CleanHeader {
  names: string[];
  warnings: IngestMessage[];
}

/**
 * Characters a header never means: zero-width spaces, word joiners, BOMs and
 * text-direction controls (an RLO in a column name would reverse every label
 * it appears in). Zero-width joiners stay: emoji and some scripts need them.
 */
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Trim header cells; drop invisible characters; name empty ones after their position; make duplicates unique. */
export function cleanHeader(header: readonly (string | null | undefined)[]): CleanHeader {
  const warnings: IngestMessage[] = [];
  const used = new Set<string>();
  const empty: number[] = [];
  const renamed: [string, string][] = [];
  const invisible: string[] = [];
  const names = header.map((cell, i) => {
    const controls = (cell ?? '').replace(/^\uFEFF/, '').replace(/[\u0000-\u001f]+/g, ' ');
    let name = controls.replace(INVISIBLE, '').trim();
    if (name !== controls.trim() && name !== '') invisible.push(name);
    if (name === '') {
      empty.push(i + 1);
      name = `column_${i + 1}`;
    }
    const base = name;
    let k = 2;
    while (used.has(name.toLowerCase()) || name.endsWith('__raw')) {
      name = `${base}_${k++}`;
    }
    if (name !== base) renamed.push([base, name]);
    used.add(name.toLowerCase());
    return name;
  });
  if (invisible.length > 0) warnings.push({ id: 'invisibleInHeader', columns: invisible });
  if (empty.length > 0) warnings.push({ id: 'unnamedColumns', columns: empty });
  if (renamed.length > 0) warnings.push({ id: 'duplicateHeaders', renamed });
  return { names, warnings };
}

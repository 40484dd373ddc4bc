// The catalog (src/sql/catalog.ts) names every table and view the pipeline makes:
// no other module of src/ writes one of those names bare.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG, GRADING_TABLES, HISTORY_TABLES, PIPELINE_RELATIONS, POLICY_VIEWS } from '../../src/sql/catalog';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** Where a name is text for people, not SQL: the first cell's example query, the export's sheet name. */
const PROSE = new Set(['model/cells.ts', 'export/graded.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|svelte)$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('the catalog of tables and views', () => {
  it('names each relation once, and derives the lists the pages show', () => {
    const names = CATALOG.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(GRADING_TABLES).toEqual(['customer_metrics', 'customer_norms', 'customers_graded', 'grades_baseline']);
    expect(POLICY_VIEWS).toEqual(['grade_policy', 'customer_actions', 'complaint_queue', 'open_order_queue']);
    expect(HISTORY_TABLES).toEqual(['history_grades']);
    expect(PIPELINE_RELATIONS).toEqual([...GRADING_TABLES, ...POLICY_VIEWS, ...HISTORY_TABLES]);
  });

  it('is the only module of src/ that writes their names', () => {
    const bare: string[] = [];
    for (const file of files(SRC)) {
      const rel = relative(SRC, file);
      if (rel === 'sql/catalog.ts' || PROSE.has(rel)) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*?|\*).*$/, '');
        for (const r of CATALOG) if (new RegExp(`\\b${r.name}\\b`).test(code)) bare.push(`${rel}:${i + 1} ${r.name}`);
      });
    }
    expect(bare).toEqual([]);
  });
});

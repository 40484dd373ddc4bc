// Every import in src/ points down the layers written in src/layers.ts (or stays
// in its own folder). Reads the files as text: a relative import's target folder
// against the importer's.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/layers';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js|svelte)$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

/** The top folder of src/ a path lies in, `.` for the root's own files. */
function folderOf(path: string): string {
  const rel = relative(SRC, path).split(sep);
  return rel.length > 1 ? rel[0]! : '.';
}

const rankOf = new Map<string, number>(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));

describe('the layers of src/', () => {
  const files = sourceFiles(SRC);

  it('name every folder of src/ once', () => {
    const folders = new Set(files.map(folderOf));
    const listed = LAYERS.flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...folders].filter((f) => !rankOf.has(f))).toEqual([]);
  });

  it('finds imports of every form', () => {
    expect(importsOf(`import a from '../a';\nimport type { B } from "../b";\nexport { c } from './c';\nexport * from '../d';\nimport '../e.css';\nconst f = await import('../f');\nimport {\n  g,\n  type G,\n} from '../g';`))
      .toEqual(['../a', '../b', '../g', './c', '../d', '../e.css', '../f']);
  });

  it('import only from their own folder or a lower layer', () => {
    const backward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue; // a package
        const target = resolve(dirname(file), spec.split('?')[0]!);
        if (!target.startsWith(SRC)) continue; // sample data, build files
        const to = folderOf(target);
        if (to === from) continue;
        if (to === '.' && from !== '.') {
          if (spec.endsWith('/layers') || spec.endsWith('/layers.ts')) continue;
        }
        const a = rankOf.get(from);
        const b = rankOf.get(to);
        if (a === undefined || b === undefined || b >= a) backward.push(`${relative(SRC, file)} → ${spec} (${from} → ${to})`);
      }
    }
    expect(backward).toEqual([]);
  });
});

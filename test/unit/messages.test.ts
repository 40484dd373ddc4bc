// The page's message tables: every key in both languages, and every shared word
// (src/lang/shared.ts) defined once — a feature that needs "Customer name" takes
// the shared one instead of writing its own, which is how the words drifted.

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS } from '../../src/lang/lang';
import { MESSAGE_TABLES } from '../../src/lang/messages';
import { SHARED_WORDS } from '../../src/lang/shared';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every module of src/ that makes a message table (calls messageTable). */
function tableModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tableModules(path);
    return /\.ts$/.test(e.name) && e.name !== 'messages.test.ts' ? [path] : [];
  });
}

describe('the message tables', () => {
  const modules: string[] = [];
  beforeAll(async () => {
    const { readFileSync } = await import('node:fs');
    for (const path of tableModules(join(ROOT, 'src'))) {
      if (/\bmessageTable\(\s*'/.test(readFileSync(path, 'utf8'))) modules.push(relative(ROOT, path));
    }
    for (const m of modules) await import(/* @vite-ignore */ join(ROOT, m));
  });

  it('are each registered under the file that makes them', () => {
    expect(modules.length).toBeGreaterThanOrEqual(6);
    expect(MESSAGE_TABLES.map((t) => t.name).sort()).toEqual([...modules].sort());
  });

  it('have every key in both languages', () => {
    for (const table of [{ name: 'src/lang/shared.ts', own: SHARED_WORDS }, ...MESSAGE_TABLES]) {
      const [zh, en] = LANGS.map((l) => Object.keys(table.own[l]).sort());
      expect({ table: table.name, keys: en }).toEqual({ table: table.name, keys: zh });
      for (const l of LANGS) for (const [key, text] of Object.entries(table.own[l])) expect({ table: table.name, key, empty: !text }).toEqual({ table: table.name, key, empty: false });
    }
  });

  it('define no shared word again', () => {
    const shared = new Set(Object.keys(SHARED_WORDS.zh));
    const again = MESSAGE_TABLES.flatMap((t) => Object.keys(t.own.zh).filter((k) => shared.has(k)).map((k) => `${t.name}: ${k}`));
    expect(again).toEqual([]);
  });
});

// Emits dist/sw.js: the service worker template with this build's file list
// and a version hashed from their names and the page (hashed names change with content).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const TEMPLATE = fileURLToPath(new URL('./service-worker.js', import.meta.url));

function publicFiles(dir: string, root = dir): string[] {
  let out: string[] = [];
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out = out.concat(publicFiles(p, root));
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out;
}

export function serviceWorkerPlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'tierscope-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...publicFiles(publicDir)].filter((f) => f !== 'sw.js').sort();
      const hash = createHash('sha256');
      for (const f of files) {
        hash.update(f);
        const item = bundle[f];
        if (item && item.type === 'asset' && f.endsWith('.html')) hash.update(item.source);
      }
      const assets = ['./', ...files];
      const source = readFileSync(TEMPLATE, 'utf8')
        .replace('/*ASSETS*/ []', JSON.stringify(assets))
        .replace("/*VERSION*/ 'dev'", JSON.stringify(hash.digest('hex').slice(0, 16)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

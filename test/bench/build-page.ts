// Builds the bench page with Vite (production mode, like dist/) into its own
// folder, apart from the app's build: it is never part of dist/.

import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
export const PAGE_OUT = fileURLToPath(new URL('./results/page/', import.meta.url));

export async function buildBenchPage(): Promise<string> {
  await build({
    configFile: false,
    root: PAGE_DIR,
    base: './',
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 5000 },
  });
  return PAGE_OUT;
}

/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspPlugin } from './build/csp.ts';
import { serviceWorkerPlugin } from './build/service-worker-plugin.ts';

export default defineConfig({
  // Relative asset URLs: dist/ works from any static host under any sub-path.
  base: './',
  plugins: [svelte({ configFile: false }), cspPlugin(), serviceWorkerPlugin()],
  build: {
    target: 'es2022',
    // The DuckDB wasm (~34 MB) is an asset, not a chunk; this limit is for our JS.
    chunkSizeWarningLimit: 1500,
    // Every asset is a file of our own: an inlined data: URL that the page fetch()es
    // (a small sample CSV) would be refused by the CSP's connect-src 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // A real browser on a busy 2-core machine: polls wait for the page, they never time it.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Not part of `npm test`: `npm run bench` measures, it never asserts on time.
        extends: true,
        test: {
          name: 'bench',
          include: ['test/bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

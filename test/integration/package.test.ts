// The published package, as a user gets it: `npm pack`, installed into an empty
// folder, grades the bundled sample with `npx tierscope`. Native DuckDB is an optional
// dependency; installed without it, --engine native says what to install.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('the npm package', () => {
  it('installs from its tarball and grades the sample; without the optional native binding, --engine native names the install', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierscope-pack-'));
    const tarball = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    const files = execFileSync('tar', ['tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/src/cli/bin.mjs');
    expect(files).toContain('package/sample-data/orders.csv');
    // Tests, benchmarks and the build's own scripts stay out.
    expect(files.filter((f) => f.startsWith('package/test/') || f.startsWith('package/build/'))).toEqual([]);

    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'grading-run', private: true }));
    // From the npm cache when it has the packages (npm ci filled it), else from the registry.
    execFileSync('npm', ['install', join(dir, tarball), '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, stdio: 'pipe' });
    const sample = join(app, 'node_modules/tierscope/sample-data');
    const run = (...args: string[]) => spawnSync('npx', ['--no-install', 'tierscope', ...args], { cwd: app, encoding: 'utf8' });
    const graded = run('grade', ...['customers.csv', 'orders.csv', 'lineitems.csv'].map((f) => join(sample, f)));
    expect(graded.stderr).toBe('');
    expect(graded.status).toBe(0);
    expect(graded.stdout).toMatch(/^A\s+159\s+20\.1%/m);
    expect(graded.stdout).toMatch(/^total\s+793/m);

    const native = run('grade', join(sample, 'orders.csv'), '--engine', 'native');
    expect(native.status).toBe(1);
    expect(native.stderr).toMatch(/Native DuckDB \(@duckdb\/node-api\) is not installed here\. Install it with: npm install @duckdb\/node-api.*--engine wasm/);
  });
});

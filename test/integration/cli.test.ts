// The CLI on real files: the sample's three CSVs, graded by the wasm engine and
// by native DuckDB, written as CSV, xlsx and Parquet, and read back.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { gradeFiles } from '../../src/cli/grade';
import { CLASSIC_CRM } from '../../src/model/config';
import { scenarioToJson } from '../../src/model/scenario';
import { openNativeEngine } from '../../src/db/native-engine';
import { toRows } from '../../src/results/rows';
import { SAMPLE_DIR } from '../support/sample';

const files = ['customers.csv', 'orders.csv', 'lineitems.csv'].map((f) => SAMPLE_DIR + f);
let dir: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tierscope-cli-'));
  out = [];
  vi.spyOn(console, 'log').mockImplementation((l: unknown) => void out.push(String(l)));
  vi.spyOn(console, 'error').mockImplementation((l: unknown) => void out.push(`ERR ${String(l)}`));
});
afterEach(() => vi.restoreAllMocks());

describe('tierscope grade', () => {
  it('grades the sample files, prints the grade table and writes a CSV Excel can open', async () => {
    const csv = join(dir, 'graded.csv');
    expect(await main(['grade', ...files, '--out', csv])).toBe(0);
    const table = out.join('\n');
    expect(table).toMatch(/^A\s+159\s+20\.1%/m);
    expect(table).toMatch(/^D\s+159/m);
    expect(table).toMatch(/^total\s+793/m);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFFcustomer_id,customer_name,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(794);
    expect(lines[1]).toMatch(/^TC-20980,Tamara Chand,.*,2012-11-07,2014-11-27,/);
  });

  it('writes the graded customers as an Excel workbook', async () => {
    const xlsx = join(dir, 'graded.xlsx');
    await gradeFiles({ files, engine: 'wasm', out: xlsx }, () => {});
    const { default: readXlsxFile } = await import('read-excel-file/node');
    const [sheet] = (await readXlsxFile(xlsx)) as unknown as { data: unknown[][] }[];
    const rows = sheet!.data;
    expect(rows).toHaveLength(794);
    const header = rows[0] as string[];
    expect(header.slice(0, 2)).toEqual(['customer_id', 'customer_name']);
    const first = rows[1]!;
    expect(first[header.indexOf('grade')]).toBe('A');
    expect(typeof first[header.indexOf('score')]).toBe('number');
  });

  it('uses a scenario saved from the page', async () => {
    const scenario = join(dir, 'profit.json');
    writeFileSync(scenario, scenarioToJson({ name: 'p', savedAt: '2026-11-24T00:00:00Z', config: { ...CLASSIC_CRM, rule: { kind: 'ratio', grades: [{ name: '重点', share: 50 }, { name: '普通', share: 50 }] } } }));
    const result = await gradeFiles({ files, config: scenario, engine: 'wasm' }, () => {});
    expect(result.gradeTable.map((g) => [g.grade, g.customers])).toEqual([
      ['重点', 397],
      ['普通', 396],
    ]);
  });

  it('runs the same SQL on native DuckDB and writes Parquet with the same grades', async () => {
    const parquet = join(dir, 'graded.parquet');
    const native = await gradeFiles({ files, engine: 'native', out: parquet }, () => {});
    expect(native.gradeTable.map((g) => g.customers)).toEqual([159, 238, 237, 159]);
    const engine = await openNativeEngine({ threads: 1 });
    try {
      const rows = toRows<{ grade: string; n: number }>(
        await engine.query(`SELECT grade, CAST(count(*) AS INTEGER) AS n FROM read_parquet('${parquet}') GROUP BY grade ORDER BY grade`),
      );
      expect(rows).toEqual([
        { grade: 'A', n: 159 },
        { grade: 'B', n: 238 },
        { grade: 'C', n: 237 },
        { grade: 'D', n: 159 },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('grades within each customer type with --within, printing the group × grade matrix; an unmapped attribute is named with the --map that fixes it', async () => {
    const csv = join(dir, 'within.csv');
    expect(await main(['grade', ...files, '--within', 'customerType', '--out', csv])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^Consumer\s+409\s+82 \(20%\)\s+123 \(30%\)\s+122 \(30%\)\s+82 \(20%\)$/m);
    expect(text).toMatch(/^Home Office\s+148\s+30 \(20%\)/m);
    expect(text).toMatch(/a group of 3 gets A 1, B 1, C 0, D 1/);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toContain('grade_group');
    out.length = 0;
    expect(await main(['grade', ...files, '--within', 'industry'])).toBe(0);
    expect(out.join('\n')).toMatch(/no column is mapped as industry, so all customers are graded together; map the customer table's column with --map TABLE\.COLUMN=industry/);
    expect(await main(['grade', ...files, '--within', 'city'])).toBe(1);
    expect(out.at(-1)).toMatch(/--within city: unknown attribute; grade within one of industry, region, customerType, size, salesperson/);
  });

  it('grades every quarter end with --history: stability per pair, the average matrix and who is sliding; a bad spec or undated data says what to do', async () => {
    const csv = join(dir, 'graded-history.csv');
    expect(await main(['grade', ...files, '--history', 'quarter:12:4', '--out', csv])).toBe(0);
    const text = out.join('\n');
    // The export carries each customer's grade at the four quarter ends, oldest first.
    const rows = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const pathAt = rows[0]!.indexOf('grade_path');
    expect(pathAt).toBeGreaterThan(0);
    for (const r of rows.slice(1)) expect(r[pathAt]).toMatch(/^([A-D]|–)(→([A-D]|–)){3}$/);
    expect(text).toMatch(/grade history: 4 periods, 2015-Q1 to 2015-Q4, each the 12 months up to its end/);
    expect(text).toMatch(/2015-Q3 → 2015-Q4 +793 +59\.0%/);
    expect(text).toMatch(/average transition matrix/);
    expect(text).toMatch(/sliding for 3 periods: 120 customers \(the 20 largest\)\n.*\nRoss Baird +B +C +69\.5 +33\.2 +profit -38\.6/);
    out.length = 0;
    expect(await main(['grade', ...files, '--history', 'fortnight'])).toBe(1);
    expect(out.at(-1)).toMatch(/--history fortnight: the step must be month, quarter, year \(got "fortnight"\).*e\.g\. --history quarter:12:16/);
    out.length = 0;
    const undated = join(dir, 'undated.csv');
    writeFileSync(undated, 'customer,amount\nc1,10\nc2,20\nc3,5\n');
    expect(await main(['grade', undated, '--history', 'quarter', '--out', join(dir, 'undated-graded.csv')])).toBe(0);
    expect(readFileSync(join(dir, 'undated-graded.csv'), 'utf8').split('\r\n')[0]).not.toContain('grade_path');
    expect(out.join('\n')).toMatch(/grade history not made: The grade history needs order dates.*Fix: map the order date with --map TABLE\.COLUMN=orderDate\./);
  });

  it('writes the grading as plain DuckDB SQL files that grade the same customers in native DuckDB, from the wasm run and from the native one', async () => {
    // A scenario with the predicted profit weighted: the predictions travel as data beside the SQL.
    const scenario = join(dir, 'value.json');
    writeFileSync(scenario, JSON.stringify({ ...CLASSIC_CRM, metrics: [{ id: 'profit', weight: 50 }, { id: 'predictedProfit', weight: 30 }, { id: 'credit', weight: 20 }] }));
    for (const engine of ['wasm', 'native'] as const) {
      const sqlDir = join(dir, `sql-${engine}`);
      const csv = join(dir, `graded-${engine}.csv`);
      out.length = 0;
      expect(await main(['grade', ...files, '--config', scenario, '--within', 'customerType', '--engine', engine, '--out', csv, '--emit-sql', sqlDir])).toBe(0);
      expect(out.join('\n')).toMatch(/wrote 7 SQL files to .*\(01-sources\.sql, 02-customer-value\.sql, 03-metrics\.sql, 04-norms\.sql, 05-grade\.sql, 06-grade-table\.sql, 07-group-matrix\.sql\)/);
      expect(readdirSync(join(sqlDir, 'data')).sort()).toEqual([`customer-value.${engine === 'native' ? 'parquet' : 'csv'}`, ...[1, 2, 3].map((i) => `source-${i}.${engine === 'native' ? 'parquet' : 'csv'}`)]);
      const expected = readFileSync(csv, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((l) => l.split(','));
      const [head, ...rows] = expected;
      const idAt = head!.indexOf('customer_id');
      const gradeAt = head!.indexOf('grade');
      const want = rows.map((r) => `${r[idAt]} ${r[gradeAt]}`).sort();

      // A fresh native DuckDB, as the duckdb shell would run the files: every statement as written, in file order.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      try {
        await conn.run(`SET file_search_path = '${sqlDir}'`);
        let gradeTable: Record<string, unknown>[] = [];
        for (const name of readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort()) {
          const statements = await conn.extractStatements(readFileSync(join(sqlDir, name), 'utf8'));
          for (let i = 0; i < statements.count; i++) {
            const reader = await (await statements.prepare(i)).runAndReadAll();
            if (name === '06-grade-table.sql') gradeTable = reader.getRowObjectsJS();
          }
        }
        expect(gradeTable.map((g) => [g.grade, Number(g.customers)])).toEqual([
          ['A', 159],
          ['B', 238],
          ['C', 237],
          ['D', 159],
        ]);
        const got = (await conn.runAndReadAll('SELECT customer_id, grade FROM customers_graded')).getRowObjectsJS().map((r) => `${String(r.customer_id)} ${String(r.grade)}`);
        expect(got.sort()).toEqual(want);
        expect(want).toHaveLength(793);
      } finally {
        conn.closeSync();
        db.closeSync();
      }
    }
  });

  it('keeps a hostile file name inside the emitted SQL comments: a line break in it starts no statement', async () => {
    const evil = join(dir, 'orders\nDROP TABLE customers_graded;\n.csv');
    writeFileSync(evil, 'customer,amount,profit\nc1,10,1\nc2,20,5\nc3,5,-1\n');
    const sqlDir = join(dir, 'evil-sql');
    expect(await main(['grade', evil, '--emit-sql', sqlDir])).toBe(0);
    const sources = readFileSync(join(sqlDir, '01-sources.sql'), 'utf8');
    expect(sources).toContain('-- orders DROP TABLE customers_graded; .csv as loaded');
    for (const name of readdirSync(sqlDir).filter((f) => f.endsWith('.sql'))) {
      expect(readFileSync(join(sqlDir, name), 'utf8').split('\n').filter((l) => /^DROP/u.test(l))).toEqual([]);
    }
  });

  it('refuses an --emit-sql folder holding other SQL files, before grading', async () => {
    const sqlDir = join(dir, 'busy');
    mkdirSync(sqlDir);
    writeFileSync(join(sqlDir, 'drop-everything.sql'), 'DROP TABLE x;');
    expect(await main(['grade', ...files, '--emit-sql', sqlDir])).toBe(1);
    expect(out.at(-1)).toMatch(/--emit-sql .*busy: the folder holds other SQL files \(drop-everything\.sql\).*name an empty folder/);
    expect(out.join('\n')).not.toMatch(/^A\s+159/m);
  });

  it('says what is wrong with a bad call or a bad file, with a non-zero exit', async () => {
    expect(await main(['grade'])).toBe(1);
    expect(out.join('\n')).toMatch(/at least one file/);
    expect(await main(['frobnicate'])).toBe(2);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(await main(['grade', empty])).toBe(1);
    expect(out.at(-1)).toMatch(/empty\.csv/);
    // The file's problem in words, as on the page, without a class name in front.
    expect(out.at(-1)).not.toMatch(/^IngestError/);
    expect(await main(['grade', ...files, '--out', join(dir, 'x.parquet')])).toBe(1);
    expect(out.at(-1)).toMatch(/--engine native/);
  });

  it('prints what stops grading with the flags that fix it, exits 1, and grades with --map', async () => {
    const ledger = join(dir, 'ledger.csv');
    writeFileSync(ledger, 'Ref,Invoice date,Amount\nS1,2024-01-02,10\nS2,2024-01-03,20\nS3,2024-02-03,30\n');
    expect(await main(['grade', ledger])).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('error: No column is the customer ID');
    expect(text).toContain('--map ledger.Ref=customerId   e.g. S1, S2, S3');
    // A date is never offered as an id.
    expect(text).not.toContain('"Invoice date"=customerId');
    expect(out.at(-1)).toMatch(/Fix it with --map/);
    out = [];
    expect(await main(['grade', ledger, '--map', 'ledger.csv.Ref=customerId'])).toBe(0);
    expect(out.join('\n')).toMatch(/^total\s+3/m);
  });

  it('takes a file\'s role from --role and says which names it knows when a flag is wrong', async () => {
    const crm = 'test/data/shapes/crm.csv';
    expect(await main(['grade', crm, '--role', 'crm.csv=customers'])).toBe(0);
    expect(out.join('\n')).toMatch(/^total\s+6/m);
    expect(await main(['grade', crm, '--map', 'crm.customer=customerId'])).toBe(1);
    expect(out.at(-1)).toContain('its columns are Account Code, Account Name');
    expect(await main(['grade', crm, '--role', 'crm.csv=buyers'])).toBe(1);
    expect(out.at(-1)).toContain('the roles are lines, orders, customers');
    expect(await main(['grade', crm, '--map', 'crm."Account Code"=client'])).toBe(1);
    expect(out.at(-1)).toContain('unknown field "client"');
    out = [];
    expect(await main(['grade', crm, '--role', 'crm.csv=customers', '--map', 'crm."Account Name"=customerName'])).toBe(0);
    expect(out.join('\n')).toMatch(/^total\s+6/m);
  });

  it('takes the same choices from the config file ("mapping" and "roles"), a flag winning over it', async () => {
    const ledger = join(dir, 'ledger.csv');
    writeFileSync(ledger, 'Ref,Invoice date,Amount\nS1,2024-01-02,10\nS2,2024-01-03,20\nS3,2024-02-03,30\n');
    const monthly = join(dir, 'monthly.json');
    writeFileSync(monthly, JSON.stringify({ ...CLASSIC_CRM, mapping: { 'ledger.Ref': 'customerId' }, roles: { 'ledger.csv': 'lines' } }));
    out = [];
    expect(await main(['grade', ledger, '--config', monthly])).toBe(0);
    expect(out.join('\n')).toMatch(/^total\s+3/m);
    // The flag is applied last: here it breaks the config's pick, and says so.
    expect(await main(['grade', ledger, '--config', monthly, '--map', 'ledger.Ref=customerName'])).toBe(1);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...CLASSIC_CRM, mapping: ['ledger.Ref=customerId'] }));
    expect(await main(['grade', ledger, '--config', bad])).toBe(1);
    expect(out.at(-1)).toContain('"mapping" must be an object of names to text, e.g. {"customers.account_code": "customerId"}');
  });

  it('prints the customer-value fit: CDNOW at its calibration end gives the published parameters', async () => {
    const cfg = join(dir, 'cdnow.json');
    writeFileSync(cfg, JSON.stringify({ ...CLASSIC_CRM, metrics: [{ id: 'predictedAmount', weight: 1 }], asOf: '1997-09-30', value: { horizonMonths: 6 } }));
    out = [];
    expect(await main(['grade', 'test/data/cdnow/CDNOW_sample.txt', '--config', cfg])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/customer value: BG\/NBD r=0\.2426 alpha=4\.414 a=0\.7929 b=2\.426 \(log-likelihood -9582\.4, converged\); 2357 customers/);
    expect(text).toMatch(/Gamma-Gamma \(amount\) p=6\.25 q=3\.744 gamma=15\.44/);
    expect(text).toContain('predicted over 6 months at 1.00 % a month');
    // A customer-level file cannot carry the model: said, and graded all the same.
    out = [];
    expect(await main(['grade', 'test/data/shapes/crm.csv'])).toBe(0);
    expect(out.join('\n')).toContain('value not available: The data is one row per customer, without its orders');
  }, 60_000);

  it('checks the customer-value model on a holdout with --holdout: CDNOW with 9 months held out calibrates to the published fit', async () => {
    out = [];
    expect(await main(['grade', 'test/data/cdnow/CDNOW_sample.txt', '--holdout', '9'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/holdout check: calibration to 1997-09-30, holdout to 1998-06-30 \(39\.0 weeks\); BG\/NBD on the calibration r=0\.2426 alpha=4\.414 a=0\.7929 b=2\.426 \(log-likelihood -9582\.4\)/);
    expect(text).toMatch(/holdout purchases: actual 1882, predicted 16\d\d\.\d \(8\d\.\d %\)/);
    expect(text).toMatch(/^ {2}0 +1411 +\d\.\d{3} +\d\.\d{3}$/m);
    expect(text).toMatch(/^ {2}7\+ +\d+ /m);
    out = [];
    expect(await main(['grade', 'test/data/cdnow/CDNOW_sample.txt', '--holdout', '0'])).toBe(1);
    expect(out.join('\n')).toContain('--holdout 0: give the months to hold out as a whole number from 1 to 120');
    out = [];
    expect(await main(['grade', 'test/data/shapes/crm.csv', '--holdout', '6'])).toBe(0);
    expect(out.join('\n')).toContain('holdout check (6 months) not made: The data is one row per customer');
  }, 60_000);
});

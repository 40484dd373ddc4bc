// Data checks of a mapping on the real engine: duplicate ids in a customer
// file, ids that match no customer (trimmed, then compared exactly), order
// lines without an order, blank ids. Counts are worked out by hand from the fixtures.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { detectMapping } from '../../src/ingest/detect-mapping';
import { runMappingChecks } from '../../src/ingest/mapping-checks';
import { profileTable } from '../../src/ingest/mapping-profile';
import { choicesFromGuesses, toSourceMapping } from '../../src/ingest/to-source-mapping';
import { ident, str } from '../../src/sql/quote';

let engine: Engine;

async function csvTable(table: string, csv: string): Promise<void> {
  const file = `fixture/${table}.csv`;
  await engine.registerFile(file, new TextEncoder().encode(csv));
  await engine.query(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv(${str(file)}, header = true, all_varchar = true)`);
  await engine.dropFile(file);
}

beforeAll(async () => {
  engine = await openNodeEngine();
  await csvTable(
    '客户档案',
    ['客户编号,客户名称,行业', 'C001,华东机械,制造', 'C002,江南电子,电子', 'C002,江南电子(重复),电子', ' C003 ,北方物流,物流', 'C004,西部矿业,矿业', 'C004,西部矿业,矿业', 'C004,西部矿业,矿业', ',无编号,其他'].join('\n'),
  );
  await csvTable(
    '销售订单',
    ['客户编号,订单号,订单日期,销售额', 'C001,SO1,2025-01-02,100', 'C003,SO2,2025-01-03,200', 'c001,SO3,2025-01-04,50', 'X9,SO4,2025-01-05,70', 'X9,SO5,2025-01-06,30', 'C002 ,SO6,2025-01-07,10', ',SO7,2025-01-08,5'].join('\n'),
  );
});
afterAll(async () => {
  await engine?.close();
});

describe('mapping checks on the real engine', () => {
  it('names numeric ids stored as text on one side (12346.0 in the orders, 12346 in the master)', async () => {
    await csvTable('客户主档', ['CustomerID,Name', '12346,A', '12347,B', '12348,C', ',blank'].join('\n'));
    await csvTable('invoices', ['CustomerID,InvoiceNo,InvoiceDate,Amount', '12346.0,I1,2025-01-02,10', '1.2347E+4,I2,2025-01-03,20', '12348,I3,2025-01-04,30', '012348,I4,2025-01-05,5', '99999.0,I5,2025-01-06,1'].join('\n'));
    const problems = await runMappingChecks(engine, {
      lines: { table: 'invoices', customerId: 'CustomerID', orderId: 'InvoiceNo', orderDate: 'InvoiceDate', amount: 'Amount' },
      customers: { table: '客户主档', customerId: 'CustomerID', name: 'Name' },
    });
    // 012348 is a lost leading zero; 12346.0 and 1.2347E+4 are numbers written as text; 99999.0 matches nothing.
    expect(problems.map((p) => p.text.en)).toEqual([
      '1 rows of the customers table "客户主档" have no customer id and are not graded.',
      '4 customer ids in "invoices" (4 rows) match no customer in "客户主档", e.g. "012348", "1.2347E+4", "12346.0", "99999.0"; those orders are left out of the grading. 1 of them differ only in leading zeros (00123 vs 123, most likely Excel read the ids as numbers): export the id column as text. 2 of them are equal only as numbers (12346.0 vs 12346): one file stores the id as a number, the other as text; export both as text. (Ids are trimmed, then compared exactly.)',
    ]);
    expect(problems[1]!.text.zh).toContain('其中 2 个只在当作数字时相同');
  });

  it('names ids that lost their leading zeros in Excel (00123 in the master, 123 in the orders)', async () => {
    await csvTable('客户主数据', ['客户代码,客户名称', '00123,甲', '00456,乙', '789,丙'].join('\n'));
    await csvTable('出库单', ['客户代码,单据编号,单据日期,价税合计', '123,D1,2025-01-02,100', '00456,D2,2025-01-03,200', '456,D3,2025-01-04,50', '0789,D4,2025-01-05,70', 'Z1,D5,2025-01-06,1'].join('\n'));
    const problems = await runMappingChecks(engine, {
      lines: { table: '出库单', customerId: '客户代码', orderId: '单据编号', orderDate: '单据日期', amount: '价税合计' },
      customers: { table: '客户主数据', customerId: '客户代码', name: '客户名称' },
    });
    // 123, 456 and 0789 match once zeros are dropped; Z1 matches nothing at all.
    expect(problems.map((p) => p.text.en)).toEqual([
      '4 customer ids in "出库单" (4 rows) match no customer in "客户主数据", e.g. "0789", "123", "456", "Z1"; those orders are left out of the grading. 3 of them differ only in leading zeros (00123 vs 123, most likely Excel read the ids as numbers): export the id column as text. (Ids are trimmed, then compared exactly.)',
    ]);
    expect(problems[0]!.text.zh).toContain('只差前导零');
  });

  it('auto-maps the two Chinese tables and reports duplicates, unmatched and blank ids', async () => {
    const profiles = [await profileTable(engine, '客户档案', '客户档案.csv'), await profileTable(engine, '销售订单', '销售订单.csv')];
    expect(profiles[0]!.rows).toBe(8);
    const built = toSourceMapping(choicesFromGuesses(detectMapping(profiles)), profiles);
    // all_varchar: the amount is text, which blocks grading until the loader types it.
    expect(built.problems.map((p) => p.severity)).toContain('error');
    const guesses = detectMapping(profiles);
    expect(guesses.map((g) => g.role)).toEqual(['customers', 'lines']);

    const mapping = {
      lines: { table: '销售订单', customerId: '客户编号', orderId: '订单号', orderDate: '订单日期', amount: '销售额' },
      customers: { table: '客户档案', customerId: '客户编号', name: '客户名称', industry: '行业' },
    };
    const problems = await runMappingChecks(engine, mapping);
    expect(problems.map((p) => p.text.en)).toEqual([
      // C004 ×3 and C002 ×2 (" C003 " is trimmed and unique; the blank id is not an id).
      'The customers table "客户档案" repeats 2 customer ids (5 rows), e.g. "C004 ×3", "C002 ×2"; only the first row of each id is used.',
      '1 rows of the customers table "客户档案" have no customer id and are not graded.',
      // "c001" differs from C001 only in case; X9 twice; "C002 " matches once trimmed; the blank one is counted apart.
      '2 customer ids in "销售订单" (3 rows) match no customer in "客户档案", e.g. "X9", "c001"; those orders are left out of the grading. 1 of them differ only in upper/lower case. (Ids are trimmed, then compared exactly.)',
      '1 rows of "销售订单" have no customer id and are left out of the grading.',
    ]);
    expect(problems[0]).toMatchObject({ severity: 'warning', table: '客户档案', column: '客户编号' });
    expect(problems[2]!.text.zh).toContain('在客户表“客户档案”里找不到');
  });

  it('counts order lines whose order id matches no order', async () => {
    await csvTable('lines', ['Order ID,Sales', 'A,1', 'A,2', 'B,3', 'Z,4', 'Z,5', 'Y,6'].join('\n'));
    await csvTable('orders', ['Order ID,Customer ID', 'A,c1', 'B,c2'].join('\n'));
    const problems = await runMappingChecks(engine, {
      lines: { table: 'lines', orderId: 'Order ID', amount: 'Sales' },
      orders: { table: 'orders', orderId: 'Order ID', customerId: 'Customer ID' },
    });
    expect(problems.map((p) => p.text.en)).toEqual([
      '3 order lines in "lines" (2 order ids) match no order in "orders", e.g. "Z", "Y"; they have no customer and are left out.',
    ]);
  });

  it('names the duplicates of a customer-level file, whose amounts add up', async () => {
    await csvTable('客户汇总', ['客户编号,客户名称,年销售额', 'A1,甲,10', 'A2,乙,20', 'A2,乙,5', 'A3,丙,7', 'A3,丙,8', 'A4,丁,1', 'A5,戊,2', 'A6,己,3', 'A7,庚,4', 'A8,辛,6'].join('\n'));
    await engine.query(`CREATE OR REPLACE TABLE "客户汇总" AS SELECT "客户编号", "客户名称", CAST("年销售额" AS DOUBLE) AS "年销售额" FROM "客户汇总"`);
    const profile = await profileTable(engine, '客户汇总');
    const guesses = detectMapping([profile]);
    expect(guesses[0]!.role).toBe('customers');
    const built = toSourceMapping(choicesFromGuesses(guesses), [profile]);
    expect(built.mapping).toEqual({
      lines: { table: '客户汇总', orderId: '客户编号', customerId: '客户编号', amount: '年销售额' },
      customers: { table: '客户汇总', customerId: '客户编号', name: '客户名称' },
    });
    const problems = await runMappingChecks(engine, built.mapping!);
    expect(problems.map((p) => p.text.en)).toEqual([
      'The customer-level file "客户汇总" repeats 2 customer ids (4 rows), e.g. "A2 ×2", "A3 ×2"; the amounts of an id\'s rows are added up, its name and attributes come from the first row.',
    ]);
  });

  it('finds nothing to say about clean data', async () => {
    await csvTable('c2', ['id,name', 'a,A', 'b,B'].join('\n'));
    await csvTable('l2', ['id,order,amount', 'a,1,3', 'b,2,4'].join('\n'));
    expect(
      await runMappingChecks(engine, { lines: { table: 'l2', orderId: 'order', amount: 'amount', customerId: 'id' }, customers: { table: 'c2', customerId: 'id' } }),
    ).toEqual([]);
  });

  it('profiles a table: types, examples, distinct and non-null counts, with hostile names', async () => {
    await engine.query(`CREATE OR REPLACE TABLE "we""ird" AS SELECT * FROM (VALUES (1, 'x', DATE '2025-01-01'), (2, 'x', NULL), (3, NULL, NULL)) AS v("a""b", "客 户", "d")`);
    const p = await profileTable(engine, 'we"ird');
    expect(p).toEqual({
      table: 'we"ird',
      rows: 3,
      columns: [
        { name: 'a"b', type: 'INTEGER', examples: ['1', '2', '3'], distinct: 3, nonNull: 3 },
        { name: '客 户', type: 'VARCHAR', examples: ['x'], distinct: 1, nonNull: 2 },
        { name: 'd', type: 'DATE', examples: ['2025-01-01'], distinct: 1, nonNull: 1 },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM } from '../../src/model/config';
import { buildGradeSql } from '../../src/model/grade-sql';
import { planScore } from '../../src/model/norms-sql';
import { buildNormsSql } from '../../src/model/norms-sql';
import { availableMetrics, buildCustomerMetricsSql } from '../../src/model/metrics-sql';
import { buildCustomerListSql, buildGradeTableSql } from '../../src/model/report-sql';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { buildCsvTableSql } from '../../src/ingest/csv-sql';
import { buildRowCountsSql } from '../../src/sql/catalog';

describe('score plan', () => {
  it('drops metrics the data lacks and keeps the rest with their weights', () => {
    const plan = planScore(CLASSIC_CRM, availableMetrics(SAMPLE_MAPPING));
    expect(plan.missing).toEqual(['credit']);
    expect(plan.used).toEqual([
      { id: 'orderAmount', weight: 30 },
      { id: 'profit', weight: 60 },
    ]);
    expect(plan.hasDates).toBe(true);
    expect(plan.hasProfit).toBe(true);
  });
  it('uses credit when the orders carry days late', () => {
    const m = { ...SAMPLE_MAPPING, orders: { ...SAMPLE_MAPPING.orders!, daysLate: '逾期天数' } };
    expect(planScore(CLASSIC_CRM, availableMetrics(m)).missing).toEqual([]);
  });
  it('refuses a config where nothing carries the score', () => {
    const config = { ...CLASSIC_CRM, metrics: [{ id: 'credit' as const, weight: 10 }] };
    expect(() => buildGradeSql(config, planScore(config, availableMetrics(SAMPLE_MAPPING)))).toThrow(/No metric carries the score/);
  });
});

describe('norms and grade SQL', () => {
  const plan = planScore(CLASSIC_CRM, availableMetrics(SAMPLE_MAPPING));
  const norms = buildNormsSql(CLASSIC_CRM, plan);
  const sql = buildGradeSql(CLASSIC_CRM, plan);
  it('normalises by percent_rank with better values higher, among customers that have the value', () => {
    expect(norms).toContain('percent_rank() OVER (PARTITION BY "v_order_amount" IS NULL ORDER BY "v_order_amount" ASC)');
    expect(norms).toContain('AS "norm_profit"');
    expect(norms).not.toContain('avg_days_late');
  });
  it('weights 30/60, ranks with the documented tie-break and cuts in integers', () => {
    expect(sql).toContain(`CAST('30' AS DOUBLE) * COALESCE("norm_order_amount", 0) + CAST('60' AS DOUBLE) * COALESCE("norm_profit", 0)`);
    expect(sql).toContain('row_number() OVER (ORDER BY score DESC NULLS LAST, profit DESC NULLS LAST, customer_id ASC)');
    expect(sql).toContain('WHEN grade_rank <= (2000 * n + 5000) // 10000 THEN 0');
    expect(sql).toContain('WHEN grade_rank <= (8000 * n + 5000) // 10000 THEN 2');
    expect(sql).toContain("WHEN 3 THEN 'D'");
    expect(sql).not.toContain('percent_rank');
  });
  it('orders lower-is-better metrics descending', () => {
    const m = { ...SAMPLE_MAPPING, orders: { ...SAMPLE_MAPPING.orders!, daysLate: 'late' } };
    const withCredit = buildNormsSql(CLASSIC_CRM, planScore(CLASSIC_CRM, availableMetrics(m)));
    expect(withCredit).toContain('ORDER BY "v_avg_days_late" DESC');
  });
  it('escapes grade names, adjustment reasons and prospect ids rather than pasting them', () => {
    const config = {
      ...CLASSIC_CRM,
      rule: { kind: 'ratio' as const, grades: [{ name: "战略'); DROP TABLE x; --", share: 50 }, { name: '普通', share: 50 }] },
      adjustments: [{ customerId: "c'1", grade: '普通', reason: "it's fine", author: 'Li', at: '2026-01-01T00:00:00Z' }],
      prospects: { "n'ew": 4 },
    };
    const p = planScore(config, new Set(['profit', 'growth']));
    expect(buildGradeSql(config, p)).toContain("'战略''); DROP TABLE x; --'");
    expect(buildGradeSql(config, p)).toContain("('c''1', 1, 'it''s fine', 'Li', '2026-01-01T00:00:00Z')");
    expect(buildNormsSql(config, p)).toContain("('n''ew', 4)");
  });
}); 

describe('metrics SQL', () => {
  it('quotes every mapped table and column', () => {
    const sql = buildCustomerMetricsSql({
      lines: { table: 'order "lines"', orderId: '订单 ID', amount: '销售额', profit: '利润', customerId: '客户编号', orderDate: '订单日期' },
    });
    expect(sql).toContain('FROM "order ""lines""" AS l');
    expect(sql).toContain('trim(CAST(l."客户编号" AS VARCHAR)) AS customer_id');
    expect(sql).toContain('TRY_CAST(l."订单日期" AS DATE) AS order_date');
    // One table: nothing of the user's is joined (the loyalty ranks join the page's own CTEs).
    expect(sql).not.toMatch(/JOIN "/);
  });
});

describe('report SQL', () => {
  it('lists every grade, even empty ones, in order', () => {
    const sql = buildGradeTableSql(CLASSIC_CRM.rule.grades);
    expect(sql).toContain("VALUES (0, 'A'), (1, 'B'), (2, 'C'), (3, 'D')");
  });
  it('sorts the customer list only by known columns, grades by position', () => {
    expect(buildCustomerListSql({ sortBy: 'grade', descending: true, limit: 100 })).toContain('ORDER BY "grade_index" DESC');
    expect(() => buildCustomerListSql({ sortBy: 'x; DROP' as never, descending: false, limit: 1 })).toThrow(/Cannot sort/);
  });
});

describe('CSV and catalog SQL', () => {
  it('types columns explicitly and refuses unknown type names', () => {
    const sql = buildCsvTableSql({ table: 't', file: "it's.csv", columns: { "a'b": 'DOUBLE' } });
    expect(sql).toContain("read_csv('it''s.csv'");
    expect(sql).toContain("columns = {'a''b': 'DOUBLE'}");
    expect(() => buildCsvTableSql({ table: 't', file: 'f', columns: { a: 'DOUBLE); DROP' } })).toThrow(/Unsupported column type/);
  });
  it('counts rows of every table in one query', () => {
    expect(buildRowCountsSql(['a', "b'c"])).toBe(
      `SELECT 'a' AS "table", CAST(count(*) AS INTEGER) AS rows FROM "a"\nUNION ALL\nSELECT 'b''c' AS "table", CAST(count(*) AS INTEGER) AS rows FROM "b'c";`,
    );
  });
});

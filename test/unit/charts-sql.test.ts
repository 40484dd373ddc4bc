import { describe, expect, it } from 'vitest';
import { buildDescribeGradedSql, gradedColumns } from '../../src/charts/sql/columns';
import { thinned } from '../../src/charts/sql/cumulative';
import { buildParetoCurveSql, buildParetoStatsSql } from '../../src/charts/sql/pareto';
import { buildScatterSql, buildScatterStatsSql } from '../../src/charts/sql/scatter';
import { buildGradeCutsSql, buildScoreHistogramSql } from '../../src/charts/sql/score-histogram';
import { buildSegmentMatrixSql } from '../../src/charts/sql/segments';
import { buildWhaleCurveSql, buildWhaleStatsSql } from '../../src/charts/sql/whale';

describe('chart SQL builders', () => {
  it('read customers_graded only, with quoted identifiers', () => {
    for (const sql of [
      buildParetoCurveSql({ measures: ['profit', 'order_amount'] }),
      buildParetoStatsSql({ measures: ['profit'] }),
      buildWhaleCurveSql(),
      buildWhaleStatsSql(),
      buildScatterSql({ hasFalseBigFlag: true }),
      buildScatterStatsSql(),
      buildScoreHistogramSql(),
      buildGradeCutsSql({ autoColumns: true }),
      buildSegmentMatrixSql(),
    ]) {
      expect(sql).toContain('FROM "customers_graded"');
      expect(sql).not.toMatch(/CREATE|DROP|INSERT/);
    }
    expect(buildDescribeGradedSql()).toBe('DESCRIBE "customers_graded";');
  });

  it('ask for optional columns only when told they exist', () => {
    expect(buildScatterSql({ hasFalseBigFlag: false })).not.toContain('flag_false_big');
    expect(buildScatterSql({ hasFalseBigFlag: true })).toContain('COALESCE("flag_false_big", false)');
    expect(buildGradeCutsSql({ autoColumns: false })).not.toContain('grade_index_auto');
    expect(buildGradeCutsSql({ autoColumns: true })).toContain('"grade_index_auto"');
  });

  it('refuse bad options with a message', () => {
    expect(() => buildParetoCurveSql({ measures: [] })).toThrow(/at least one measure/);
    expect(() => thinned(1)).toThrow(/maxPoints/);
    expect(() => buildScatterSql({ hasFalseBigFlag: false, maxPoints: 0 })).toThrow(/maxPoints/);
    expect(() => buildScatterSql({ hasFalseBigFlag: false, outlierTail: 0.7 })).toThrow(/outlierTail/);
    expect(() => buildScatterStatsSql({ bigShare: 1 })).toThrow(/bigShare/);
    expect(() => buildScoreHistogramSql({ binWidth: 0 })).toThrow(/binWidth/);
  });

  it('thin the curves to about maxPoints, keeping the first and last rank', () => {
    expect(thinned(500)).toBe('(r = 1 OR r = n OR r % greatest(1, CAST(ceil(n / 500) AS BIGINT)) = 0)');
  });

  it('find the optional columns from DESCRIBE', () => {
    const c = gradedColumns([
      { column_name: 'customer_id', column_type: 'VARCHAR' },
      { column_name: 'segment', column_type: 'VARCHAR' },
      { column_name: 'region', column_type: 'VARCHAR' },
      { column_name: 'industry', column_type: 'INTEGER' },
      { column_name: 'grade_auto', column_type: 'VARCHAR' },
      { column_name: 'grade_index_auto', column_type: 'INTEGER' },
    ]);
    expect([c.hasSegment, c.hasFalseBigFlag, c.hasAutoGrade, c.categories]).toEqual([true, false, true, ['region', 'segment']]);
  });
});

import { Bool, DateDay, Decimal, Dictionary, Float64, Int32, Int64, Int8, TimestampMillisecond, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { autoChart, cellChartSpec, COUNT, resolveChart } from '../../src/notebook/auto-chart';
import { buildCellSql, cellErrorKind, cellStatement, readsPipeline, tidyEngineMessage } from '../../src/notebook/cell-sql';
import { columnKind, csvRows, decimalToNumber, formatTemporal, type CellColumn, type CellResult, type CellValue } from '../../src/notebook/cell-result';
import { AUTO_CHART, nextCellId, validateCells } from '../../src/model/cells';
import { sortOrder } from '../../src/notebook/sort-rows';

describe('what a cell may run', () => {
  it('takes queries, with comments and a trailing semicolon', () => {
    expect(cellStatement('SELECT 1')).toEqual({ kind: 'query', body: 'SELECT 1' });
    expect(cellStatement('  -- note\n/* block */ (SELECT 1) UNION ALL (SELECT 2);  -- done\n')).toEqual({ kind: 'query', body: '  -- note\n/* block */ (SELECT 1) UNION ALL (SELECT 2)' });
    for (const q of ['with x as (select 1) select * from x', 'FROM customers_graded', 'VALUES (1)', 'DESCRIBE customers_graded', 'SUMMARIZE t', 'SHOW TABLES', 'PIVOT t ON g IN (1) USING count(*)', 'TABLE t']) {
      expect(cellStatement(q).kind).toBe('query');
    }
  });
  it('keeps semicolons and dashes inside strings and quoted names', () => {
    expect(cellStatement(`SELECT 'a;--b' AS "x;y"; `)).toEqual({ kind: 'query', body: `SELECT 'a;--b' AS "x;y"` });
    expect(cellStatement(`SELECT 'it''s' -- c`)).toEqual({ kind: 'query', body: `SELECT 'it''s'` });
    expect(cellStatement('SELECT $$a;b$$')).toEqual({ kind: 'query', body: 'SELECT $$a;b$$' });
  });
  it('refuses statements that would change tables or settings, naming them', () => {
    expect(cellStatement('DROP TABLE customers_graded')).toEqual({ kind: 'refused', keyword: 'DROP' });
    expect(cellStatement('-- sneaky\n  set threads = 1')).toEqual({ kind: 'refused', keyword: 'SET' });
    for (const [q, k] of [['INSERT INTO t VALUES (1)', 'INSERT'], ['CREATE TABLE x AS SELECT 1', 'CREATE'], ['PRAGMA version', 'PRAGMA'], ['ATTACH \'x.db\'', 'ATTACH'], ['EXPLAIN SELECT 1', 'EXPLAIN'], ['COPY t TO \'x.csv\'', 'COPY']]) {
      expect(cellStatement(q!)).toEqual({ kind: 'refused', keyword: k });
    }
  });
  it('takes one statement only', () => {
    expect(cellStatement('SELECT 1; DROP TABLE customers_graded')).toEqual({ kind: 'multiple' });
    expect(cellStatement("SELECT ';' AS x;\n-- end")).toEqual({ kind: 'query', body: "SELECT ';' AS x" });
  });
  it('says a cell with nothing in it is empty', () => {
    expect(cellStatement('')).toEqual({ kind: 'empty' });
    expect(cellStatement('  ;\n-- only a comment\n/* and this */')).toEqual({ kind: 'empty' });
  });
  it('runs the cell as a subquery, starting on its first line so DuckDB’s line numbers match', () => {
    expect(buildCellSql('SELECT 1 -- x')).toBe('SELECT * FROM (SELECT 1 -- x\n) AS cell LIMIT 10001');
    expect(buildCellSql('SELECT 1', null)).toBe('SELECT * FROM (SELECT 1\n) AS cell');
  });
  it('knows which cells read the grading', () => {
    expect(readsPipeline('select * from CUSTOMERS_GRADED')).toBe(true);
    expect(readsPipeline('SELECT * FROM "complaint_queue" q')).toBe(true);
    expect(readsPipeline('SELECT * FROM orders')).toBe(false);
    expect(readsPipeline('SELECT * FROM my_customers_graded_copy')).toBe(false);
  });
  it('classifies and tidies engine messages', () => {
    expect(cellErrorKind('Invalid Input Error: Cannot prepare multiple statements at once!')).toBe('multiple');
    expect(cellErrorKind('Catalog Error: Table with name x does not exist!')).toBe('engine');
    // The grade history's table before the history ran: the page offers to run it.
    expect(cellErrorKind('Catalog Error: Table with name history_grades does not exist!\nDid you mean "history_orders"?')).toBe('historyNotRun');
    expect(readsPipeline('SELECT period, grade FROM history_grades')).toBe(true);
    const twice = 'Parser Error: syntax error at or near "x"\nLINE 1: SELECT x x x\n                 ^\nLINE 1: SELECT x x x\n                 ^';
    expect(tidyEngineMessage(twice)).toBe('Parser Error: syntax error at or near "x"\nLINE 1: SELECT x x x\n                 ^');
    expect(tidyEngineMessage('Binder Error: no')).toBe('Binder Error: no');
    // The subquery the cell runs in is taken out of the excerpt; the caret stays under the same word.
    const wrapped = 'Binder Error: column "nonsense" not found\nLINE 1: SELECT * FROM (SELECT nonsense FROM t\n                                ^';
    expect(tidyEngineMessage(wrapped)).toBe('Binder Error: column "nonsense" not found\nLINE 1: SELECT nonsense FROM t\n                 ^');
  });
  it('gives new cells fresh ids and validates a list', () => {
    expect(nextCellId([])).toBe('c1');
    expect(nextCellId([{ id: 'c2', title: '', sql: '', chart: AUTO_CHART }])).toBe('c3');
    expect(nextCellId([{ id: 'c2', title: '', sql: '', chart: AUTO_CHART }, { id: 'c1', title: '', sql: '', chart: AUTO_CHART }])).toBe('c3');
    expect(validateCells([{ id: 'c1', title: '', sql: '', chart: AUTO_CHART }])).toEqual([]);
  });
});

describe('cell results', () => {
  it('maps Arrow types to chart kinds', () => {
    expect([new Int32(), new Int64(), new Float64(), new Decimal(2, 10, 128)].map(columnKind)).toEqual(['quantitative', 'quantitative', 'quantitative', 'quantitative']);
    expect([new DateDay(), new TimestampMillisecond()].map(columnKind)).toEqual(['temporal', 'temporal']);
    expect([new Utf8(), new Bool(), new Dictionary(new Utf8(), new Int8())].map(columnKind)).toEqual(['nominal', 'nominal', 'nominal']);
  });
  it('reads DuckDB’s 128-bit decimals, negative ones too', () => {
    expect(decimalToNumber(Uint32Array.from([1234, 0, 0, 0]), 2)).toBe(12.34);
    // -1.5 at scale 1 is -15 in two's complement
    expect(decimalToNumber(Uint32Array.from([0xfffffff1, 0xffffffff, 0xffffffff, 0xffffffff]), 1)).toBe(-1.5);
    expect(decimalToNumber(Uint32Array.from([0, 1, 0, 0]), 0)).toBe(2 ** 32);
  });
  it('writes dates as ISO text in a CSV', () => {
    const result: CellResult = { columns: [{ name: 'd', type: 'Date32<DAY>', kind: 'temporal', dateOnly: true }, { name: 't', type: 'Timestamp', kind: 'temporal' }], rows: [[Date.UTC(2015, 11, 31), Date.UTC(2015, 11, 31, 10, 11, 12)]], total: 1 };
    expect(csvRows(result)).toEqual([['2015-12-31', '2015-12-31 10:11:12']]);
    expect(formatTemporal(Date.UTC(2012, 0, 4), true)).toBe('2012-01-04');
  });
  it('sorts by a column, numbers as numbers, text naturally, empty values last', () => {
    const rows: CellValue[][] = [[3, 'b10'], [null, 'a'], [1, 'b9'], [2, null]];
    expect(sortOrder(rows, 0, false)).toEqual([2, 3, 0, 1]);
    expect(sortOrder(rows, 0, true)).toEqual([0, 3, 2, 1]);
    expect(sortOrder(rows, 1, false)).toEqual([1, 2, 0, 3]);
  });
});

const col = (name: string, kind: CellColumn['kind']): CellColumn => ({ name, type: kind, kind });
const result = (columns: CellColumn[], rows: CellValue[][]): CellResult => ({ columns, rows, total: rows.length });

describe('the automatic chart', () => {
  it('draws a line over time', () => {
    const r = result([col('month', 'temporal'), col('grade', 'nominal'), col('profit', 'quantitative')], [[0, 'A', 1], [1, 'B', 2], [2, 'A', 3]]);
    expect(autoChart(r)).toEqual({ mark: 'line', x: 'month', y: 'profit', color: 'grade', aggregate: null, bin: false });
  });
  it('draws bars for a category and a number, in the query’s order, grade-coloured', () => {
    const r = result([col('grade', 'nominal'), col('customers', 'quantitative'), col('profit', 'quantitative')], [['A', 159, 1], ['B', 238, 2], ['C', 237, 3], ['D', 159, 4]]);
    const pick = autoChart(r)!;
    expect(pick).toEqual({ mark: 'bar', x: 'grade', y: 'customers', color: 'grade', aggregate: null, bin: false });
    const spec = cellChartSpec(pick, r, { grades: ['A', 'B', 'C', 'D'], countLabel: 'rows' }) as unknown as { mark: { type: string }; encoding: Record<string, Record<string, unknown>> };
    expect(spec.mark.type).toBe('bar');
    expect(spec.encoding.x!.sort).toBeNull();
    expect((spec.encoding.color!.scale as { domain: string[] }).domain).toEqual(['A', 'B', 'C', 'D']);
  });
  it('draws points for two numbers per row, coloured by a small category', () => {
    const rows: CellValue[][] = Array.from({ length: 80 }, (_, i) => [`C${i}`, ['A', 'B', 'C', 'D'][i % 4]!, i * 10, i - 40]);
    const r = result([col('customer_id', 'nominal'), col('grade', 'nominal'), col('order_amount', 'quantitative'), col('profit', 'quantitative')], rows);
    expect(autoChart(r)).toEqual({ mark: 'point', x: 'order_amount', y: 'profit', color: 'grade', aggregate: null, bin: false });
  });
  it('draws a histogram for one number, and counts for a category alone', () => {
    expect(autoChart(result([col('score', 'quantitative')], [[1], [2], [3]]))).toEqual({ mark: 'bar', x: 'score', y: COUNT, color: null, aggregate: 'count', bin: true });
    expect(autoChart(result([col('segment', 'nominal')], [['x'], ['y'], ['x']]))).toEqual({ mark: 'bar', x: 'segment', y: COUNT, color: null, aggregate: 'count', bin: false });
  });
  it('ignores empty columns and draws nothing for no rows', () => {
    expect(autoChart(result([col('n', 'quantitative')], []))).toBeNull();
    expect(autoChart(result([col('when', 'temporal'), col('n', 'quantitative')], [[null, 1], [null, 2]]))!.mark).toBe('bar');
  });
  it('lets the analyst choose mark and fields, falling back where a field is gone', () => {
    const r = result([col('grade', 'nominal'), col('customers', 'quantitative'), col('profit', 'quantitative')], [['A', 1, 5], ['B', 2, 6]]);
    expect(resolveChart({ mark: 'point', x: 'customers', y: 'profit', color: null }, r)).toMatchObject({ mark: 'point', x: 'customers', y: 'profit', color: null });
    expect(resolveChart({ mark: 'line', x: 'gone', y: null, color: null }, r)).toMatchObject({ mark: 'line', x: 'grade', y: 'customers' });
    expect(resolveChart({ mark: 'bar', x: 'grade', y: COUNT, color: null }, r)).toMatchObject({ y: COUNT, aggregate: 'count' });
    expect(resolveChart({ mark: 'none', x: null, y: null, color: null }, r)).toBeNull();
  });
  it('puts any column name safely into the spec (the fields are positional)', () => {
    const r = result([col('a.b[0]"x"', 'nominal'), col('n', 'quantitative')], [['p', 1], ['q', 2]]);
    const spec = cellChartSpec(autoChart(r)!, r, { grades: [], countLabel: 'rows' }) as unknown as { data: { values: object[] }; encoding: { x: { field: string; title: string } } };
    expect(spec.encoding.x).toMatchObject({ field: 'c0', title: 'a.b[0]"x"' });
    expect(spec.data.values).toEqual([{ c0: 'p', c1: 1 }, { c0: 'q', c1: 2 }]);
  });
});

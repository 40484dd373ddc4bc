// The graded-customers export on the real engine: the sample graded with an
// adjustment whose reason tries formula injection, written as CSV (UTF-8 with
// BOM, GB18030) and XLSX, and read back with independent readers.

import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { columnHeader, documentedColumns } from '../../src/export/columns';
import { gradedCsv, gradedXlsx, type GradedRows } from '../../src/export/graded';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { buildGradedExportSql } from '../../src/model/report-sql';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';
import { parseCsv } from '../support/csv';

let engine: Engine;
let t: GradedRows;

const config: GradingConfig = {
  ...structuredClone(CLASSIC_CRM),
  metrics: [...CLASSIC_CRM.metrics, { id: 'loyalty', weight: 10 }, { id: 'growth', weight: 5 }],
  adjustments: [{ customerId: 'HL-15040', grade: 'D', reason: '=HYPERLINK("http://evil.example")', author: '+王经理', at: '2026-11-30T08:00:00Z' }],
};

beforeAll(async () => {
  engine = await openSampleEngine();
  await runGrading(engine, SAMPLE_MAPPING, config);
  const table = await engine.query(buildGradedExportSql());
  t = { columns: table.schema.fields.map((f) => f.name), rows: toRows<Record<string, unknown>>(table) };
});

afterAll(() => engine?.close());

/** UTF-8 text with its BOM kept (TextDecoder drops it by default). */
const utf8Text = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

describe('graded customers as files', () => {
  it('has a documented header in zh and en for every column the export holds', () => {
    const documented = new Set(documentedColumns().map((c) => c.column));
    for (const c of t.columns) {
      expect(documented.has(c), c).toBe(true);
      expect(columnHeader(c, 'zh'), c).not.toBe(c);
      expect(columnHeader(c, 'en'), c).not.toBe(c);
    }
    const zh = t.columns.map((c) => columnHeader(c, 'zh'));
    expect(new Set(zh).size).toBe(zh.length);
    for (const c of ['norm_loyalty_index', 'contrib_yoy_growth', 'score', 'grade_auto', 'grade', 'adjust_reason', 'flag_false_big', 'segment']) expect(t.columns).toContain(c);
  });

  it('writes CSV in UTF-8 with a BOM: headers in the language, every customer, formulas neutralised, numbers plain', () => {
    const bytes = gradedCsv(t, 'zh');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(utf8Text(bytes).slice(1));
    expect(rows).toHaveLength(794);
    const [header, ...body] = rows as [string[], ...string[][]];
    expect(header.slice(0, 2)).toEqual(['客户编号', '客户名称']);
    const col = (h: string) => header.indexOf(h);
    const hl = body.find((r) => r[col('客户编号')] === 'HL-15040')!;
    expect(hl[col('最终等级')]).toBe('D');
    expect(hl[col('自动等级')]).toBe('A');
    expect(hl[col('调整原因')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(hl[col('调整人')]).toBe(`'+王经理`);
    expect(hl[col('客户细分')]).toBe('快速成长客户');
    const losses = body.filter((r) => Number(r[col('利润')]) < 0);
    expect(losses.length).toBeGreaterThan(0);
    for (const r of losses) expect(r[col('利润')]).toMatch(/^-\d/);
    const en = parseCsv(utf8Text(gradedCsv(t, 'en')).slice(1))[0]!;
    expect(en.slice(0, 2)).toEqual(['Customer ID', 'Customer name']);
    expect(en).toContain('Loyalty (0–100)');
  });

  it('writes the same CSV in GB18030, without a BOM, as iconv-lite reads it', () => {
    const utf8 = utf8Text(gradedCsv(t, 'zh')).slice(1);
    const gb = gradedCsv(t, 'zh', 'gb18030');
    expect([...gb.subarray(0, 2)]).not.toEqual([0xef, 0xbb]);
    expect(iconv.decode(Buffer.from(gb), 'gb18030')).toBe(utf8);
  });

  it('writes XLSX with numbers, booleans and dates typed, and text neutralised', async () => {
    const blob = await gradedXlsx(t, 'zh');
    const { default: readXlsxFile } = await import('read-excel-file/node');
    const [sheet] = (await readXlsxFile(Buffer.from(await blob.arrayBuffer()))) as unknown as { sheet: string; data: unknown[][] }[];
    const [header, ...rows] = sheet!.data as [string[], ...unknown[][]];
    expect(rows).toHaveLength(793);
    const col = (h: string) => header.indexOf(h);
    const hl = rows.find((r) => r[col('客户编号')] === 'HL-15040')!;
    expect(hl[col('调整原因')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(hl[col('已人工调整')]).toBe(true);
    expect(hl[col('首单日期')]).toEqual(new Date('2012-01-21T00:00:00Z'));
    expect(typeof hl[col('综合得分')]).toBe('number');
    expect(rows.some((r) => (r[col('利润')] as number) < 0)).toBe(true);
  });

  it('keeps SQL column names for scripts (the command line)', async () => {
    const csv = utf8Text(gradedCsv(t, 'sql'));
    expect(csv.startsWith('\uFEFFcustomer_id,customer_name,')).toBe(true);
  });

  it('adds each customer’s grade per period once a grade history exists, read from history_grades', async () => {
    const { runGradeHistory } = await import('../../src/pipeline/grade-history');
    const { DEFAULT_HISTORY } = await import('../../src/model/history/periods');
    await runGradeHistory(engine, SAMPLE_MAPPING, config, { ...DEFAULT_HISTORY, step: 'quarter', windowMonths: 12, periods: 6 });
    const table = await engine.query(buildGradedExportSql({ gradePath: true }));
    const rows = toRows<Record<string, unknown>>(table);
    expect(rows).toHaveLength(793);
    expect(table.schema.fields.map((f) => f.name)).toEqual([...t.columns, 'grade_path']);
    // Independently: the grades of one customer in history_grades, period by period.
    const periods = toRows<{ period_index: number }>(await engine.query('SELECT DISTINCT period_index FROM history_grades ORDER BY 1')).map((p) => p.period_index);
    expect(periods).toHaveLength(6);
    const kept = toRows<{ customer_id: string; period_index: number; grade: string }>(await engine.query('SELECT customer_id, period_index, grade FROM history_grades'));
    const byCustomer = new Map<string, Map<number, string>>();
    for (const k of kept) byCustomer.set(k.customer_id, (byCustomer.get(k.customer_id) ?? new Map()).set(k.period_index, k.grade));
    for (const r of rows) {
      const seen = byCustomer.get(String(r.customer_id));
      const expected = seen ? periods.map((p) => seen.get(p) ?? '–').join('→') : null;
      expect(r.grade_path, String(r.customer_id)).toBe(expected);
    }
    // The sample grades every customer of its master at every period end.
    expect(rows.every((r) => String(r.grade_path).split('→').length === 6)).toBe(true);
    expect(new Set(rows.map((r) => r.grade_path)).size).toBeGreaterThan(50);
    // The header in both languages.
    expect(columnHeader('grade_path', 'zh')).toBe('逐期等级（分级历史）');
  });
});


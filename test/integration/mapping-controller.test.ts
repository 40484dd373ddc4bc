// The ingest step's controller with a real Session on the real engine in Node:
// tables come and go without ever pulling data from under the grading.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestController } from '../../src/app/ingest.svelte';
import { Session } from '../../src/app/session.svelte';
import { openNodeEngine } from '../../src/db/node-engine';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { toRows } from '../../src/results/rows';
import { csvText, gb18030, xlsxBytes } from '../support/fixtures-ingest';
import { SAMPLE_DIR } from '../support/sample';

let session: Session;
let ingest: IngestController;

const file = (name: string, bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], name);

async function userTables(): Promise<string[]> {
  // Tables named after the loaded files (the sample's and the pipeline's have English names).
  const rows = toRows<{ t: string }>(await session.engine!.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE '销售%' OR table_name LIKE '空%' ORDER BY 1`));
  return rows.map((r) => r.t);
}

const lines = csvText([
  ['客户编号', '客户名称', '订单号', '订单日期', '销售额', '利润'],
  ['K01', '甲', 'S1', '2025年3月7日', '¥1,234.50', '100'],
  ['K02', '乙', 'S2', '2025年3月8日', '¥88.00', '-5'],
  ['K03', '丙', 'S3', '2025年3月9日', '¥3,000.00', '300'],
  ['K01', '甲', 'S4', '2025年4月1日', '¥10.00', '1'],
]);

beforeAll(async () => {
  session = new Session(openNodeEngine, async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  await session.start();
  ingest = new IngestController(session);
});
afterAll(async () => {
  await session.engine?.close();
});

describe('IngestController', () => {
  it('loads a file, maps it and grades it through the session', async () => {
    expect(session.mapping).toBe(SAMPLE_MAPPING);
    await ingest.addFiles([file('销售.csv', gb18030(lines))]);
    expect(ingest.files.map((f) => [f.name, f.status, f.loaded?.encoding?.encoding])).toEqual([['销售.csv', 'ready', 'gb18030']]);
    expect(ingest.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(ingest.source).toBe('files');
    expect(session.phase).toBe('ready');
    expect(session.mapping.lines).toMatchObject({ customerId: '客户编号', orderId: '订单号', amount: '销售额', profit: '利润', orderDate: '订单日期' });
    expect(session.result!.totals).toMatchObject({ customers: 3, order_amount: 1234.5 + 88 + 3000 + 10 });
    // A single-table export: its own distinct customers give the names.
    expect(session.mapping.customers).toEqual({ table: '销售', customerId: '客户编号', name: '客户名称' });
    expect(session.customers.map((c) => [c.customer_id, c.customer_name]).sort()).toEqual([
      ['K01', '甲'],
      ['K02', '乙'],
      ['K03', '丙'],
    ]);
    expect(ingest.problems).toEqual([]);
    expect(await userTables()).toEqual(['销售']);
  });

  it('keeps the graded table while a reload with the wrong encoding cannot be mapped, then drops it', async () => {
    const id = ingest.files[0]!.id;
    const graded = session.mapping.lines.table;
    await ingest.reload(id, { encoding: 'utf-8' });
    expect(ingest.hasErrors).toBe(true);
    // The grading still reads the first table, so it is still there.
    expect(session.mapping.lines.table).toBe(graded);
    expect(await userTables()).toEqual(['销售', '销售_2']);
    await ingest.reload(id, { encoding: null });
    expect(ingest.hasErrors).toBe(false);
    expect(await userTables()).toEqual(['销售_3']);
    expect(session.mapping.lines.table).toBe('销售_3');
    expect(session.result!.totals.customers).toBe(3);
  });

  it('carries the user’s field choices over a reload that keeps the columns', async () => {
    const table = ingest.choices[0]!.table;
    await ingest.setField(table, '利润', null);
    expect(session.mapping.lines.profit).toBeUndefined();
    await ingest.reload(ingest.files[0]!.id, { encoding: 'gb18030' });
    expect(ingest.choices[0]!.fields['利润']).toBeNull();
    expect(session.mapping.lines.profit).toBeUndefined();
  });

  it('says when two tables claim the same role, and recovers when one is removed', async () => {
    await ingest.addFiles([file('销售客户.csv', new TextEncoder().encode(csvText([['客户编号', '客户名称'], ['K01', '甲'], ['K02', '乙'], ['K03', '丙']])))]);
    await ingest.addPaste('客户编号\t满意度\nK01\t4.5\nK02\t3.0');
    expect(ingest.choices.map((c) => c.role)).toEqual(['lines', 'customers', 'customers']);
    expect(ingest.problems.filter((p) => p.severity === 'error').map((p) => p.text.en)).toEqual([
      '2 tables all claim to be customers: "销售客户", "paste". Keep one and mark the others "not used".',
    ]);
    const paste = ingest.files.find((f) => f.name === 'paste.tsv')!;
    await ingest.remove(paste.id);
    expect(ingest.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(session.phase).toBe('ready');
    expect(session.error).toBeNull();
    expect(session.mapping.customers?.table).toBe('销售客户');
  });

  it('reads the sheet the user picks from a workbook', async () => {
    const xlsx = await xlsxBytes([
      { sheet: '说明', data: [['本文件由 ERP 导出'], ['第二页是客户']] },
      { sheet: '客户', data: [['客户编号', '客户名称', '行业'], ['K01', '甲', '制造'], ['K02', '乙', '零售'], ['K03', '丙', '制造']] },
    ]);
    await ingest.addFiles([file('档案.xlsx', xlsx)]);
    const entry = ingest.files.find((f) => f.name === '档案.xlsx')!;
    expect(entry.loaded?.sheets).toEqual(['说明', '客户']);
    expect(entry.loaded?.sheet).toBe('说明');
    expect(ingest.choices.find((c) => c.table === entry.loaded!.table)?.role).toBe('ignore');
    await ingest.reload(entry.id, { sheet: '客户' });
    const reloaded = ingest.files.find((f) => f.name === '档案.xlsx')!;
    expect(reloaded.loaded?.sheet).toBe('客户');
    const choice = ingest.choices.find((c) => c.table === reloaded.loaded!.table)!;
    expect(choice.role).toBe('customers');
    expect(choice.fields).toEqual({ 客户编号: 'customerId', 客户名称: 'customerName', 行业: 'industry' });
    await ingest.remove(reloaded.id);
  });

  it('shows a bad file at the file and changes nothing else', async () => {
    const before = { mapping: session.mapping, result: session.result };
    await ingest.addFiles([file('空.csv', new Uint8Array(0))]);
    const bad = ingest.files.find((f) => f.name === '空.csv')!;
    expect(bad.status).toBe('error');
    expect(bad.error).toEqual({ zh: '空.csv：文件是空的。', en: '空.csv: The file is empty.' });
    expect(session.mapping).toBe(before.mapping);
    expect(session.result).toBe(before.result);
  });

  it('goes back to the sample, and removing the last file drops its table', async () => {
    await ingest.backToSample();
    expect(ingest.source).toBe('sample');
    expect(session.mapping).toBe(SAMPLE_MAPPING);
    expect(session.result!.totals.customers).toBe(793);
    for (const f of [...ingest.files]) await ingest.remove(f.id);
    expect(ingest.files).toEqual([]);
    expect(await userTables()).toEqual([]);
    expect(session.mapping).toBe(SAMPLE_MAPPING);
  });
});

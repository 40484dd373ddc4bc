// The generated complaints and open orders in sample-data/ are exactly what the
// committed, seeded script makes from the Superstore orders, and the mapping
// detector recognises such tables under Chinese headers too.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectMapping, type ColumnProfile, type TableProfile } from '../../src/ingest/detect-mapping';
import { choicesFromGuesses, toSourceMapping } from '../../src/ingest/to-source-mapping';
import { makeSampleQueues, parseCsv } from '../../scripts/sample-queues';

const dir = new URL('../../sample-data/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');

describe('generated queue samples', () => {
  const made = makeSampleQueues(read('orders.csv'));

  it('are the committed files, byte for byte', () => {
    expect(made.complaints).toBe(read('complaints.csv'));
    expect(made.openOrders).toBe(read('open_orders.csv'));
    expect(made.asOf).toBe('2015-12-31');
  });

  it('name only real Superstore customers and stay within the data’s dates', () => {
    const customers = new Set(parseCsv(read('customers.csv')).slice(1).map((r) => r[0]));
    const complaints = parseCsv(made.complaints).slice(1).filter((r) => r.length > 1);
    const open = parseCsv(made.openOrders).slice(1).filter((r) => r.length > 1);
    expect(complaints).toHaveLength(120);
    expect(open).toHaveLength(64);
    for (const r of [...complaints.map((c) => c[1]), ...open.map((o) => o[1])]) expect(customers.has(r)).toBe(true);
    for (const c of complaints) {
      expect(c[3]! <= '2015-12-31').toBe(true);
      if (c[4]) expect(c[4] >= c[3]! && c[4] <= '2015-12-31').toBe(true);
    }
    expect(complaints.filter((c) => c[4] === '').length).toBe(16);
  });

  it('change with the seed', () => {
    expect(makeSampleQueues(read('orders.csv'), 7).complaints).not.toBe(made.complaints);
  });
});

const col = (name: string, type = 'VARCHAR'): ColumnProfile => ({ name, type, examples: [] });

describe('detecting complaints and open orders', () => {
  it('by Chinese headers, without a telling file name', () => {
    const lines: TableProfile = { table: '销售明细', rows: 10, columns: [col('客户编号'), col('订单号'), col('订单日期', 'DATE'), col('金额', 'DOUBLE')] };
    const complaints: TableProfile = { table: 't1', rows: 5, columns: [col('工单号'), col('客户编号'), col('受理日期', 'DATE'), col('结案日期', 'DATE'), col('问题类型')] };
    const open: TableProfile = { table: 't2', rows: 5, columns: [col('订单号'), col('客户编号'), col('下单日期', 'DATE'), col('要求交期', 'DATE'), col('物料编码'), col('需求数量', 'INTEGER')] };
    const guesses = detectMapping([lines, complaints, open]);
    expect(guesses.map((g) => g.role)).toEqual(['lines', 'complaints', 'openOrders']);
    const built = toSourceMapping(choicesFromGuesses(guesses));
    expect(built.mapping?.complaints).toEqual({ table: 't1', complaintId: '工单号', customerId: '客户编号', openedAt: '受理日期', resolvedAt: '结案日期', issue: '问题类型' });
    expect(built.mapping?.openOrders).toEqual({ table: 't2', orderId: '订单号', customerId: '客户编号', orderDate: '下单日期', deliveryDate: '要求交期', material: '物料编码', quantity: '需求数量' });
    expect(built.unused).toEqual([]);
  });

  it('notes a complaints table the queue cannot use, and a second one', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { c: 'customerId', o: 'orderId', a: 'amount' } },
      { table: 'k1', role: 'complaints', fields: { c: 'customerId', x: null } },
      { table: 'k2', role: 'complaints', fields: { c: 'customerId', d: 'openedAt' } },
      { table: 'k3', role: 'complaints', fields: { c: 'customerId', d: 'openedAt' } },
    ]);
    expect(built.mapping?.complaints).toEqual({ table: 'k2', customerId: 'c', openedAt: 'd' });
    expect(built.problems.map((p) => [p.severity, p.table, p.text.en])).toEqual([
      ['note', 'k1', 'The complaints table "k1" lacks "Complaint date", so the queues leave it out.'],
      ['note', 'k3', '"k2" is used as complaints; "k3" is not.'],
    ]);
  });
});

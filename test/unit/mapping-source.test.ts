// Choices → SourceMapping, and the mapping problems that need no data.

import { describe, expect, it } from 'vitest';
import type { TableProfile } from '../../src/ingest/detect-mapping';
import { toSourceMapping, type TableChoice } from '../../src/ingest/to-source-mapping';

const prof = (table: string, cols: Record<string, string>, examples: Record<string, string[]> = {}): TableProfile => ({
  table,
  rows: 10,
  columns: Object.entries(cols).map(([name, type]) => ({ name, type, examples: examples[name] ?? [] })),
});

describe('toSourceMapping', () => {
  it('builds a single-table mapping with every field the lines carry', () => {
    const choices: TableChoice[] = [
      { table: 'erp', role: 'lines', fields: { 客户编号: 'customerId', 客户名称: 'customerName', 订单号: 'orderId', 订单日期: 'orderDate', 销售额: 'amount', 利润: 'profit', 地区: 'region' } },
    ];
    const built = toSourceMapping(choices);
    // The lines' distinct customers stand in as the customer list, carrying the name and region.
    expect(built.mapping).toEqual({
      lines: { table: 'erp', customerId: '客户编号', orderId: '订单号', orderDate: '订单日期', amount: '销售额', profit: '利润' },
      customers: { table: 'erp', customerId: '客户编号', name: '客户名称', region: '地区' },
    });
    expect(built.problems).toEqual([]);
    expect(built.unused).toEqual([]);
  });

  it('takes customer attributes from the orders table when there is no customer file', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { oid: 'orderId', amt: 'amount' } },
      { table: 'o', role: 'orders', fields: { oid: 'orderId', cid: 'customerId', cn: 'customerName', rep: 'salesRep' } },
    ]);
    expect(built.mapping).toEqual({
      lines: { table: 'l', orderId: 'oid', amount: 'amt' },
      orders: { table: 'o', orderId: 'oid', customerId: 'cid' },
      customers: { table: 'o', customerId: 'cid', name: 'cn', salesperson: 'rep' },
    });
    expect(built.unused).toEqual([]);
  });

  it('puts customer attributes on the customers source', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { cid: 'customerId', oid: 'orderId', amt: 'amount', c: 'cost', q: 'quantity', due: 'dueDate', paid: 'paidDate' } },
      { table: 'c', role: 'customers', fields: { id: 'customerId', n: 'customerName', r: 'region', i: 'industry', s: 'segment', z: 'size', st: 'strategic', sa: 'satisfaction', lp: 'loyaltyPoints', rep: 'salesRep', p: 'prospect' } },
    ]);
    expect(built.mapping).toEqual({
      lines: { table: 'l', customerId: 'cid', orderId: 'oid', amount: 'amt', cost: 'c', quantity: 'q', dueDate: 'due', paidDate: 'paid' },
      customers: { table: 'c', customerId: 'id', name: 'n', region: 'r', industry: 'i', customerType: 's', size: 'z', strategic: 'st', satisfaction: 'sa', loyaltyPoints: 'lp', salesperson: 'rep', prospect: 'p' },
    });
  });

  it('grades a customer-level file as it is, with a note that order counts are unknown', () => {
    const built = toSourceMapping([{ table: 'kh', role: 'customers', fields: { 客户编号: 'customerId', 客户名称: 'customerName', 年销售额: 'amount', 毛利: 'profit' } }]);
    expect(built.mapping).toEqual({
      lines: { table: 'kh', orderId: '客户编号', customerId: '客户编号', amount: '年销售额', profit: '毛利' },
      customers: { table: 'kh', customerId: '客户编号', name: '客户名称' },
    });
    expect(built.problems.map((p) => p.severity)).toEqual(['note']);
    expect(built.problems[0]!.text.en).toContain('one row per customer');
  });

  it('says when there is no customer id anywhere, naming the tables it looked at', () => {
    const built = toSourceMapping([{ table: 'sales', role: 'lines', fields: { 单号: 'orderId', 金额: 'amount' } }]);
    expect(built.mapping).toBeNull();
    expect(built.problems).toHaveLength(1);
    expect(built.problems[0]!.severity).toBe('error');
    expect(built.problems[0]!.text.en).toBe('No column is the customer ID (looked at "sales"): choose "Customer ID" for a column.');
    expect(built.problems[0]!.text.zh).toContain('没有一列是客户编号');
  });

  it('says when two tables both claim order lines', () => {
    const f = { cid: 'customerId', oid: 'orderId', amt: 'amount' } as const;
    const built = toSourceMapping([
      { table: '一月', role: 'lines', fields: { ...f } },
      { table: '二月', role: 'lines', fields: { ...f } },
    ]);
    expect(built.mapping).toBeNull();
    expect(built.problems[0]!.text.en).toBe('2 tables all claim to be order lines (sales detail): "一月", "二月". Keep one and mark the others "not used".');
  });

  it('says when the amount column is text, with examples', () => {
    const choices: TableChoice[] = [{ table: 'x', role: 'lines', fields: { 客户: 'customerId', 单号: 'orderId', 金额: 'amount' } }];
    const built = toSourceMapping(choices, [prof('x', { 客户: 'VARCHAR', 单号: 'VARCHAR', 金额: 'VARCHAR' }, { 金额: ['待定', 'n/a'] })]);
    expect(built.mapping).toBeNull();
    expect(built.problems).toEqual([
      { severity: 'error', table: 'x', column: '金额', text: { zh: '「销售额」列“金额”（表“x”）是文本而不是数字，例如 “待定”、“n/a”。', en: 'The amount column "金额" in "x" holds text, not numbers, e.g. "待定", "n/a".' } },
    ]);
  });

  it('warns, without blocking, about a text date', () => {
    const built = toSourceMapping(
      [{ table: 'x', role: 'lines', fields: { c: 'customerId', o: 'orderId', a: 'amount', d: 'orderDate' } }],
      [prof('x', { c: 'VARCHAR', o: 'VARCHAR', a: 'DOUBLE', d: 'VARCHAR' }, { d: ['下周'] })],
    );
    expect(built.mapping).not.toBeNull();
    expect(built.problems.map((p) => [p.severity, p.column])).toEqual([['warning', 'd']]);
  });

  it('needs an amount, and an order id to join an orders table', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { x: 'quantity' } },
      { table: 'o', role: 'orders', fields: { oid: 'orderId', cid: 'customerId' } },
    ]);
    expect(built.mapping).toBeNull();
    expect(built.problems.map((p) => p.text.en)).toEqual([
      'No amount column: the order-lines table "l" needs an "Amount" column (or a unit price and a quantity).',
      'Two tables cannot be joined: the order-lines table "l" has no order id to join the orders table "o" on.',
    ]);
  });

  it('keeps receivables and complaints loaded with a note', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { c: 'customerId', o: 'orderId', a: 'amount' } },
      { table: 'ar', role: 'receivables', fields: { c: 'customerId', d: 'daysLate' } },
    ]);
    expect(built.mapping).toEqual({ lines: { table: 'l', customerId: 'c', orderId: 'o', amount: 'a' } });
    expect(built.problems.map((p) => p.severity)).toEqual(['note']);
    expect(built.unused.map((u) => u.column)).toEqual(['c', 'd']);
  });

  it('uses a receivables table with customer, amount and due date for overdue receivables', () => {
    const built = toSourceMapping([
      { table: 'l', role: 'lines', fields: { c: 'customerId', o: 'orderId', a: 'amount' } },
      { table: '应收账款', role: 'receivables', fields: { 客户: 'customerId', 应收金额: 'amount', 到期日: 'dueDate', 回款日期: 'paidDate' } },
    ]);
    expect(built.mapping?.receivables).toEqual({ table: '应收账款', customerId: '客户', amount: '应收金额', dueDate: '到期日', paidDate: '回款日期' });
    expect(built.problems).toEqual([]);
    expect(built.unused).toEqual([]);
  });
});

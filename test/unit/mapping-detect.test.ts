// Auto-mapping from headers (Chinese, English, traditional, full-width) and from values.

import { describe, expect, it } from 'vitest';
import { classifyType, detectMapping, detectTable, type ColumnProfile, type TableProfile } from '../../src/ingest/detect-mapping';
import { compactHeader, FIELDS, normalizeHeader, type FieldId } from '../../src/ingest/fields';

const col = (name: string, type = 'VARCHAR', examples: string[] = [], distinct?: number, nonNull?: number): ColumnProfile => ({
  name,
  type,
  examples,
  ...(distinct !== undefined ? { distinct } : {}),
  ...(nonNull !== undefined ? { nonNull } : {}),
});

const fieldsOf = (t: TableProfile) => Object.fromEntries(detectTable(t).columns.map((c) => [c.column, c.field]));

describe('normalizeHeader', () => {
  it('folds case, full-width characters, punctuation, camelCase and unit suffixes', () => {
    expect(normalizeHeader('ＣＵＳＴＯＭＥＲ＿ＩＤ')).toBe('customer id');
    expect(normalizeHeader('CustomerID')).toBe('customer id');
    expect(normalizeHeader('  Order-Date ')).toBe('order date');
    expect(normalizeHeader('销售额（元）')).toBe('销售额');
    expect(normalizeHeader('Amount (USD)')).toBe('amount');
    expect(normalizeHeader('客戶編號')).toBe('客户编号');
    expect(compactHeader('cust_id')).toBe('custid');
  });

  it('gives every field a label in both languages and at least one synonym in each', () => {
    for (const f of Object.values(FIELDS)) {
      // A month column is found by its header being a month (1月, Jan, 2024-03), not by a word.
      if (f.many) {
        expect(f.synonyms).toEqual([]);
        continue;
      }
      expect(f.label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(f.label.en).toMatch(/^[A-Z]/);
      expect(f.synonyms.some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
      expect(f.synonyms.some((s) => /^[a-z]/.test(s))).toBe(true);
    }
  });
});

describe('detection from Chinese headers', () => {
  it('maps a single-table ERP export: 客户编号, 客户名称, 订单号, 订单日期, 销售额, 利润', () => {
    const t: TableProfile = {
      table: 'erp',
      rows: 6,
      columns: [
        col('客户编号', 'VARCHAR', ['C001', 'C002'], 3, 6),
        col('客户名称', 'VARCHAR', ['华东机械', '江南电子'], 3, 6),
        col('订单号', 'VARCHAR', ['SO-1', 'SO-2'], 5, 6),
        col('订单日期', 'DATE', ['2025-03-07']),
        col('销售额', 'DOUBLE', ['1234.5']),
        col('利润', 'DOUBLE', ['120.0']),
        col('备注', 'VARCHAR', ['加急']),
      ],
    };
    const g = detectTable(t);
    expect(g.role).toBe('lines');
    expect(fieldsOf(t)).toEqual({ 客户编号: 'customerId', 客户名称: 'customerName', 订单号: 'orderId', 订单日期: 'orderDate', 销售额: 'amount', 利润: 'profit', 备注: null });
    expect(g.columns.find((c) => c.column === '销售额')!.confidence).toBe(1);
    expect(g.columns.find((c) => c.column === '销售额')!.reason.zh).toContain('销售额');
  });

  it('knows the other words exports use', () => {
    const cases: [string, FieldId][] = [
      ['客户ID', 'customerId'],
      ['客户代码', 'customerId'],
      ['下单日期', 'orderDate'],
      ['销售金额', 'amount'],
      ['含税金额', 'amount'],
      ['价税合计', 'amount'],
      ['不含税金额', 'amount'],
      ['毛利', 'profit'],
      ['毛利率(%)', 'margin'],
      ['成本', 'cost'],
      ['数量', 'quantity'],
      ['逾期天数', 'daysLate'],
      ['账期', 'daysLate'],
      ['到期日', 'dueDate'],
      ['回款日期', 'paidDate'],
      ['业务员', 'salesRep'],
      ['客户经理', 'salesRep'],
      ['订單編號', 'orderId'],
      ['銷售金額', 'amount'],
      ['销售额（万元）', 'amount'],
      ['含税销售额', 'amount'],
      ['订单金额', 'amount'],
      ['开票日期', 'orderDate'],
      ['GP%', 'margin'],
      ['Profit %', 'margin'],
      ['Amount (USD)', 'amount'],
      ['ＯＲＤＥＲ＿ＤＡＴＥ', 'orderDate'],
      ['OrderID', 'orderId'],
    ];
    for (const [header, field] of cases) {
      const kind = FIELDS[field].kind;
      const type = kind === 'date' ? 'DATE' : kind === 'money' || kind === 'ratio' || kind === 'number' ? 'DOUBLE' : 'VARCHAR';
      // An order-lines table around the header under test, without the field it should become.
      const base = (
        [
          ['客户编号', 'customerId', 'VARCHAR'],
          ['订单号', 'orderId', 'VARCHAR'],
          ['销售额', 'amount', 'DOUBLE'],
        ] as const
      )
        .filter(([, f]) => f !== field)
        .map(([name, , ty]) => col(name, ty, ['1']));
      const t: TableProfile = { table: 'x', rows: 10, columns: [...base, col(header, type, ['1'])] };
      expect([header, fieldsOf(t)[header]]).toEqual([header, field]);
    }
  });

  it('recognises a customer file: 客户编号 unique, 行业, 地区, 客户类型, 规模, 战略价值, 满意度, 积分', () => {
    const t: TableProfile = {
      table: '客户档案',
      rows: 4,
      columns: [
        col('客户编号', 'VARCHAR', ['C001'], 4, 4),
        col('客户名称', 'VARCHAR', ['甲'], 4, 4),
        col('所属行业', 'VARCHAR', ['制造']),
        col('省份', 'VARCHAR', ['浙江']),
        col('客户类型', 'VARCHAR', ['经销商']),
        col('企业规模', 'VARCHAR', ['大型']),
        col('战略价值', 'INTEGER', ['5']),
        col('满意度', 'DOUBLE', ['4.5']),
        col('会员积分', 'INTEGER', ['300']),
        col('客户经理', 'VARCHAR', ['王伟']),
      ],
    };
    const g = detectTable(t);
    expect(g.role).toBe('customers');
    expect(g.columns.map((c) => c.field)).toEqual(['customerId', 'customerName', 'industry', 'region', 'segment', 'size', 'strategic', 'satisfaction', 'loyaltyPoints', 'salesRep']);
  });
});

describe('detection from English headers', () => {
  it('maps snake_case and spaced headers of a CRM export', () => {
    const t: TableProfile = {
      table: 'crm_export',
      rows: 20,
      columns: [
        col('cust_id', 'VARCHAR', ['A1'], 8, 20),
        col('Customer Name'),
        col('Invoice No', 'VARCHAR', ['INV-1'], 20, 20),
        col('Invoice Date', 'DATE'),
        col('Revenue', 'DOUBLE'),
        col('COGS', 'DOUBLE'),
        col('Days Overdue', 'INTEGER'),
        col('Region'),
        col('Account Manager'),
        col('Ship Mode'),
      ],
    };
    expect(detectTable(t).role).toBe('lines');
    expect(fieldsOf(t)).toEqual({
      cust_id: 'customerId',
      'Customer Name': 'customerName',
      'Invoice No': 'orderId',
      'Invoice Date': 'orderDate',
      Revenue: 'amount',
      COGS: 'cost',
      'Days Overdue': 'daysLate',
      Region: 'region',
      'Account Manager': 'salesRep',
      'Ship Mode': null,
    });
  });

  it('matches English words whole, so "ar" or "rep" inside a word means nothing', () => {
    const t: TableProfile = { table: 'quarterly', rows: 3, columns: [col('Repair cost', 'DOUBLE'), col('Quarter')] };
    expect(fieldsOf(t)['Quarter']).toBe(null);
    expect(detectTable(t).role).not.toBe('receivables');
  });

  it('reads a marketplace customer file (Olist): the key per order, and the unique id of the customer beside it', () => {
    // Headers of test/conformance/olist/customers.csv.
    const t: TableProfile = {
      table: 'customers',
      file: 'customers.csv',
      rows: 100,
      columns: [
        col('customer_id', 'VARCHAR', ['c168abb9077b7821adae01dc1f0886c5'], 100, 100),
        col('customer_unique_id', 'VARCHAR', ['5ad58a4e6a1a656b6bed070cadbaa003'], 99, 100),
        col('customer_zip_code_prefix', 'BIGINT', ['35960'], 90, 100),
        col('customer_city', 'VARCHAR', ['santa barbara'], 60, 100),
        col('customer_state', 'VARCHAR', ['MG'], 20, 100),
      ],
    };
    expect(detectTable(t).role).toBe('customers');
    const f = fieldsOf(t);
    expect([f['customer_id'], f['customer_unique_id']]).toEqual(['customerId', 'customerPerson']);
    // Chinese headers too; and a file with the unique id alone has it as its key.
    expect(fieldsOf({ ...t, columns: [col('客户编号', 'VARCHAR', ['K1'], 100, 100), col('客户唯一编号', 'VARCHAR', ['P1'], 90, 100), col('客户名称')] })).toMatchObject({ 客户编号: 'customerId', 客户唯一编号: 'customerPerson' });
    expect(fieldsOf({ ...t, columns: [col('customer_unique_id', 'VARCHAR', ['P1'], 100, 100), col('customer_city')] })['customer_unique_id']).toBe('customerId');
  });

  it('reads a marketplace order-items file (Olist): price per item is the line amount, freight is not sales', () => {
    // Headers of test/conformance/olist/order_items.csv.
    const t: TableProfile = {
      table: 'order_items',
      file: 'order_items.csv',
      rows: 100,
      columns: [
        col('order_id', 'VARCHAR', ['00042b26cf59d7ce69dfabb4e55b4fd9'], 90, 100),
        col('order_item_id', 'DOUBLE', ['1', '2'], 3, 100),
        col('product_id', 'VARCHAR', ['ac6c3623068f30de03045865e4e10089'], 80, 100),
        col('seller_id', 'VARCHAR', ['df560393f3a51e74553ab94004ba5c87'], 40, 100),
        col('shipping_limit_date', 'TIMESTAMP'),
        col('price', 'DOUBLE', ['199.9']),
        col('freight_value', 'DOUBLE', ['18.14']),
      ],
    };
    expect(detectTable(t).role).toBe('lines');
    const f = fieldsOf(t);
    expect(f['price']).toBe('unitPrice');
    expect(f['freight_value']).toBe(null);
    expect(fieldsOf({ table: 'x', rows: 3, columns: [col('运费金额', 'DOUBLE'), col('Shipping amount', 'DOUBLE'), col('Tax value', 'DOUBLE')] })).toEqual({
      运费金额: null,
      'Shipping amount': null,
      'Tax value': null,
    });
  });

  it('prefers the exact header when two columns could be the same field', () => {
    const t: TableProfile = { table: 'orders', rows: 5, columns: [col('Ship Date', 'DATE'), col('Order Date', 'DATE'), col('Order ID', 'VARCHAR', [], 5, 5), col('Customer ID', 'VARCHAR', [], 3, 5)] };
    const f = fieldsOf(t);
    expect(f['Order Date']).toBe('orderDate');
    expect(f['Ship Date']).toBe(null);
    expect(detectTable(t).role).toBe('orders');
  });
});

describe('detection from values', () => {
  it('takes a unique column as the key of a customer file and dates as the order date', () => {
    const customers: TableProfile = {
      table: 'customers',
      rows: 3,
      columns: [col('编码', 'VARCHAR', ['K-01', 'K-02', 'K-03'], 3, 3), col('客户名称', 'VARCHAR', ['甲', '乙'], 3, 3)],
    };
    expect(detectTable(customers).columns[0]).toMatchObject({ field: 'customerId', confidence: 0.45 });
    const lines: TableProfile = { table: 'lines', rows: 9, columns: [col('客户编号'), col('时间', 'DATE', ['2025-01-02']), col('销售额', 'DOUBLE')] };
    expect(fieldsOf(lines)['时间']).toBe('orderDate');
  });

  it('does not take a unique line number for a customer id', () => {
    const t: TableProfile = { table: 'lineitems', rows: 4, columns: [col('Line Item ID', 'INTEGER', ['1', '2'], 4, 4), col('Order ID'), col('Sales', 'DOUBLE')] };
    expect(fieldsOf(t)['Line Item ID']).toBe(null);
  });

  it('reads money written as text with a currency sign', () => {
    const t: TableProfile = { table: 'x', rows: 3, columns: [col('客户编号'), col('合计', 'VARCHAR', ['¥1,234.50', '¥88.00'])] };
    expect(fieldsOf(t)['合计']).toBe('amount');
  });

  it('lowers its confidence when a money header holds words', () => {
    const t: TableProfile = { table: 'x', rows: 3, columns: [col('客户编号'), col('金额', 'VARCHAR', ['待定', '见附件'])] };
    const c = detectTable(t).columns[1]!;
    expect(c.field).toBe('amount');
    expect(c.confidence).toBeLessThan(1);
    expect(c.reason.en).toContain('not numbers');
  });

  it('classifies DuckDB and loader type names', () => {
    expect(classifyType('DECIMAL(18,2)')).toBe('number');
    expect(classifyType('BIGINT')).toBe('number');
    expect(classifyType('TIMESTAMP WITH TIME ZONE')).toBe('date');
    expect(classifyType('VARCHAR')).toBe('text');
    expect(classifyType('number')).toBe('number');
    expect(classifyType('date')).toBe('date');
  });
});

describe('roles across tables', () => {
  it('turns a second order-lines candidate with due and paid dates into receivables', () => {
    const lines: TableProfile = { table: '销售明细', rows: 10, columns: [col('客户编号'), col('订单号'), col('订单日期', 'DATE'), col('金额', 'DOUBLE')] };
    const ar: TableProfile = { table: 'ar', rows: 4, columns: [col('客户编号'), col('发票号'), col('应收金额', 'DOUBLE'), col('到期日', 'DATE'), col('回款日期', 'DATE')] };
    expect(detectMapping([lines, ar]).map((g) => g.role)).toEqual(['lines', 'receivables']);
  });

  it('marks a complaints file by its name and ignores a table with nothing recognisable', () => {
    const complaints: TableProfile = { table: 't', file: '客户投诉记录.xlsx', rows: 3, columns: [col('客户编号'), col('投诉内容')] };
    const junk: TableProfile = { table: 'misc', rows: 3, columns: [col('foo'), col('bar')] };
    expect(detectMapping([complaints, junk]).map((g) => g.role)).toEqual(['complaints', 'ignore']);
  });
});

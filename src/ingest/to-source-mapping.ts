// The user's (or the detector's) choices — a role per table, a field per
// column — turned into the SourceMapping the metric SQL reads, plus the
// problems that stop or weaken grading, in words. Pure; the checks that need
// the data live in mapping-checks.ts.

import type { ComplaintsSource, CustomersSource, LinesSource, MonthColumn, OpenOrdersSource, OrdersSource, PerCustomerColumns, ReceivablesSource, SourceMapping } from '../model/source';
import { classifyType, monthOfHeader, type TableGuess, type TableProfile } from './detect-mapping';
import { fieldFix, roleFix, type Fix } from './fixes';
import { FIELDS, ROLES, type FieldId, type TableRole, type Text } from './fields';

export interface TableChoice {
  table: string;
  role: TableRole;
  /** Column → field; a column appears at most once and a field at most once per table. */
  fields: Record<string, FieldId | null>;
}

export type Severity = 'error' | 'warning' | 'note';

export interface MappingProblem {
  severity: Severity;
  text: Text;
  table?: string;
  column?: string;
  /** The control that mends it, ready to use: a column to pick for a field, or a role for a table. */
  fix?: Fix;
}

export interface MappingOptions {
  /** Today (YYYY-MM-DD): the year of month columns that name no year, when the file name names none either. */
  today?: string;
}

/** A mapped column that grading does not read (yet): kept so the choice is not lost. */
export interface UnusedField {
  table: string;
  role: TableRole;
  column: string;
  field: FieldId;
}

export interface BuiltMapping {
  /** Null when an error makes grading impossible. */
  mapping: SourceMapping | null;
  unused: UnusedField[];
  problems: MappingProblem[];
}

export function choicesFromGuesses(guesses: TableGuess[]): TableChoice[] {
  return guesses.map((g) => ({ table: g.table, role: g.role, fields: Object.fromEntries(g.columns.map((c) => [c.column, c.field])) }));
}

const LINES_KEYS: Partial<Record<FieldId, Exclude<keyof LinesSource, 'perCustomer' | 'months'>>> = {
  orderId: 'orderId',
  amount: 'amount',
  unitPrice: 'unitPrice',
  discount: 'discount',
  profit: 'profit',
  margin: 'margin',
  cost: 'cost',
  quantity: 'quantity',
  customerId: 'customerId',
  orderDate: 'orderDate',
  daysLate: 'daysLate',
  dueDate: 'dueDate',
  paidDate: 'paidDate',
};
const ORDERS_KEYS: Partial<Record<FieldId, keyof OrdersSource>> = {
  orderId: 'orderId',
  customerId: 'customerId',
  orderDate: 'orderDate',
  daysLate: 'daysLate',
  dueDate: 'dueDate',
  paidDate: 'paidDate',
};
const CUSTOMERS_KEYS: Partial<Record<FieldId, keyof CustomersSource>> = {
  customerId: 'customerId',
  customerPerson: 'person',
  customerName: 'name',
  loyaltyPoints: 'loyaltyPoints',
  strategic: 'strategic',
  satisfaction: 'satisfaction',
  prospect: 'prospect',
  region: 'region',
  industry: 'industry',
  segment: 'customerType',
  size: 'size',
  salesRep: 'salesperson',
  lastContact: 'lastContact',
};
const COMPLAINTS_KEYS: Partial<Record<FieldId, keyof ComplaintsSource>> = {
  customerId: 'customerId',
  openedAt: 'openedAt',
  resolvedAt: 'resolvedAt',
  complaintId: 'complaintId',
  orderId: 'orderId',
  issue: 'issue',
};
const OPEN_ORDERS_KEYS: Partial<Record<FieldId, keyof OpenOrdersSource>> = {
  customerId: 'customerId',
  orderId: 'orderId',
  orderDate: 'orderDate',
  deliveryDate: 'deliveryDate',
  material: 'material',
  quantity: 'quantity',
};
// A customer-level file with amounts stands in for order lines: these of its fields feed the lines side.
const CUSTOMER_AS_LINES: FieldId[] = ['amount', 'profit', 'margin', 'cost', 'quantity', 'daysLate'];
const PER_CUSTOMER_KEYS: Partial<Record<FieldId, keyof PerCustomerColumns>> = {
  orderCount: 'orderCount',
  firstOrder: 'firstOrder',
  lastOrder: 'lastOrder',
  growth: 'growth',
};
// With one column per month the amounts are the months': a total, a cost or a profit column would count twice.
const MONTHLY_AS_LINES: FieldId[] = ['margin', 'daysLate'];

const t = (zh: string, en: string): Text => ({ zh, en });
const roleName = (r: TableRole): Text => ROLES[r].label;
const fieldName = (f: FieldId): Text => FIELDS[f].label;

/** column of each field in a choice */
function columnsOf(c: TableChoice): Map<FieldId, string> {
  const out = new Map<FieldId, string>();
  for (const [column, field] of Object.entries(c.fields)) if (field && !out.has(field)) out.set(field, column);
  return out;
}

function pick<K extends string>(cols: Map<FieldId, string>, keys: Partial<Record<FieldId, K>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [field, key] of Object.entries(keys) as [FieldId, K][]) {
    const col = cols.get(field);
    if (col !== undefined) out[key] = col;
  }
  return out;
}

export function toSourceMapping(choices: TableChoice[], profiles: TableProfile[] = [], opts: MappingOptions = {}): BuiltMapping {
  const problems: MappingProblem[] = [];
  const unused: UnusedField[] = [];
  const byRole = (r: TableRole) => choices.filter((c) => c.role === r);

  for (const role of ['lines', 'orders', 'customers'] as const) {
    const ts = byRole(role);
    if (ts.length > 1) {
      const names = ts.map((x) => `“${x.table}”`).join('、');
      const namesEn = ts.map((x) => `"${x.table}"`).join(', ');
      problems.push({
        severity: 'error',
        text: t(`${ts.length} 个表都被标为「${roleName(role).zh}」：${names}。只保留一个，其余改为「不使用」。`, `${ts.length} tables all claim to be ${roleName(role).en.toLowerCase()}: ${namesEn}. Keep one and mark the others "not used".`),
      });
    }
  }

  const linesT = byRole('lines')[0];
  const ordersT = byRole('orders')[0];
  const customersT = byRole('customers')[0];
  const L = linesT ? columnsOf(linesT) : new Map<FieldId, string>();
  const O = ordersT ? columnsOf(ordersT) : new Map<FieldId, string>();
  const C = customersT ? columnsOf(customersT) : new Map<FieldId, string>();

  // Fields each side actually reads; everything else mapped is reported as unused.
  const used = new Map<string, Set<FieldId>>();
  const markUsed = (table: string, fields: Iterable<FieldId>) => {
    const s = used.get(table) ?? new Set<FieldId>();
    for (const f of fields) s.add(f);
    used.set(table, s);
  };

  const profileOf = (table: string) => profiles.find((p) => p.table === table);
  const fix = (table: string, field: FieldId) => fieldFix(profileOf(table), choices.find((c) => c.table === table)!, field);

  let lines: LinesSource | null = null;
  if (linesT) {
    const p = pick(L, LINES_KEYS);
    markUsed(linesT.table, [...L.keys()].filter((f) => f in LINES_KEYS));
    if (!p.amount && !p.unitPrice) {
      problems.push({
        severity: 'error',
        table: linesT.table,
        text: t(`没有金额列：订单行表“${linesT.table}”需要一列「销售额」（或「单价」和「数量」）。`, `No amount column: the order-lines table "${linesT.table}" needs an "Amount" column (or a unit price and a quantity).`),
        fix: fix(linesT.table, 'amount'),
      });
    }
    let orderId = p.orderId;
    if (!orderId && ordersT) {
      problems.push({
        severity: 'error',
        table: linesT.table,
        text: t(`两个表无法关联：订单行表“${linesT.table}”没有订单号，无法与订单表“${ordersT.table}”关联。`, `Two tables cannot be joined: the order-lines table "${linesT.table}" has no order id to join the orders table "${ordersT.table}" on.`),
        fix: fix(linesT.table, 'orderId'),
      });
    } else if (!orderId && p.orderDate) {
      // Without order ids a customer's lines of one day are one order: the order counts stay meaningful.
      orderId = p.orderDate;
      problems.push({ severity: 'note', table: linesT.table, text: t(`订单行表“${linesT.table}”没有订单号：同一客户同一天的各行按一笔订单计。`, `The order-lines table "${linesT.table}" has no order id: a customer's lines of one day count as one order.`) });
    } else if (!orderId && p.customerId) {
      // Without order ids or dates each customer's rows are one order: amounts are right, the order count is not.
      orderId = p.customerId;
      problems.push({ severity: 'note', table: linesT.table, text: t(`订单行表“${linesT.table}”没有订单号：每个客户的全部行按一笔订单计，订单数不可用。`, `The order-lines table "${linesT.table}" has no order id: all rows of a customer count as one order, so order counts are not meaningful.`) });
    }
    // A discount only matters when the amount is computed: an amount column already has it taken off.
    const { discount, ...rest } = p;
    if ((p.amount || p.unitPrice) && orderId) lines = { ...rest, ...(p.amount ? {} : discount ? { discount } : {}), table: linesT.table, orderId };
    if (!p.amount && p.unitPrice) {
      problems.push({
        severity: 'note',
        table: linesT.table,
        text: t(
          `订单行表“${linesT.table}”没有金额列：金额按 单价 × ${p.quantity ? '数量' : '1'}${p.discount ? ' × (1 − 折扣)' : ''} 计算。`,
          `The order-lines table "${linesT.table}" has no amount column: the amount is unit price × ${p.quantity ? 'quantity' : '1'}${p.discount ? ' × (1 − discount)' : ''}.`,
        ),
      });
    }
  } else if (customersT) {
    lines = customerLevelLines(customersT, C, profileOf(customersT.table), opts, problems, markUsed, fix);
  } else {
    // Every table is "not used" (or a queue): say which could carry the grading and offer its role.
    const candidate = choices.find((c) => c.role === 'ignore') ?? choices[0];
    problems.push({
      severity: 'error',
      ...(candidate ? { table: candidate.table } : {}),
      text: t(
        '没有可分级的表：需要一个订单行表（每行一笔销售，含金额），或一个客户表（每行一个客户，金额已汇总）。请为下面的表选择角色。',
        'Nothing to grade: one table must be order lines (a sale per row, with an amount) or customers (one row per customer with the amounts added up). Choose the role of a table below.',
      ),
      ...(candidate ? { fix: roleFix(candidate.table, ['lines', 'customers']) } : {}),
    });
  }

  let orders: OrdersSource | undefined;
  if (ordersT) {
    const p = pick(O, ORDERS_KEYS);
    markUsed(ordersT.table, [...O.keys()].filter((f) => f in ORDERS_KEYS));
    if (!p.orderId || !p.customerId) {
      const missing = [!p.orderId ? fieldName('orderId') : null, !p.customerId ? fieldName('customerId') : null].filter((x): x is Text => x !== null);
      problems.push({ severity: 'error', table: ordersT.table, text: t(`订单表“${ordersT.table}”缺少${missing.map((m) => `「${m.zh}」`).join('和')}列。`, `The orders table "${ordersT.table}" lacks ${missing.map((m) => `"${m.en}"`).join(' and ')}.`), fix: fix(ordersT.table, !p.customerId ? 'customerId' : 'orderId') });
    } else {
      orders = { ...p, table: ordersT.table, orderId: p.orderId, customerId: p.customerId };
    }
  }

  let customers: CustomersSource | undefined;
  if (customersT) {
    const p = pick(C, CUSTOMERS_KEYS);
    markUsed(customersT.table, [...C.keys()].filter((f) => f in CUSTOMERS_KEYS));
    // A unique customer id alone is the key itself.
    if (!p.customerId && p.person) [p.customerId, p.person] = [p.person, undefined];
    if (!p.customerId) {
      // A customer-level table without an id already said so (with the same fix).
      if (!problems.some((x) => x.fix?.kind === 'field' && x.fix.table === customersT.table && x.fix.field === 'customerId')) {
        problems.push({
          severity: 'error',
          table: customersT.table,
          text: t(`没有一列是客户编号：客户表“${customersT.table}”需要一列「客户编号」。`, `No column is the customer ID: the customers table "${customersT.table}" needs a "Customer ID" column.`),
          fix: fix(customersT.table, 'customerId'),
        });
      }
    } else {
      customers = { ...p, table: customersT.table, customerId: p.customerId };
    }
  } else {
    // No customer file, but the orders (or the lines) carry the customer's name or attributes:
    // their distinct customers stand in as the customer list, so names and attributes are not lost.
    const carriers: [TableChoice | undefined, Map<FieldId, string>][] = [
      [ordersT, O],
      [linesT, L],
    ];
    for (const [choice, cols] of carriers) {
      if (!choice || !cols.has('customerId')) continue;
      const attrs = [...cols.keys()].filter((f) => f in CUSTOMERS_KEYS && f !== 'customerId');
      if (attrs.length === 0) continue;
      const p = pick(new Map([...cols].filter(([f]) => f in CUSTOMERS_KEYS)), CUSTOMERS_KEYS);
      customers = { ...p, table: choice.table, customerId: cols.get('customerId')! };
      markUsed(choice.table, attrs);
      break;
    }
  }

  const hasCustomerId = Boolean(lines?.customerId || orders?.customerId);
  if (linesT && !hasCustomerId && !(ordersT && !orders)) {
    const where = choices.filter((c) => c.role !== 'ignore').map((c) => `“${c.table}”`).join('、');
    const whereEn = choices.filter((c) => c.role !== 'ignore').map((c) => `"${c.table}"`).join(', ');
    problems.push({
      severity: 'error',
      text: customers
        ? t(`订单行和订单里都没有客户编号（已查看 ${where}），无法把订单归到客户“${customers.table}”。`, `Neither the order lines nor an orders table carry a customer id (looked at ${whereEn}), so orders cannot be tied to the customers in "${customers.table}".`)
        : t(`没有一列是客户编号（已查看 ${where}）：请为一列选择「客户编号」。`, `No column is the customer ID (looked at ${whereEn}): choose "Customer ID" for a column.`),
      fix: fix(linesT.table, 'customerId'),
    });
  }

  // Receivables feed the overdue-receivables credit metric when they say who owes what, and when it falls due.
  let receivables: ReceivablesSource | undefined;
  const receivablesT = byRole('receivables')[0];
  if (receivablesT) {
    const R = columnsOf(receivablesT);
    const customerId = R.get('customerId');
    const amount = R.get('amount');
    const dueDate = R.get('dueDate');
    const daysLate = R.get('daysLate');
    if (customerId && amount && (dueDate || daysLate)) {
      receivables = {
        table: receivablesT.table,
        customerId,
        amount,
        ...(dueDate ? { dueDate } : {}),
        ...(R.get('paidDate') ? { paidDate: R.get('paidDate')! } : {}),
        ...(daysLate ? { daysLate } : {}),
      };
      markUsed(receivablesT.table, (['customerId', 'amount', 'dueDate', 'paidDate', 'daysLate'] as FieldId[]).filter((f) => R.has(f)));
    } else {
      problems.push({
        severity: 'note',
        table: receivablesT.table,
        text: t(
          `应收表“${receivablesT.table}”需要客户编号、金额和到期日（或逾期天数）才能计算逾期应收，目前评分不使用它。`,
          `The receivables table "${receivablesT.table}" needs a customer id, an amount and a due date (or days overdue) for overdue receivables; grading does not use it yet.`,
        ),
      });
    }
  }
  const complaints = queueSource(byRole('complaints'), COMPLAINTS_KEYS, ['customerId', 'openedAt'], problems, markUsed) as ComplaintsSource | undefined;
  const openOrders = queueSource(byRole('openOrders'), OPEN_ORDERS_KEYS, ['customerId'], problems, markUsed) as OpenOrdersSource | undefined;
  problems.push(...typeProblems(choices, profiles));

  for (const c of choices) {
    if (c.role === 'ignore') continue;
    const u = used.get(c.table) ?? new Set<FieldId>();
    for (const [column, field] of Object.entries(c.fields)) {
      if (field && !u.has(field)) unused.push({ table: c.table, role: c.role, column, field });
    }
  }

  // Never a mapping that cannot grade without a word why.
  if (!problems.some((p) => p.severity === 'error') && !(lines && hasCustomerId)) {
    problems.push({ severity: 'error', text: t('这些文件还不能分级：需要客户编号和金额。', 'These files cannot be graded yet: a customer id and an amount are needed.') });
  }
  const fatal = problems.some((p) => p.severity === 'error');
  const mapping: SourceMapping | null =
    !fatal && lines && hasCustomerId
      ? {
          lines,
          ...(orders ? { orders } : {}),
          ...(customers ? { customers } : {}),
          ...(receivables ? { receivables } : {}),
          ...(complaints ? { complaints } : {}),
          ...(openOrders ? { openOrders } : {}),
        }
      : null;
  return { mapping, unused, problems };
}

/**
 * A customer-level table (one row per customer, measures added up) as the grading's
 * lines: its amount, or one column per month unpivoted; orders, first and last order
 * and growth straight from its columns.
 */
function customerLevelLines(
  choice: TableChoice,
  cols: Map<FieldId, string>,
  profile: TableProfile | undefined,
  opts: MappingOptions,
  problems: MappingProblem[],
  markUsed: (table: string, fields: Iterable<FieldId>) => void,
  fix: (table: string, field: FieldId) => Fix | undefined,
): LinesSource | null {
  const table = choice.table;
  const monthCols = Object.entries(choice.fields).filter(([, f]) => f === 'monthAmount').map(([c]) => c);
  const months = monthColumns(monthCols, profile, opts, problems, table);
  const id = cols.get('customerId');
  if (!cols.has('amount') && months.length === 0) {
    problems.push({
      severity: 'error',
      table,
      text: t(
        `没有金额列：客户表“${table}”需要一列金额（如 年销售额），或者加一个订单行表。`,
        `No amount column: the customers table "${table}" needs an amount column (e.g. annual revenue), or add an order-lines table.`,
      ),
      fix: fix(table, 'amount'),
    });
    return null;
  }
  if (!id) {
    problems.push({
      severity: 'error',
      table,
      text: t(`没有一列是客户编号：客户表“${table}”需要一列「客户编号」。`, `No column is the customer ID: the customers table "${table}" needs a "Customer ID" column.`),
      fix: fix(table, 'customerId'),
    });
    return null;
  }
  if (months.length > 0) {
    const p = pick(new Map([...cols].filter(([f]) => MONTHLY_AS_LINES.includes(f))), LINES_KEYS);
    markUsed(table, ['monthAmount', ...MONTHLY_AS_LINES.filter((f) => cols.has(f))]);
    const first = months[0]!.month.slice(0, 7);
    const last = months[months.length - 1]!.month.slice(0, 7);
    problems.push({
      severity: 'note',
      table,
      text: t(
        `“${table}”是按月汇总的报表（每行一个客户，${months.length} 个月份列 ${first} … ${last}）：每个月的金额按一笔订单计。`,
        `"${table}" is a monthly report (one row per customer, ${months.length} month columns ${first} … ${last}): each month's amount counts as one order.`,
      ),
    });
    return { ...p, table, orderId: id, customerId: id, months };
  }
  const p = pick(new Map([...cols].filter(([f]) => CUSTOMER_AS_LINES.includes(f))), LINES_KEYS);
  const perCustomer = pick(cols, PER_CUSTOMER_KEYS);
  markUsed(table, [...CUSTOMER_AS_LINES, ...(Object.keys(PER_CUSTOMER_KEYS) as FieldId[])].filter((f) => cols.has(f)));
  const missing = [!perCustomer.orderCount ? t('订单数', 'orders') : null, !perCustomer.lastOrder ? t('末单日期', 'last order') : null, !perCustomer.firstOrder ? t('首单日期', 'first order') : null].filter(
    (x): x is Text => x !== null,
  );
  problems.push({
    severity: 'note',
    table,
    text: t(
      `“${table}”每行一个客户（金额已汇总），直接按它的列分级${missing.length ? `；没有${missing.map((m) => m.zh).join('、')}列，相关指标不可用` : ''}。`,
      `"${table}" is one row per customer (amounts already added up) and is graded from its columns as they are${missing.length ? `; it has no ${missing.map((m) => m.en).join(', ')} column, so those metrics are not available` : ''}.`,
    ),
  });
  return { ...p, table, orderId: id, customerId: id, amount: cols.get('amount')!, ...(Object.keys(perCustomer).length ? { perCustomer } : {}) };
}

/** The month each month column stands for; a header without a year takes the file name's, else this year's (and says so). */
function monthColumns(columns: string[], profile: TableProfile | undefined, opts: MappingOptions, problems: MappingProblem[], table: string): MonthColumn[] {
  const parsed = columns.flatMap((column) => {
    const m = monthOfHeader(column);
    return m ? [{ column, m }] : [];
  });
  if (parsed.length === 0) return [];
  const named = /(?:^|\D)((?:19|20)\d\d)(?:\D|$)/u.exec(`${profile?.file ?? ''} ${table}`)?.[1];
  const thisYear = Number((opts.today ?? new Date().toISOString().slice(0, 10)).slice(0, 4));
  const fallback = named ? Number(named) : thisYear;
  if (parsed.some((x) => x.m.year === null)) {
    problems.push({
      severity: named ? 'note' : 'warning',
      table,
      text: named
        ? t(`月份列没有写年份，按文件名中的 ${fallback} 年计。`, `The month columns name no year: taken as ${fallback}, from the file name.`)
        : t(`月份列和文件名都没有写年份，按今年（${fallback} 年）计；把年份写进文件名（如“2024 销售.xlsx”）即可改。`, `Neither the month columns nor the file name say the year: taken as this year (${fallback}). Put the year in the file name (e.g. "sales 2024.xlsx") to change it.`),
    });
  }
  return parsed
    .map((x) => ({ column: x.column, month: `${x.m.year ?? fallback}-${String(x.m.month).padStart(2, '0')}-01` }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * A complaints or open-orders table for the Queues step: the first table of the role that has
 * the required fields; the others (and one lacking them) get a note, since grading never needs them.
 */
function queueSource(
  tables: TableChoice[],
  keys: Partial<Record<FieldId, string>>,
  required: FieldId[],
  problems: MappingProblem[],
  markUsed: (table: string, fields: Iterable<FieldId>) => void,
): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const choice of tables) {
    const role = roleName(choice.role);
    if (found) {
      problems.push({ severity: 'note', table: choice.table, text: t(`已使用“${found.table}”作为「${role.zh}」，“${choice.table}”未使用。`, `"${found.table}" is used as ${role.en.toLowerCase()}; "${choice.table}" is not.`) });
      continue;
    }
    const cols = columnsOf(choice);
    const missing = required.filter((f) => !cols.has(f));
    if (missing.length) {
      problems.push({
        severity: 'note',
        table: choice.table,
        text: t(
          `「${role.zh}」表“${choice.table}”缺少${missing.map((f) => `「${fieldName(f).zh}」`).join('和')}列，队列中不显示它。`,
          `The ${role.en.toLowerCase()} table "${choice.table}" lacks ${missing.map((f) => `"${fieldName(f).en}"`).join(' and ')}, so the queues leave it out.`,
        ),
      });
      continue;
    }
    found = { table: choice.table, ...pick(cols, keys) };
    markUsed(choice.table, [...cols.keys()].filter((f) => f in keys));
  }
  return found;
}

const MUST_BE_NUMBER: FieldId[] = ['amount', 'profit', 'margin', 'cost', 'unitPrice', 'monthAmount'];
const SHOULD_BE_NUMBER: FieldId[] = ['quantity', 'daysLate', 'loyaltyPoints', 'strategic', 'satisfaction', 'prospect', 'discount', 'orderCount', 'growth'];
const SHOULD_BE_DATE: FieldId[] = ['orderDate', 'dueDate', 'paidDate', 'firstOrder', 'lastOrder'];

/** Columns whose loaded type cannot feed their field: money as text stops grading; a text date only loses those dates. */
function typeProblems(choices: TableChoice[], profiles: TableProfile[]): MappingProblem[] {
  const out: MappingProblem[] = [];
  for (const c of choices) {
    if (c.role === 'ignore') continue;
    const prof = profiles.find((p) => p.table === c.table);
    if (!prof) continue;
    for (const [column, field] of Object.entries(c.fields)) {
      if (!field) continue;
      const col = prof.columns.find((x) => x.name === column);
      if (!col) {
        out.push({ severity: 'error', table: c.table, column, text: t(`表“${c.table}”没有列“${column}”。`, `Table "${c.table}" has no column "${column}".`) });
        continue;
      }
      const cls = classifyType(col.type);
      const eg = col.examples.slice(0, 3).map((e) => `“${e}”`).join('、');
      const egEn = col.examples.slice(0, 3).map((e) => `"${e}"`).join(', ');
      const f = fieldName(field);
      if (MUST_BE_NUMBER.includes(field) && cls !== 'number') {
        out.push({ severity: 'error', table: c.table, column, text: t(`「${f.zh}」列“${column}”（表“${c.table}”）是文本而不是数字${eg ? `，例如 ${eg}` : ''}。`, `The ${f.en.toLowerCase()} column "${column}" in "${c.table}" holds text, not numbers${egEn ? `, e.g. ${egEn}` : ''}.`) });
      } else if (SHOULD_BE_NUMBER.includes(field) && cls !== 'number') {
        out.push({ severity: 'warning', table: c.table, column, text: t(`「${f.zh}」列“${column}”（表“${c.table}”）不是数字，无法读取的值按缺失处理。`, `The ${f.en.toLowerCase()} column "${column}" in "${c.table}" is not numeric; values that cannot be read count as missing.`) });
      } else if (SHOULD_BE_DATE.includes(field) && cls !== 'date') {
        out.push({ severity: 'warning', table: c.table, column, text: t(`「${f.zh}」列“${column}”（表“${c.table}”）不是日期${eg ? `（如 ${eg}）` : ''}，无法读取的日期按缺失处理。`, `The ${f.en.toLowerCase()} column "${column}" in "${c.table}" is not a date${egEn ? ` (e.g. ${egEn})` : ''}; dates that cannot be read count as missing.`) });
      }
    }
  }
  return out;
}

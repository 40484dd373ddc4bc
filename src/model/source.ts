// Where the metrics come from: which loaded table plays which role, and which
// of its columns feeds which field. The ingest step (or the sample preset)
// produces one of these; metrics-sql.ts turns it into SQL.

import { ident } from '../sql/quote';

export interface LinesSource {
  table: string;
  /** The order a line belongs to; without an order id the order date stands in (one order per customer and day). */
  orderId: string;
  /** Line amount; with unitPrice it may be absent: then unit price × quantity × (1 − discount). */
  amount?: string;
  unitPrice?: string;
  /** A fraction (0.05), or a percentage (5) when the column's values exceed 1. */
  discount?: string;
  /** Profit per line; when absent it is derived from margin (a fraction) or cost. */
  profit?: string;
  margin?: string;
  cost?: string;
  quantity?: string;
  /** Present when order lines carry the customer directly (single-table exports). */
  customerId?: string;
  orderDate?: string;
  daysLate?: string;
  dueDate?: string;
  paidDate?: string;
  /**
   * The table is one row per customer with its measures already added up (a CRM
   * report): these columns give what order lines would otherwise be counted for.
   */
  perCustomer?: PerCustomerColumns;
  /** A wide report, one column per month: each is unpivoted into that month's order amount. */
  months?: MonthColumn[];
}

export interface PerCustomerColumns {
  orderCount?: string;
  firstOrder?: string;
  lastOrder?: string;
  /** Year-over-year growth as a fraction (0.15 for 15 %). */
  growth?: string;
}

export interface MonthColumn {
  column: string;
  /** First day of the month, YYYY-MM-01. */
  month: string;
}

export interface OrdersSource {
  table: string;
  orderId: string;
  customerId: string;
  orderDate?: string;
  daysLate?: string;
  dueDate?: string;
  paidDate?: string;
}

export interface CustomersSource {
  table: string;
  /** The key orders and lines refer to. */
  customerId: string;
  /**
   * The customer a row belongs to, when the key is one per order (Olist's customer_unique_id
   * beside its customer_id): customers are then graded by this, their orders gathered from every key.
   */
  person?: string;
  name?: string;
  loyaltyPoints?: string;
  strategic?: string;
  satisfaction?: string;
  /** Manual prospect rating 1–5 for customers too new to have growth history. */
  prospect?: string;
  region?: string;
  industry?: string;
  /** The customer's own type/segment column (e.g. Consumer / Corporate), not the IBM segment. */
  customerType?: string;
  size?: string;
  salesperson?: string;
  /** Date of the last visit or call, for the next visit the grade policy asks for (not graded). */
  lastContact?: string;
}

/** Receivables / payments: what customers owe, for overdue receivables (a credit metric). */
export interface ReceivablesSource {
  table: string;
  customerId: string;
  amount: string;
  dueDate?: string;
  paidDate?: string;
  /** Days overdue as recorded by the ERP, when there are no dates. */
  daysLate?: string;
}

/** Complaints, for the complaint queue and the delay report (not graded). */
export interface ComplaintsSource {
  table: string;
  customerId: string;
  /** When the complaint came in; its due date is this plus the grade's response time. */
  openedAt: string;
  /** Empty while the complaint is open. */
  resolvedAt?: string;
  complaintId?: string;
  /** The order complained about, when the export says. */
  orderId?: string;
  issue?: string;
}

/** Orders not yet produced or delivered, for the production queue and short-material allocation (not graded). */
export interface OpenOrdersSource {
  table: string;
  customerId: string;
  orderId?: string;
  orderDate?: string;
  deliveryDate?: string;
  material?: string;
  quantity?: string;
}

export interface SourceMapping {
  lines: LinesSource;
  /** Order headers, joined to lines on the order id. */
  orders?: OrdersSource;
  /** The customer master; when present every customer in it is graded, with or without orders. */
  customers?: CustomersSource;
  receivables?: ReceivablesSource;
  complaints?: ComplaintsSource;
  openOrders?: OpenOrdersSource;
}

/** Problems that make a mapping unusable, in words a user can act on. */
export function validateMapping(m: SourceMapping): string[] {
  const problems: string[] = [];
  if (!m.lines.amount && !m.lines.unitPrice && !m.lines.months?.length) problems.push('Order lines need an amount column, or a unit price.');
  if (!m.lines.customerId && !m.orders) {
    problems.push('Order lines need a customer id column, or an orders table that links order id to customer id.');
  }
  const r = m.receivables;
  if (r && !r.daysLate && !r.dueDate) {
    problems.push(`Receivables table "${r.table}" needs a due date or a days-overdue column to tell what is overdue.`);
  }
  return problems;
}

/** A customer master row's customer, as graded: the person when the key is one per order, else the key. */
export function customerIdentitySql(c: CustomersSource, alias: string): string {
  return `trim(CAST(${alias}.${ident(c.person ?? c.customerId)} AS VARCHAR))`;
}

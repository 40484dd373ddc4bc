// The grade policy as SQL: a `grade_policy` view (one row per grade), the
// account managers' worklist `customer_actions` (next visit due, terms,
// priority per customer) and the sales-workload balance. Every value is a
// literal escaped here; the views read customers_graded when queried, so they
// follow each grading without being rebuilt.

import { CUSTOMER_ACTIONS_VIEW, CUSTOMERS_GRADED, GRADE_POLICY_VIEW } from '../sql/catalog';
import { ident, int, num, str } from '../sql/quote';
import { customerIdentitySql, type SourceMapping } from './source';
import type { GradePolicyRow } from './policy';
import type { GroupOffer } from './config';

/** A policy row with its grade and the assignment text in the page's language. */
export interface GradePolicyLine extends GradePolicyRow {
  grade: string;
}

/** When queues and visits are measured: the config's as-of date, else the latest order in the data, else `today`. */
export interface AsOf {
  asOf: string | null;
  /** YYYY-MM-DD; DuckDB-WASM has no current_date without the ICU extension, so the page supplies it. */
  today: string;
}

const dateLiteral = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return `DATE ${str(d)}`;
};

/** One row, one column `as_of` (the latest order, so the bundled sample, which ends in 2015, reads sensibly). */
export function asOfSql(at: AsOf): string {
  return `SELECT COALESCE(${at.asOf ? dateLiteral(at.asOf) : 'NULL::DATE'}, (SELECT max(last_order) FROM ${ident(CUSTOMERS_GRADED)}), ${dateLiteral(at.today)}) AS as_of`;
}

export function buildGradePolicyViewSql(lines: readonly GradePolicyLine[]): string {
  if (lines.length === 0) throw new Error('A grade policy needs at least one grade.');
  const values = lines.map(
    (l, i) =>
      `  (${int(i)}, ${str(l.grade)}, ${int(l.visitEveryMonths)}, ${int(l.responseDays)}, ${int(l.paymentTermsDays)}, ${num(l.discountCeilingPct)}, ${int(l.productionPriority)}, ${str(l.manager)})`,
  );
  return `CREATE OR REPLACE VIEW ${ident(GRADE_POLICY_VIEW)} AS
SELECT CAST(grade_index AS INTEGER) AS grade_index, CAST(grade AS VARCHAR) AS grade,
  CAST(visit_every_months AS INTEGER) AS visit_every_months, CAST(response_days AS INTEGER) AS response_days,
  CAST(payment_terms_days AS INTEGER) AS payment_terms_days, CAST(discount_ceiling_pct AS DOUBLE) AS discount_ceiling_pct,
  CAST(production_priority AS INTEGER) AS production_priority, CAST(account_manager AS VARCHAR) AS account_manager
FROM (VALUES
${values.join(',\n')}
) AS p(grade_index, grade, visit_every_months, response_days, payment_terms_days, discount_ceiling_pct, production_priority, account_manager);`;
}

/**
 * One row per graded customer: grade, who looks after it, the next visit due (last
 * contact, else last order, plus the grade's visit interval; now when there is neither),
 * days until then (negative: overdue), payment terms, discount ceiling, production priority.
 */
/**
 * Grading within groups, the offers of each (group, grade) cell: the last one written
 * for a cell wins, and an empty text is no offer.
 */
export function effectiveOffers(offers: readonly GroupOffer[]): GroupOffer[] {
  const byCell = new Map<string, GroupOffer>();
  for (const o of offers) byCell.set(JSON.stringify([o.group, o.grade]), o);
  return [...byCell.values()].filter((o) => o.text.trim() !== '');
}

export function buildCustomerActionsViewSql(m: SourceMapping, at: AsOf, groups: { grouped: boolean; offers: readonly GroupOffer[] } = { grouped: false, offers: [] }): string {
  const c = m.customers;
  const offers = groups.grouped ? effectiveOffers(groups.offers) : [];
  const offerCte = offers.length
    ? `,
ts_offers(grade_group, grade, offer) AS (VALUES ${offers.map((o) => `(${o.group === null ? 'NULL::VARCHAR' : str(o.group)}, ${str(o.grade)}, ${str(o.text.trim())})`).join(', ')})`
    : '';
  const contact = c?.lastContact
    ? `,
ts_contact AS (
  SELECT ${customerIdentitySql(c, 'cc')} AS customer_id, max(TRY_CAST(cc.${ident(c.lastContact)} AS DATE)) AS last_contact
  FROM ${ident(c.table)} AS cc
  GROUP BY 1
)`
    : '';
  const lastContact = c?.lastContact ? 'ct.last_contact' : 'NULL::DATE';
  return `CREATE OR REPLACE VIEW ${ident(CUSTOMER_ACTIONS_VIEW)} AS
WITH
ts_as_of AS (
  ${asOfSql(at)}
)${contact}${offerCte},
ts_actions AS (
  SELECT g.grade_rank, g.customer_id, g.customer_name, g.grade_index, g.grade, g.salesperson, p.account_manager,
    g.last_order, ${lastContact} AS last_contact,
    COALESCE(CAST(COALESCE(${lastContact}, g.last_order) + to_months(p.visit_every_months) AS DATE), a.as_of) AS next_visit_due,
    p.visit_every_months, p.payment_terms_days, p.discount_ceiling_pct, p.production_priority, p.response_days,
    g.score, g.order_amount, g.profit, a.as_of,
    ${offers.length ? 'o.offer' : 'NULL::VARCHAR AS offer'}
  FROM ${ident(CUSTOMERS_GRADED)} AS g
  JOIN ${ident(GRADE_POLICY_VIEW)} AS p ON p.grade_index = g.grade_index
  CROSS JOIN ts_as_of AS a${c?.lastContact ? '\n  LEFT JOIN ts_contact AS ct ON ct.customer_id = g.customer_id' : ''}${
    offers.length ? '\n  LEFT JOIN ts_offers AS o ON o.grade = g.grade AND o.grade_group IS NOT DISTINCT FROM g.grade_group' : ''
  }
)
SELECT *, date_diff('day', as_of, next_visit_due) AS days_until_visit FROM ts_actions;`;
}

/** The worklist in the order a manager works it: overdue and soonest visits first, better grades first on the same day. */
export function buildActionsListSql(limit: number | null = null): string {
  return `SELECT * FROM ${ident(CUSTOMER_ACTIONS_VIEW)}
ORDER BY next_visit_due, grade_index, grade_rank${limit === null ? '' : `\nLIMIT ${int(limit)}`};`;
}

export function buildActionsSummarySql(): string {
  return `SELECT CAST(count(*) AS INTEGER) AS customers,
  CAST(count(*) FILTER (WHERE days_until_visit < 0) AS INTEGER) AS overdue,
  CAST(count(*) FILTER (WHERE days_until_visit BETWEEN 0 AND 30) AS INTEGER) AS next30,
  CAST(count(last_contact) AS INTEGER) AS with_contact,
  any_value(as_of) AS as_of
FROM ${ident(CUSTOMER_ACTIONS_VIEW)};`;
}

/**
 * Each salesperson's customers and profit by grade, so strong accounts can be
 * spread fairly: per grade position i, g{i}_customers and g{i}_profit; with each
 * one's share of the first grade's customers and of all customers. Customers
 * without a salesperson form one row with salesperson NULL.
 */
export function buildWorkloadSql(gradeCount: number): string {
  const per = Array.from({ length: gradeCount }, (_, i) => [
    `CAST(count(*) FILTER (WHERE grade_index = ${int(i)}) AS INTEGER) AS g${i}_customers`,
    `sum(profit) FILTER (WHERE grade_index = ${int(i)}) AS g${i}_profit`,
  ]).flat();
  return `WITH ts_rep AS (
  SELECT NULLIF(trim(CAST(salesperson AS VARCHAR)), '') AS salesperson, grade_index, CAST(profit AS DOUBLE) AS profit, CAST(order_amount AS DOUBLE) AS order_amount
  FROM ${ident(CUSTOMERS_GRADED)}
)
SELECT salesperson,
  CAST(count(*) AS INTEGER) AS customers,
  sum(profit) AS profit,
  sum(order_amount) AS order_amount,
  ${per.join(',\n  ')},
  count(*) FILTER (WHERE grade_index = 0) / NULLIF(sum(count(*) FILTER (WHERE grade_index = 0)) OVER (), 0) AS top_grade_share,
  count(*) / sum(count(*)) OVER () AS customer_share
FROM ts_rep
GROUP BY salesperson
ORDER BY salesperson IS NULL, profit DESC NULLS LAST, salesperson;`;
}

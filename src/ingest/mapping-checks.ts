// Mapping checks that need the data: duplicate ids in a customer file, order
// rows whose customer or order matches nothing, rows without a customer id.
// Ids are trimmed and then compared exactly (case and inner spaces count),
// the same rule the metric SQL joins by. Rows are counted and shown, never dropped silently.

import { moneyText } from '../lang/numbers';
import type { Engine } from '../db/engine';
import { lineAmountSql } from '../model/metrics-sql';
import type { SourceMapping } from '../model/source';
import { toRows } from '../results/rows';
import { ident, int } from '../sql/quote';
import type { Text } from './fields';
import type { MappingProblem } from './to-source-mapping';

export const EXAMPLE_IDS = 5;

const idExpr = (column: string, alias?: string) => `trim(CAST(${alias ? `${alias}.` : ''}${ident(column)} AS VARCHAR))`;

/** ids that occur more than once: how many ids, how many rows they cover, and the most repeated ones. */
export function buildDuplicateIdsSql(table: string, column: string): string {
  return `WITH ts_dup AS (
  SELECT ${idExpr(column)} AS id, count(*) AS n FROM ${ident(table)} WHERE ${idExpr(column)} <> '' GROUP BY 1 HAVING count(*) > 1
), ts_top AS (
  SELECT id, n FROM ts_dup ORDER BY n DESC, id LIMIT ${int(EXAMPLE_IDS)}
)
SELECT CAST((SELECT count(*) FROM ts_dup) AS INTEGER) AS ids,
  CAST((SELECT COALESCE(sum(n), 0) FROM ts_dup) AS INTEGER) AS rows,
  (SELECT string_agg(id || ' ×' || n, chr(31) ORDER BY n DESC, id) FROM ts_top) AS examples`;
}

/** Source rows whose trimmed key has no exact partner in the target table. */
export function buildUnmatchedSql(from: { table: string; column: string }, to: { table: string; column: string }): string {
  return `WITH ts_ref AS (
  SELECT DISTINCT ${idExpr(to.column)} AS id FROM ${ident(to.table)}
), ts_src AS (
  SELECT ${idExpr(from.column)} AS id FROM ${ident(from.table)} WHERE ${idExpr(from.column)} <> ''
), ts_miss AS (
  SELECT s.id FROM ts_src AS s LEFT JOIN ts_ref AS r ON r.id = s.id WHERE r.id IS NULL
), ts_top AS (
  SELECT id, count(*) AS n FROM ts_miss GROUP BY id ORDER BY n DESC, id LIMIT ${int(EXAMPLE_IDS)}
)
SELECT CAST((SELECT count(DISTINCT id) FROM ts_miss) AS INTEGER) AS ids,
  CAST((SELECT count(*) FROM ts_miss) AS INTEGER) AS rows,
  CAST((SELECT count(DISTINCT m.id) FROM ts_miss AS m WHERE lower(m.id) IN (SELECT lower(id) FROM ts_ref)) AS INTEGER) AS case_only,
  CAST((SELECT count(DISTINCT m.id) FROM ts_miss AS m WHERE ltrim(m.id, '0') <> '' AND ltrim(m.id, '0') IN (SELECT ltrim(id, '0') FROM ts_ref)) AS INTEGER) AS zeros_only,
  CAST((SELECT count(DISTINCT m.id) FROM ts_miss AS m WHERE ltrim(m.id, '0') NOT IN (SELECT ltrim(id, '0') FROM ts_ref WHERE id IS NOT NULL)
    AND TRY_CAST(m.id AS DOUBLE) IN (SELECT TRY_CAST(id AS DOUBLE) FROM ts_ref WHERE TRY_CAST(id AS DOUBLE) IS NOT NULL)) AS INTEGER) AS numeric_only,
  (SELECT string_agg(id, chr(31) ORDER BY n DESC, id) FROM ts_top) AS examples`;
}

/** Rows whose key is NULL or blank. */
export function buildBlankIdsSql(table: string, column: string): string {
  return `SELECT CAST(count(*) AS INTEGER) AS rows FROM ${ident(table)} WHERE ${ident(column)} IS NULL OR ${idExpr(column)} = ''`;
}

/** Lines whose amount is below zero (returns, credit notes, cancelled invoices): how many, in how many orders, and their sum. */
export function buildReturnsSql(m: SourceMapping): string {
  return `SELECT CAST(count(*) FILTER (WHERE amount < 0) AS INTEGER) AS lines,
  CAST(count(DISTINCT doc) FILTER (WHERE amount < 0) AS INTEGER) AS orders,
  COALESCE(sum(amount) FILTER (WHERE amount < 0), 0) AS amount,
  COALESCE(sum(amount) FILTER (WHERE amount > 0), 0) AS gross
FROM (SELECT ${lineAmountSql(m.lines)} AS amount, ${idExpr(m.lines.orderId, 'l')} AS doc FROM ${ident(m.lines.table)} AS l)`;
}

const t = (zh: string, en: string): Text => ({ zh, en });
/** Invisible characters in an id (a zero-width space, a direction mark, a no-break space) shown as ⟨U+200B⟩: they are why "C001" does not match "C001". */
export function visible(id: string): string {
  return id.replace(/[\u00a0\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu, (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
const quoteZh = (xs: string[]) => xs.map((x) => `“${visible(x)}”`).join('、');
const quoteEn = (xs: string[]) => xs.map((x) => JSON.stringify(visible(x))).join(', ');

interface Dup {
  ids: number;
  rows: number;
  examples: string | null;
}

/** `summed`: the table is also the order lines (a customer-level file), so a repeated id's amounts add up. */
export async function checkDuplicateIds(engine: Engine, table: string, column: string, summed = false): Promise<MappingProblem | null> {
  const [d] = toRows<Dup>(await engine.query(buildDuplicateIdsSql(table, column)));
  if (!d || d.ids === 0) return null;
  const eg = d.examples ? d.examples.split('\u001f') : [];
  return {
    severity: 'warning',
    table,
    column,
    text: summed
      ? t(
          `客户级文件“${table}”中有 ${d.ids} 个客户编号重复出现（共 ${d.rows} 行），例如 ${quoteZh(eg)}；同一编号各行的金额相加，名称等属性取第一行。`,
          `The customer-level file "${table}" repeats ${d.ids} customer ids (${d.rows} rows), e.g. ${quoteEn(eg)}; the amounts of an id's rows are added up, its name and attributes come from the first row.`,
        )
      : t(
          `客户表“${table}”中有 ${d.ids} 个客户编号重复出现（共 ${d.rows} 行），例如 ${quoteZh(eg)}；每个编号只取第一行。`,
          `The customers table "${table}" repeats ${d.ids} customer ids (${d.rows} rows), e.g. ${quoteEn(eg)}; only the first row of each id is used.`,
        ),
  };
}

interface Unmatched {
  ids: number;
  rows: number;
  case_only: number;
  /** Ids that match once leading zeros are taken off both sides (Excel turned 00123 into 123). */
  zeros_only: number;
  /** Ids equal only as numbers (12346.0 vs 12346, 1.2346E+4): one file keeps the id as a number, the other as text. */
  numeric_only: number;
  examples: string | null;
}

async function unmatched(engine: Engine, from: { table: string; column: string }, to: { table: string; column: string }): Promise<Unmatched> {
  const [r] = toRows<Unmatched>(await engine.query(buildUnmatchedSql(from, to)));
  return r!;
}

function examplesOf(u: Unmatched): string[] {
  return u.examples ? u.examples.split('\u001f') : [];
}

function caseNote(u: Unmatched): Text {
  const parts: Text[] = [];
  if (u.case_only > 0) parts.push(t(`其中 ${u.case_only} 个只是大小写不同。`, ` ${u.case_only} of them differ only in upper/lower case.`));
  if (u.zeros_only > 0)
    parts.push(
      t(
        `其中 ${u.zeros_only} 个只差前导零（如 00123 与 123，多半是 Excel 把编号当成了数字）：请在导出时把编号列保存为文本。`,
        ` ${u.zeros_only} of them differ only in leading zeros (00123 vs 123, most likely Excel read the ids as numbers): export the id column as text.`,
      ),
    );
  if (u.numeric_only > 0)
    parts.push(
      t(
        `其中 ${u.numeric_only} 个只在当作数字时相同（如 12346.0 与 12346）：一个文件把编号存成了数字，另一个存成了文本；请两边都按文本导出。`,
        ` ${u.numeric_only} of them are equal only as numbers (12346.0 vs 12346): one file stores the id as a number, the other as text; export both as text.`,
      ),
    );
  parts.push(t('（编号按去掉首尾空格后精确比较。）', ' (Ids are trimmed, then compared exactly.)'));
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join('') };
}

/** Every data check that applies to a mapping, in the order a user should fix them. */
export async function runMappingChecks(engine: Engine, m: SourceMapping): Promise<MappingProblem[]> {
  const out: MappingProblem[] = [];
  const c = m.customers;
  // Customers taken from the order lines or orders themselves repeat by nature: nothing to check there.
  const fromOrders = c !== undefined && (c.table === m.orders?.table || (c.table === m.lines.table && m.lines.orderId !== c.customerId));
  if (c && !fromOrders) {
    const dup = await checkDuplicateIds(engine, c.table, c.customerId, m.lines.table === c.table);
    if (dup) out.push(dup);
    const [blank] = toRows<{ rows: number }>(await engine.query(buildBlankIdsSql(c.table, c.customerId)));
    if (blank && blank.rows > 0) {
      out.push({ severity: 'warning', table: c.table, column: c.customerId, text: t(`客户表“${c.table}”有 ${blank.rows} 行没有客户编号，这些行不参与分级。`, `${blank.rows} rows of the customers table "${c.table}" have no customer id and are not graded.`) });
    }
  }
  // Where each order's customer comes from: the orders table when there is one, else the lines.
  const carrier = m.orders ? { table: m.orders.table, column: m.orders.customerId } : m.lines.customerId ? { table: m.lines.table, column: m.lines.customerId } : null;
  if (carrier && c && carrier.table !== c.table) {
    const u = await unmatched(engine, carrier, { table: c.table, column: c.customerId });
    if (u.rows > 0) {
      const note = caseNote(u);
      out.push({
        severity: 'warning',
        table: carrier.table,
        column: carrier.column,
        text: t(
          `“${carrier.table}”中有 ${u.ids} 个客户编号（${u.rows} 行）在客户表“${c.table}”里找不到，例如 ${quoteZh(examplesOf(u))}；这些订单不计入分级。${note.zh}`,
          `${u.ids} customer ids in "${carrier.table}" (${u.rows} rows) match no customer in "${c.table}", e.g. ${quoteEn(examplesOf(u))}; those orders are left out of the grading.${note.en}`,
        ),
      });
    }
  }
  if (carrier) {
    const [blank] = toRows<{ rows: number }>(await engine.query(buildBlankIdsSql(carrier.table, carrier.column)));
    if (blank && blank.rows > 0) {
      out.push({ severity: 'warning', table: carrier.table, column: carrier.column, text: t(`“${carrier.table}”有 ${blank.rows} 行没有客户编号，这些行不计入分级。`, `${blank.rows} rows of "${carrier.table}" have no customer id and are left out of the grading.`) });
    }
  }
  const o = m.orders;
  if (o && o.table !== m.lines.table) {
    const u = await unmatched(engine, { table: m.lines.table, column: m.lines.orderId }, { table: o.table, column: o.orderId });
    if (u.rows > 0 && !m.lines.customerId) {
      out.push({
        severity: 'warning',
        table: m.lines.table,
        column: m.lines.orderId,
        text: t(
          `订单行“${m.lines.table}”中有 ${u.rows} 行的订单号（${u.ids} 个）在订单表“${o.table}”里找不到，例如 ${quoteZh(examplesOf(u))}；这些行没有客户，不计入分级。`,
          `${u.rows} order lines in "${m.lines.table}" (${u.ids} order ids) match no order in "${o.table}", e.g. ${quoteEn(examplesOf(u))}; they have no customer and are left out.`,
        ),
      });
    }
  }
  // A wide monthly report has no lines of its own; its negative months are corrections and netted alike.
  if (!m.lines.months?.length) {
    const [r] = toRows<{ lines: number; orders: number; amount: number; gross: number }>(await engine.query(buildReturnsSql(m)));
    if (r && r.lines > 0) {
      const share = r.gross > 0 ? ` (${((100 * -r.amount) / r.gross).toFixed(1)} %)` : '';
      out.push({
        severity: 'note',
        table: m.lines.table,
        text: t(
          `“${m.lines.table}”有 ${r.lines} 行金额为负（退货、红字冲销或取消的单据，涉及 ${r.orders} 张单据），合计 ${moneyText(r.amount)}${share}：它们与同一客户的销售相抵，冲减销售额和利润。`,
          `${r.lines} lines of "${m.lines.table}" have a negative amount (returns, credit notes or cancelled invoices, in ${r.orders} documents), ${moneyText(r.amount)} in all${share}: they are netted against the same customer's sales, reducing its order amount and profit.`,
        ),
      });
    }
  }
  return out;
}

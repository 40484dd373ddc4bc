// Proposes, for each loaded table, its role and the field of each column, with
// a confidence and a reason a user can read. Pure: it sees only a profile of
// each table (names, types, a few values, counts), never the engine.
// Headers decide first; values (dates, numbers, unique ids) fill the gaps.

import { compactHeader, FIELDS, normalizeHeader, ROLE_IDS, ROLES, type FieldId, type TableRole, type Text } from './fields';

export interface ColumnProfile {
  name: string;
  /** DuckDB type (VARCHAR, DOUBLE, DATE, …) or the loader's own type word (text, number, date). */
  type: string;
  /** A few non-null values, as text. */
  examples: string[];
  /** Distinct non-null values, when known. */
  distinct?: number;
  /** Non-null values, when known. */
  nonNull?: number;
}

export interface TableProfile {
  table: string;
  /** The file it came from, whose name can hint at the role. */
  file?: string;
  rows: number;
  columns: ColumnProfile[];
}

export interface ColumnGuess {
  column: string;
  field: FieldId | null;
  /** 0–1. */
  confidence: number;
  reason: Text;
}

export interface TableGuess {
  table: string;
  role: TableRole;
  confidence: number;
  reason: Text;
  columns: ColumnGuess[];
}

export type ValueClass = 'number' | 'date' | 'text' | 'boolean' | 'other';

/** The broad class of a column type, whether DuckDB's name or a loader's word. */
export function classifyType(type: string): ValueClass {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|NUMBER|INT\d*|FLOAT\d*|PERCENT)/.test(t))
    return 'number';
  if (/^(DATE|TIMESTAMP|DATETIME|TIME)/.test(t)) return 'date';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID)/.test(t)) return 'text';
  if (/^(BOOLEAN|BOOL)/.test(t)) return 'boolean';
  return 'other';
}

const CJK = /[\u3400-\u9fff]/u;
const DATE_TEXT = /^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/u;
const NUMBER_TEXT = /^[-+(]?\s*[¥￥$€£]?\s*[-+]?[\d,.\s]+\s*(万|亿|元|%|€)?\)?$/u;
const CURRENCY = /[¥￥$€£]|元$/u;

interface Candidate {
  field: FieldId;
  score: number;
  reason: Text;
  /** Only from the values being unique: such a column is an id only when it is the key of its table. */
  uniqueOnly?: boolean;
  /** The matched synonym's place in its field's list (the first names it best): breaks a tie between two columns. */
  synonymRank?: number;
}

interface Synonym {
  field: FieldId;
  /** Compact words that veto a match inside a longer header. */
  not: { compact: string; spaced: string; cjk: boolean }[];
  compact: string;
  spaced: string;
  cjk: boolean;
  /** 1, or less for a word that names the field less well. */
  weight: number;
  /** Its place in the field's list. */
  rank: number;
}

const SYNONYMS: Synonym[] = (Object.keys(FIELDS) as FieldId[]).flatMap((field) => {
  const not = (FIELDS[field].notWithin ?? []).map((w) => ({ compact: compactHeader(w), spaced: normalizeHeader(w), cjk: CJK.test(w) }));
  return [
    ...FIELDS[field].synonyms.map((s, rank) => ({ field, not, compact: compactHeader(s), spaced: normalizeHeader(s), cjk: CJK.test(s), weight: 1, rank })),
    ...(FIELDS[field].weaker ?? []).map((s, i) => ({ field, not, compact: compactHeader(s), spaced: normalizeHeader(s), cjk: CJK.test(s), weight: 0.9, rank: FIELDS[field].synonyms.length + i })),
  ];
});

/** How well a header names a field, 0–1: equal after normalising is 1; containing the word scores by how much of the header it covers. */
function headerCandidates(header: string): Candidate[] {
  const compact = compactHeader(header);
  const spaced = ` ${normalizeHeader(header)} `;
  if (compact === '') return [];
  const best = new Map<FieldId, Candidate & { modifier: boolean }>();
  for (const s of SYNONYMS) {
    let score = 0;
    let reason: Text;
    let modifier = false;
    if (compact === s.compact) {
      score = s.weight;
      reason = { zh: `表头“${header}”即「${FIELDS[s.field].label.zh}」`, en: `header "${header}" names ${FIELDS[s.field].label.en}` };
    } else {
      // Chinese has no word breaks, so a substring counts; English must match whole words ("ar" is not in "quarter").
      const inside = s.cjk ? compact.includes(s.compact) : spaced.includes(` ${s.spaced} `);
      if (!inside || s.compact.length < 2) continue;
      if (s.not.some((w) => (w.cjk ? compact.includes(w.compact) : spaced.includes(` ${w.spaced} `)))) continue;
      // The head noun ends the header in English and Chinese alike: "customer city" and 客户城市 are cities, not customers.
      const head = s.cjk ? compact.endsWith(s.compact) : spaced.endsWith(` ${s.spaced} `);
      score = Math.min(0.95, 0.5 + (0.4 * s.compact.length) / compact.length + (head ? 0.15 : -0.15)) * s.weight;
      modifier = !head;
      reason = { zh: `表头“${header}”含“${s.spaced}”`, en: `header "${header}" contains "${s.spaced}"` };
    }
    const prev = best.get(s.field);
    if (!prev || prev.score < score) best.set(s.field, { field: s.field, score, reason, modifier, synonymRank: s.rank });
  }
  const all = [...best.values()];
  // When the header ends in one field's word, words before it only qualify it: "customer_city", "order_delivered_customer_date".
  const headed = all.some((c) => !c.modifier);
  return all.filter((c) => !headed || !c.modifier).map(({ modifier: _, ...c }) => c);
}

/** A code: one token of letters, digits and -_./# with at least one digit (C-001, 00123, AC0001). */
const CODE = /^(?=.*\d)[\p{L}\d][\p{L}\d\-_./#]{0,29}$/u;
/** A name: words with a space between them, or Chinese characters, and not a code. */
const NAME = /(\p{L}\s+\p{L})|[\u3400-\u9fff]/u;

export type ValueShape = 'code' | 'name' | 'other';

/** Whether a column's values look like codes (ids) or like names. */
export function valueShape(examples: string[]): ValueShape {
  const xs = examples.map((e) => e.trim()).filter((e) => e !== '');
  if (xs.length === 0) return 'other';
  if (xs.every((e) => CODE.test(e))) return 'code';
  if (xs.some((e) => NAME.test(e) && !CODE.test(e))) return 'name';
  return 'other';
}

/** A column the file gave no name to (no header row, or an empty header cell). */
export const isUnnamed = (name: string) => /^column_\d+$/u.test(name);

const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The month a header names, as { year (when it says), month 1–12 }: 1月, 2024年1月, 2024-01, 202401,
 * Jan, January, Jan 2024, Jan-24, M01. Null for any other header.
 */
export function monthOfHeader(header: string): { year: number | null; month: number } | null {
  const h = header.normalize('NFKC').trim().toLowerCase().replace(/\s*(金额|销售额|销售|amount|sales|revenue)$/u, '');
  let m = /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?$/u.exec(h);
  if (m) return valid(m[1] ? Number(m[1]) : null, Number(m[2]));
  m = /^(\d{4})[-/.](\d{1,2})$/u.exec(h) ?? /^(\d{4})(\d{2})$/u.exec(h);
  if (m) return valid(Number(m[1]), Number(m[2]));
  m = /^m(\d{1,2})$/u.exec(h);
  if (m) return valid(null, Number(m[1]));
  m = /^([a-z]{3})[a-z]*\.?(?:[\s\-/']*(\d{2}|\d{4}))?$/u.exec(h);
  if (m) {
    const month = MONTHS_EN.indexOf(m[1]!) + 1;
    if (month === 0) return null;
    const y = m[2] ? Number(m[2]) : null;
    return valid(y === null ? null : y < 100 ? 2000 + y : y, month);
  }
  return null;
}

function valid(year: number | null, month: number): { year: number | null; month: number } | null {
  if (month < 1 || month > 12) return null;
  if (year !== null && (year < 1900 || year > 2100)) return null;
  return { year, month };
}

function looksLike(examples: string[], re: RegExp): boolean {
  const xs = examples.map((e) => e.trim()).filter((e) => e !== '');
  return xs.length > 0 && xs.every((e) => re.test(e));
}

function isUnique(c: ColumnProfile, rows: number): boolean {
  return rows > 1 && c.distinct !== undefined && c.distinct === rows && (c.nonNull ?? rows) === rows;
}

/** Guesses from the values alone, weaker than any header match. */
function valueCandidates(c: ColumnProfile, rows: number): Candidate[] {
  const cls = classifyType(c.type);
  const out: Candidate[] = [];
  if (cls === 'number' && monthOfHeader(c.name)) {
    out.push({ field: 'monthAmount', score: 0.8, reason: { zh: `表头“${c.name}”是月份，值是金额`, en: `header "${c.name}" is a month and the values are numbers` } });
  }
  // A column without a name says only what its values say: codes that repeat are customers, decimals are amounts.
  if (isUnnamed(c.name)) {
    const shape = valueShape(c.examples);
    if (cls === 'text' && shape === 'code' && c.distinct !== undefined && c.distinct < rows) {
      out.push({ field: 'customerId', score: 0.3, reason: { zh: '没有表头；值是重复出现的编号', en: 'no header; the values are codes that repeat' } });
    }
    if (cls === 'number' && c.examples.some((e) => /\.\d/u.test(e))) {
      out.push({ field: 'amount', score: 0.3, reason: { zh: '没有表头；值是带小数的数字', en: 'no header; the values are numbers with decimals' } });
    } else if (cls === 'number') {
      out.push({ field: 'quantity', score: 0.26, reason: { zh: '没有表头；值是整数', en: 'no header; the values are whole numbers' } });
    }
  }
  if (cls === 'date' || (cls === 'text' && looksLike(c.examples, DATE_TEXT))) {
    out.push({ field: 'orderDate', score: 0.35, reason: { zh: '值都是日期', en: 'the values are dates' } });
  }
  if (cls === 'text' && looksLike(c.examples, NUMBER_TEXT) && c.examples.some((e) => CURRENCY.test(e))) {
    out.push({ field: 'amount', score: 0.35, reason: { zh: '值是带货币符号的金额', en: 'the values are money amounts' } });
  }
  if ((cls === 'text' || cls === 'number') && isUnique(c, rows) && c.examples.every((e) => e.trim().length > 0 && e.trim().length <= 40)) {
    // Text codes, unique per row, are the strongest id the values can show (a number may be an amount).
    const code = cls === 'text' && valueShape(c.examples) === 'code';
    const reason = code
      ? { zh: '每行一个不同的编号', en: 'a different code on every row' }
      : { zh: '每行的值都不同，像编号', en: 'every row has a different value, like an id' };
    const score = code ? 0.45 : 0.3;
    out.push({ field: 'customerId', score, reason, uniqueOnly: true }, { field: 'orderId', score, reason, uniqueOnly: true });
  }
  return out;
}

const NUMERIC_KINDS = new Set(['money', 'ratio', 'number']);

/** All candidates for a column, best first, with header scores lowered when the values disagree. */
export function columnCandidates(c: ColumnProfile, rows: number): Candidate[] {
  const cls = classifyType(c.type);
  const shape = valueShape(c.examples);
  const fromHeader = headerCandidates(c.name).map((cand) => {
    const kind = FIELDS[cand.field].kind;
    // A date is never a name or a category ("order_delivered_customer_date"), a number never a name.
    if ((kind === 'name' && (cls === 'date' || cls === 'number')) || (kind === 'category' && cls === 'date')) {
      return { ...cand, score: 0, reason: { zh: `${cand.reason.zh}，但值是${cls === 'date' ? '日期' : '数字'}`, en: `${cand.reason.en}, but the values are ${cls === 'date' ? 'dates' : 'numbers'}` } };
    }
    // "Customer", "Client", "客户", "Sold-to party": the values tell an id from a name.
    if ((cand.field === 'customerId' && shape === 'name') || (cand.field === 'customerName' && shape === 'code')) {
      return {
        ...cand,
        score: cand.score * 0.6,
        reason: { zh: `${cand.reason.zh}，但值像${shape === 'code' ? '编号' : '名称'}`, en: `${cand.reason.en}, but the values look like ${shape === 'code' ? 'codes' : 'names'}` },
      };
    }
    if (NUMERIC_KINDS.has(kind) && cls === 'text' && !looksLike(c.examples, NUMBER_TEXT)) {
      return {
        ...cand,
        score: cand.score * 0.6,
        reason: { zh: `${cand.reason.zh}，但值不是数字`, en: `${cand.reason.en}, but the values are not numbers` },
      };
    }
    return cand;
  });
  const seen = new Set(fromHeader.map((c) => c.field));
  const fromValues = valueCandidates(c, rows).filter((v) => !seen.has(v.field));
  return [...fromHeader, ...fromValues].sort((a, b) => b.score - a.score);
}

function nameHints(t: TableProfile): Set<TableRole> {
  const out = new Set<TableRole>();
  const stem = (n: string) => n.replace(/\.[a-z0-9]{1,5}$/i, '');
  for (const name of [t.table, t.file ? stem(t.file) : '']) {
    if (!name) continue;
    const compact = compactHeader(name);
    const words = new Set(normalizeHeader(name).split(' '));
    for (const role of ROLE_IDS) {
      for (const hint of ROLES[role].nameHints) {
        if (CJK.test(hint) ? compact.includes(hint) : words.has(hint) || compact === hint) out.add(role);
      }
    }
  }
  return out;
}

/** Assign fields to columns greedily, best score first, one column per field. */
function assign(
  cands: Candidate[][],
  allowed: (c: Candidate) => boolean,
  prefer: (f: FieldId) => number,
): (Candidate | null)[] {
  const all = cands.flatMap((cs, i) => cs.filter(allowed).map((c) => ({ i, c, rank: c.score + prefer(c.field) })));
  // Equal scores: the column whose header is the field's better word (地区 over 城市 for the region), then the first column.
  all.sort((a, b) => b.rank - a.rank || (a.c.synonymRank ?? Infinity) - (b.c.synonymRank ?? Infinity) || a.i - b.i);
  const out: (Candidate | null)[] = cands.map(() => null);
  const taken = new Set<FieldId>();
  for (const { i, c } of all) {
    if (out[i] || (taken.has(c.field) && !FIELDS[c.field].many) || c.score < 0.25) continue;
    out[i] = c;
    taken.add(c.field);
  }
  return out;
}

const CUSTOMER_ATTRS: FieldId[] = ['customerName', 'region', 'industry', 'segment', 'size', 'strategic', 'prospect', 'satisfaction', 'loyaltyPoints', 'salesRep'];

interface RoleScore {
  role: TableRole;
  score: number;
  why: Text[];
}

function scoreRoles(t: TableProfile, fields: Map<FieldId, ColumnProfile>, keyCol: ColumnProfile | undefined, months: number): RoleScore[] {
  const has = (f: FieldId) => fields.has(f);
  const hints = nameHints(t);
  // No header names the customer id, but one text column holds a different code on every row: the key of a customer table.
  const idCol = fields.get('customerId') ?? (has('orderId') || has('orderDate') ? undefined : keyCol);
  const uniqueIds = idCol ? isUnique(idCol, t.rows) : false;
  const l = (zh: string, en: string): Text => ({ zh, en });
  const scores: RoleScore[] = ROLE_IDS.filter((r) => r !== 'ignore').map((role) => ({ role, score: 0, why: [] }));
  const add = (role: TableRole, n: number, why?: Text) => {
    const s = scores.find((x) => x.role === role)!;
    s.score += n;
    if (why) s.why.push(why);
  };
  if (has('amount')) add('lines', 4, l('有金额列', 'has an amount column'));
  // A price per line (the marketplace's order items) is a line amount in waiting: price × quantity, or price alone.
  else if (has('unitPrice')) add('lines', 3, l('有单价列', 'has a unit price'));
  if (has('quantity')) add('lines', 1);
  if (has('profit') || has('cost') || has('margin')) add('lines', 1, l('有利润/成本列', 'has profit or cost'));
  if (has('orderId')) add('lines', 1, l('有订单号', 'has an order id'));
  if (has('orderDate')) add('lines', 1);
  if (has('orderId') && has('customerId') && !has('amount')) add('orders', 4, l('有订单号和客户编号、没有金额', 'links order ids to customers, no amounts'));
  if (has('orderId') && !has('amount') && has('orderDate')) add('orders', 1);
  // A customer file may repeat a few ids by mistake; order data without order ids or dates repeats them a lot.
  const nearlyUnique =
    !uniqueIds && idCol?.distinct !== undefined && idCol.distinct >= 0.8 * (idCol.nonNull ?? t.rows) && !has('orderId') && !has('orderDate');
  if (idCol) {
    if (uniqueIds) add('customers', 3, l('客户编号每行唯一', 'one row per customer id'));
    if (nearlyUnique) add('customers', 3, l('几乎每个客户编号一行（有少数重复）', 'nearly one row per customer id (a few repeat)'));
    const attrs = CUSTOMER_ATTRS.filter(has).length;
    if (attrs) add('customers', attrs, l('有客户属性列', 'has customer attributes'));
    if (has('orderId')) add('customers', -3);
    if ((uniqueIds || nearlyUnique) && !has('orderId')) add('lines', -3);
  }
  // Customer-level measures (orders in the year, last order, growth) and one column per month are summaries, not transactions.
  const summaries = (['orderCount', 'lastOrder', 'firstOrder', 'growth', 'creditLimit'] as FieldId[]).filter(has).length;
  if (idCol && summaries) add('customers', 2 * summaries, l('有客户汇总指标（订单数、末单日期等）', 'has per-customer totals (orders, last order…)'));
  if (idCol && months >= 3) add('customers', 4, l(`有 ${months} 个月份列（按月汇总的报表）`, `has ${months} month columns (a monthly report)`));
  if (idCol && (uniqueIds || keyCol === idCol) && has('amount') && !has('orderId') && !has('orderDate')) {
    add('customers', 2, l('每行一个客户，金额已汇总', 'one row per customer, amounts already added up'));
  }
  if (has('dueDate')) add('receivables', 2, l('有到期日', 'has a due date'));
  if (has('paidDate')) add('receivables', 2, l('有回款日期', 'has a paid date'));
  if (has('daysLate')) add('receivables', 2, l('有逾期天数', 'has days late'));
  if ((has('dueDate') || has('paidDate') || has('daysLate')) && !has('orderDate')) add('receivables', 1);
  if (has('complaintId') || has('openedAt')) add('complaints', 4, l('有投诉编号或投诉日期', 'has a complaint id or complaint date'));
  if (has('resolvedAt')) add('complaints', 1);
  if (has('material')) add('openOrders', 4, l('有物料列', 'has a material column'));
  if (has('deliveryDate')) add('openOrders', 3, l('有要求交期', 'has a requested delivery date'));
  // "客户投诉" names both customers and complaints: the narrower role wins.
  for (const role of hints) add(role, role === 'complaints' || role === 'receivables' || role === 'openOrders' ? 3 : 2, l(`表名像「${ROLES[role].label.zh}」`, `its name suggests ${ROLES[role].label.en.toLowerCase()}`));
  return scores.sort((a, b) => b.score - a.score);
}

function joinWhy(why: Text[]): Text {
  return { zh: why.map((w) => w.zh).join('；'), en: why.map((w) => w.en).join('; ') };
}

/** Role and fields for one table, given the role (or letting the table's columns decide it). */
export function detectTable(t: TableProfile, forcedRole?: TableRole): TableGuess {
  const cands = t.columns.map((c) => columnCandidates(c, t.rows));
  // First pass without a role, to see which fields the table has.
  const loose = assign(cands, () => true, () => 0);
  const found = new Map<FieldId, ColumnProfile>();
  let keyCol: ColumnProfile | undefined;
  let months = 0;
  loose.forEach((c, i) => {
    if (c && !c.uniqueOnly) found.set(c.field, t.columns[i]!);
    if (c?.field === 'monthAmount') months++;
    if (c?.uniqueOnly && c.field === 'customerId' && c.score >= 0.45) keyCol ??= t.columns[i];
  });
  // The loose pass gives a unique code to whichever id it met first: either one makes the key.
  if (!keyCol) {
    const i = cands.findIndex((cs) => cs.some((c) => c.uniqueOnly && c.field === 'customerId' && c.score >= 0.45) && !(loose[cands.indexOf(cs)] && !loose[cands.indexOf(cs)]!.uniqueOnly));
    if (i >= 0) keyCol = t.columns[i];
  }
  const ranked = scoreRoles(t, found, keyCol, months);
  const top = ranked[0]!;
  const second = ranked[1]?.score ?? 0;
  let role: TableRole;
  let confidence: number;
  let reason: Text;
  if (forcedRole) {
    role = forcedRole;
    confidence = 1;
    reason = { zh: '由你选定', en: 'chosen by you' };
  } else if (top.score <= 0) {
    role = 'ignore';
    confidence = 0.5;
    reason = { zh: '没有可识别的客户、订单或金额列', en: 'no recognisable customer, order or amount columns' };
  } else {
    role = top.role;
    confidence = Math.min(1, 0.35 + 0.1 * top.score) * (top.score > second ? 1 : 0.5);
    reason = joinWhy(top.why);
  }
  return { table: t.table, role, confidence: round2(confidence), reason, columns: fieldsForRole(t, cands, role) };
}

function fieldsForRole(t: TableProfile, cands: Candidate[][], role: TableRole): ColumnGuess[] {
  // An id column whose values are unique is the key of its table: the customer id of a customer file, the order id of an order file.
  const key: FieldId | null = role === 'customers' ? 'customerId' : role === 'orders' ? 'orderId' : null;
  const picked = assign(
    cands,
    (c) => role !== 'ignore' && FIELDS[c.field].roles.includes(role) && (!c.uniqueOnly || c.field === key),
    (f) => (f === key ? 0.01 : 0),
  );
  return t.columns.map((c, i) => {
    const p = picked[i];
    return p
      ? { column: c.name, field: p.field, confidence: round2(p.score), reason: p.reason }
      : { column: c.name, field: null, confidence: 0, reason: { zh: '未识别', en: 'not recognised' } };
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Propose a role and fields for every table. When two tables both look like
 * order lines and one of them also looks like receivables, that one becomes receivables.
 */
export function detectMapping(tables: TableProfile[]): TableGuess[] {
  const guesses = tables.map((t) => detectTable(t));
  const lines = guesses.filter((g) => g.role === 'lines');
  if (lines.length > 1) {
    for (const g of lines) {
      const t = tables.find((x) => x.table === g.table)!;
      const fields = new Set(g.columns.map((c) => c.field));
      if ((fields.has('dueDate') || fields.has('paidDate') || fields.has('daysLate')) && !fields.has('orderDate')) {
        const i = guesses.indexOf(g);
        guesses[i] = { ...detectTable(t, 'receivables'), confidence: 0.5, reason: { zh: '已有订单行表；此表有到期/回款信息', en: 'another table holds the order lines; this one has due or paid dates' } };
      }
    }
  }
  return guesses;
}

/** Re-derive the fields of a table after the user changed its role. */
export function redetectForRole(t: TableProfile, role: TableRole): ColumnGuess[] {
  return detectTable(t, role).columns;
}

// Generated illustration data for the Queues step: the Superstore sample has no
// complaints and no open orders, so small plausible tables are derived from its
// customers and orders with a seeded generator. Same inputs → the same bytes, so
// the committed sample-data/complaints.csv and open_orders.csv can be checked
// against this code (test/unit/sample-queues.test.ts). NOT Tableau's data.

export const COMPLAINTS_FILE = 'complaints.csv';
export const OPEN_ORDERS_FILE = 'open_orders.csv';

/** mulberry32: a tiny, well-known seeded PRNG (deterministic across platforms). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4180 rows (the Superstore files quote names with commas). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Superstore dates are M/D/YYYY. */
const usDate = (d: string) => {
  const [m, day, y] = d.split('/').map(Number);
  return Date.UTC(y!, m! - 1, day!);
};

const ISSUES: [string, number][] = [
  ['Late delivery', 30],
  ['Damaged item', 20],
  ['Wrong item shipped', 14],
  ['Invoice error', 12],
  ['Missing parts', 10],
  ['Product defect', 9],
  ['Return not processed', 5],
];

const MATERIALS: { name: string; weight: number; qty: [number, number] }[] = [
  { name: 'Copy paper (carton)', weight: 30, qty: [5, 60] },
  { name: 'Binder rings (box)', weight: 20, qty: [10, 120] },
  { name: 'Steel shelf panel', weight: 20, qty: [4, 40] },
  { name: 'Chair caster set', weight: 15, qty: [2, 30] },
  { name: 'Toner cartridge', weight: 15, qty: [1, 24] },
];

function weighted<T>(r: () => number, items: readonly T[], weight: (x: T) => number): T {
  const total = items.reduce((s, x) => s + weight(x), 0);
  let u = r() * total;
  for (const x of items) {
    u -= weight(x);
    if (u < 0) return x;
  }
  return items[items.length - 1]!;
}

function csv(header: string[], rows: (string | number)[][]): string {
  const q = (v: string | number) => (typeof v === 'string' && /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

export interface SampleQueues {
  complaints: string;
  openOrders: string;
  asOf: string;
}

/**
 * From the Superstore orders.csv text: 120 complaints over the last 120 days before
 * the latest order (customers picked by how often they ordered in that last year,
 * about one in six still open), and 64 open orders placed in the last 21 days,
 * each needing one of five materials.
 */
export function makeSampleQueues(ordersCsv: string, seed = 20151231): SampleQueues {
  const r = rng(seed);
  const [head, ...rows] = parseCsv(ordersCsv).filter((x) => x.length > 1);
  const col = (name: string) => head!.indexOf(name);
  const [cCustomer, cDate, cOrder] = [col('Customer ID'), col('Order Date'), col('Order ID')];
  const orders = rows.map((x) => ({ customer: x[cCustomer]!, date: usDate(x[cDate]!), order: x[cOrder]! }));
  const asOf = Math.max(...orders.map((o) => o.date));

  // Customers weighted by their orders in the last year: the active ones are the ones who complain and order.
  const recent = orders.filter((o) => o.date > asOf - 365 * DAY);
  const perCustomer = new Map<string, { orders: typeof orders }>();
  for (const o of recent) {
    const e = perCustomer.get(o.customer) ?? { orders: [] };
    e.orders.push(o);
    perCustomer.set(o.customer, e);
  }
  const customers = [...perCustomer.keys()].sort();
  const pickCustomer = () => weighted(r, customers, (c) => perCustomer.get(c)!.orders.length);

  const complaints: { opened: number; row: (string | number)[] }[] = [];
  for (let i = 0; i < 120; i++) {
    const customer = pickCustomer();
    const opened = asOf - Math.floor(r() * 120) * DAY;
    const before = perCustomer.get(customer)!.orders.filter((o) => o.date <= opened).sort((a, b) => b.date - a.date || (a.order < b.order ? -1 : 1));
    const order = before.length ? before[Math.floor(r() * Math.min(3, before.length))]!.order : '';
    // Most are settled in 1–12 days; a few get stuck.
    const took = 1 + Math.floor(r() ** 1.6 * 12);
    const stuck = r() < 0.08;
    const resolved = !stuck && opened + took * DAY <= asOf ? iso(opened + took * DAY) : '';
    const issue = weighted(r, ISSUES, (x) => x[1])[0];
    complaints.push({ opened, row: [customer, order, iso(opened), resolved, issue] });
  }
  complaints.sort((a, b) => a.opened - b.opened || (String(a.row[0]) < String(b.row[0]) ? -1 : 1));
  const complaintsCsv = csv(
    ['Complaint ID', 'Customer ID', 'Order ID', 'Complaint Date', 'Resolved Date', 'Issue'],
    complaints.map((c, i) => [`CMP-${String(i + 1).padStart(4, '0')}`, ...c.row]),
  );

  const open: { placed: number; row: (string | number)[] }[] = [];
  for (let i = 0; i < 64; i++) {
    const customer = pickCustomer();
    const placed = asOf - Math.floor(r() * 21) * DAY;
    const wanted = placed + (7 + Math.floor(r() * 29)) * DAY;
    const m = weighted(r, MATERIALS, (x) => x.weight);
    const qty = m.qty[0] + Math.floor(r() * (m.qty[1] - m.qty[0] + 1));
    open.push({ placed, row: [customer, iso(placed), iso(wanted), m.name, qty] });
  }
  open.sort((a, b) => a.placed - b.placed || (String(a.row[0]) < String(b.row[0]) ? -1 : 1));
  const openCsv = csv(
    ['Order ID', 'Customer ID', 'Order Date', 'Requested Date', 'Material', 'Quantity'],
    open.map((o, i) => [`OPEN-${String(i + 1).padStart(4, '0')}`, ...o.row]),
  );
  return { complaints: complaintsCsv, openOrders: openCsv, asOf: iso(asOf) };
}

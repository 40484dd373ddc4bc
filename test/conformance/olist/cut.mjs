// Cuts the conformance slice of the Olist marketplace export from the 10,000-order
// 2017 subset in harjeetkalsi/dbt_project_cbf (data/{orders,order_items,customers}.csv):
// the orders whose id starts with 0–3 (a quarter, by the hex hash), their items and
// their customers. Lines are copied byte for byte (no field of these files is quoted).
//   node cut.mjs <data dir> <out dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [src, out] = process.argv.slice(2);
if (!src || !out) throw new Error('usage: node cut.mjs <data dir> <out dir>');
const read = (name) => readFileSync(join(src, name), 'utf8').split(/\r?\n/).filter((l) => l !== '');
const write = (name, header, lines) => writeFileSync(join(out, name), `${[header, ...lines].join('\n')}\n`);

const [oh, ...orders] = read('orders.csv');
const kept = orders.filter((l) => /^[0-3]/.test(l));
const orderIds = new Set(kept.map((l) => l.split(',')[0]));
const customerIds = new Set(kept.map((l) => l.split(',')[1]));
write('orders.csv', oh, kept);
const [ih, ...items] = read('order_items.csv');
write('order_items.csv', ih, items.filter((l) => orderIds.has(l.split(',')[0])));
const [ch, ...customers] = read('customers.csv');
write('customers.csv', ch, customers.filter((l) => customerIds.has(l.split(',')[0])));

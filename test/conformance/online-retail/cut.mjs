// Cuts the conformance slice of the UCI Online Retail log from the daily files of
// databricks/Spark-The-Definitive-Guide (data/retail-data/by-day/*.csv):
// every line of the customers whose id is divisible by 40, and the lines without
// a customer id of the invoices whose number is divisible by 40. Lines are copied
// byte for byte, in the order of the daily files.
//   node cut.mjs <by-day dir> > online-retail-slice.csv
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node cut.mjs <by-day dir>');
// Split on commas outside double quotes (descriptions may hold commas).
const fields = (line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
let header = null;
const out = [];
for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
  const [first, ...lines] = readFileSync(join(dir, name), 'utf8').split(/\r?\n/);
  header ??= first;
  for (const line of lines) {
    if (!line) continue;
    const f = fields(line);
    const customer = f[6] ?? '';
    const invoice = Number((f[0] ?? '').replace(/^[A-Z]/, ''));
    const keep = customer === '' ? invoice % 40 === 0 : Number(customer) % 40 === 0;
    if (keep) out.push(line);
  }
}
process.stdout.write(`${header}\n${out.join('\n')}\n`);

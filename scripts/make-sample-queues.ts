// Writes sample-data/complaints.csv and sample-data/open_orders.csv from the
// Superstore orders: `npx tsx scripts/make-sample-queues.ts`. Deterministic (seeded).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMPLAINTS_FILE, makeSampleQueues, OPEN_ORDERS_FILE } from './sample-queues';

const dir = fileURLToPath(new URL('../sample-data/', import.meta.url));
const out = makeSampleQueues(readFileSync(dir + 'orders.csv', 'utf8'));
writeFileSync(dir + COMPLAINTS_FILE, out.complaints);
writeFileSync(dir + OPEN_ORDERS_FILE, out.openOrders);
console.log(`Wrote ${COMPLAINTS_FILE} and ${OPEN_ORDERS_FILE} (as of ${out.asOf}).`);

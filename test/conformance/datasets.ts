// The conformance datasets: real public exports nobody here wrote (sources and
// licences in each folder's SOURCE.md), with what a user should see when dropping them.

import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface ConformanceDataset {
  id: string;
  /** What kind of export it stands for. */
  shape: string;
  files: string[];
}

export const DATASETS: ConformanceDataset[] = [
  {
    id: 'northwind',
    shape: 'normalized sales database: customers, orders, order details (price × quantity × discount, no profit)',
    files: ['customers.csv', 'orders.csv', 'order_details.csv'].map((f) => here(`northwind/${f}`)),
  },
  {
    id: 'online-retail',
    shape: 'online-retail invoice log: returns as negative quantities on C-invoices, lines without a customer id',
    files: [here('online-retail/online-retail-slice.csv')],
  },
  {
    id: 'olist',
    shape: 'marketplace export across several files: customers, orders, order items (a price per item, freight beside it)',
    files: ['customers.csv', 'orders.csv', 'order_items.csv'].map((f) => here(`olist/${f}`)),
  },
  {
    id: 'cdnow',
    shape: 'CDNOW transaction log: space-aligned text without a header, yyyymmdd dates',
    files: [here('../data/cdnow/CDNOW_sample.txt')],
  },
  {
    id: 'superstore',
    shape: 'the bundled Superstore sample: five files with customers, orders, lines, complaints, open orders',
    files: ['customers.csv', 'orders.csv', 'lineitems.csv', 'complaints.csv', 'open_orders.csv'].map((f) => here(`../../sample-data/${f}`)),
  },
  {
    id: 'cn-superstore',
    shape: 'a Chinese workbook with Chinese headers: one sheet of order lines (and two more sheets)',
    files: [here('cn-superstore/示例 - 超市.xlsx')],
  },
];

// The bundled sample: Tableau's "Sample - Superstore", normalised into three
// tables (MIT, © 2020 Tableau; see sample-data/LICENSE), plus two small tables
// generated from it for the Queues step (complaints, open orders: illustration
// data made by scripts/sample-queues.ts, not Tableau's). Typed explicitly so
// loading it never depends on sniffing.

import type { Engine } from '../db/engine';
import type { SourceMapping } from '../model/source';
import { buildCsvTableSql, type CsvTableSpec } from './csv-sql';

export type SampleFile = 'customers.csv' | 'orders.csv' | 'lineitems.csv' | 'complaints.csv' | 'open_orders.csv';

/** Sample tables that are generated illustration data, not Tableau's. */
export const GENERATED_SAMPLE_TABLES = ['complaints', 'open_orders'] as const;

export const SAMPLE_TABLES: (CsvTableSpec & { file: SampleFile })[] = [
  {
    table: 'customers',
    file: 'customers.csv',
    columns: { 'Customer ID': 'VARCHAR', 'Customer Name': 'VARCHAR', 'Loyalty Reward Points': 'INTEGER', Segment: 'VARCHAR' },
  },
  {
    table: 'orders',
    file: 'orders.csv',
    columns: {
      'Address ID': 'INTEGER',
      'Customer ID': 'VARCHAR',
      'Order Date': 'DATE',
      'Order ID': 'VARCHAR',
      'Ship Date': 'DATE',
      'Ship Mode': 'VARCHAR',
    },
    dateFormat: '%m/%d/%Y',
  },
  {
    table: 'lineitems',
    file: 'lineitems.csv',
    columns: {
      Discount: 'DOUBLE',
      'Line Item ID': 'INTEGER',
      'Order ID': 'VARCHAR',
      'Product ID': 'VARCHAR',
      Profit: 'DOUBLE',
      Quantity: 'INTEGER',
      Sales: 'DOUBLE',
    },
  },
  {
    table: 'complaints',
    file: 'complaints.csv',
    columns: {
      'Complaint ID': 'VARCHAR',
      'Customer ID': 'VARCHAR',
      'Order ID': 'VARCHAR',
      'Complaint Date': 'DATE',
      'Resolved Date': 'DATE',
      Issue: 'VARCHAR',
    },
  },
  {
    table: 'open_orders',
    file: 'open_orders.csv',
    columns: {
      'Order ID': 'VARCHAR',
      'Customer ID': 'VARCHAR',
      'Order Date': 'DATE',
      'Requested Date': 'DATE',
      Material: 'VARCHAR',
      Quantity: 'INTEGER',
    },
  },
];

export const SAMPLE_MAPPING: SourceMapping = {
  lines: { table: 'lineitems', orderId: 'Order ID', amount: 'Sales', profit: 'Profit', quantity: 'Quantity' },
  orders: { table: 'orders', orderId: 'Order ID', customerId: 'Customer ID', orderDate: 'Order Date' },
  customers: {
    table: 'customers',
    customerId: 'Customer ID',
    name: 'Customer Name',
    loyaltyPoints: 'Loyalty Reward Points',
    customerType: 'Segment',
  },
  complaints: {
    table: 'complaints',
    customerId: 'Customer ID',
    openedAt: 'Complaint Date',
    resolvedAt: 'Resolved Date',
    complaintId: 'Complaint ID',
    orderId: 'Order ID',
    issue: 'Issue',
  },
  openOrders: {
    table: 'open_orders',
    customerId: 'Customer ID',
    orderId: 'Order ID',
    orderDate: 'Order Date',
    deliveryDate: 'Requested Date',
    material: 'Material',
    quantity: 'Quantity',
  },
};

/** Registered file name inside DuckDB, kept apart from user files. */
const registered = (file: SampleFile) => `sample/${file}`;

/** The SQL that loads the sample, in order (shown in the page's Data step). */
export function sampleLoadSql(): string[] {
  return SAMPLE_TABLES.map((t) => buildCsvTableSql({ ...t, file: registered(t.file) }));
}

/** Load the sample tables; `read` supplies each file's bytes (fetch in the browser, fs in Node). */
export async function loadSample(engine: Engine, read: (file: SampleFile) => Promise<Uint8Array>): Promise<void> {
  const bytes = await Promise.all(SAMPLE_TABLES.map((t) => read(t.file)));
  const sql = sampleLoadSql();
  for (let i = 0; i < SAMPLE_TABLES.length; i++) {
    const name = registered(SAMPLE_TABLES[i]!.file);
    await engine.registerFile(name, bytes[i]!);
    await engine.query(sql[i]!);
    // The table holds the data now; the registered copy would only double the memory.
    await engine.dropFile(name);
  }
}

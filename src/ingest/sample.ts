// The bundled sample: Tableau's "Sample - Superstore", normalised into three
// tables (MIT, © 2020 Tableau; see sample-data/LICENSE). Typed explicitly so
// loading it never depends on sniffing.

import type { Engine } from '../db/engine';
import type { SourceMapping } from '../model/source';
import { buildCsvTableSql, type CsvTableSpec } from './csv-sql';

export const SAMPLE_ATTRIBUTION =
  'Sample data: Tableau "Sample - Superstore" (normalized), from tableau/hyper-api-samples, MIT License © 2020 Tableau.';

export type SampleFile = 'customers.csv' | 'orders.csv' | 'lineitems.csv';

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
};

/** Registered file name inside DuckDB, kept apart from user files. */
const registered = (file: SampleFile) => `sample/${file}`;

/** The SQL that loads the sample, in order (shown in the page's Data step). */
export function sampleLoadSql(): string[] {
  return SAMPLE_TABLES.map((t) => buildCsvTableSql({ ...t, file: registered(t.file) }));
}

/** Load the three sample tables; `read` supplies each file's bytes (fetch in the browser, fs in Node). */
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

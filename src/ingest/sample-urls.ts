// Browser side of the sample: the CSVs are build assets, fetched from our own origin.

import customersUrl from '../../sample-data/customers.csv?url';
import ordersUrl from '../../sample-data/orders.csv?url';
import lineitemsUrl from '../../sample-data/lineitems.csv?url';
import complaintsUrl from '../../sample-data/complaints.csv?url';
import openOrdersUrl from '../../sample-data/open_orders.csv?url';
import type { SampleFile } from './sample';

const URLS: Record<SampleFile, string> = {
  'customers.csv': customersUrl,
  'orders.csv': ordersUrl,
  'lineitems.csv': lineitemsUrl,
  'complaints.csv': complaintsUrl,
  'open_orders.csv': openOrdersUrl,
};

export async function fetchSampleFile(file: SampleFile): Promise<Uint8Array> {
  const res = await fetch(URLS[file]);
  if (!res.ok) throw new Error(`Could not load the sample file ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

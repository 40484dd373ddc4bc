// The mapping in use, as rows a person can read: each role's table and which of
// its columns feed which field. Pure (the Mapping step renders it).

import { FIELDS, ROLES, type FieldId, type TableRole, type Text } from '../../ingest/fields';
import type { SourceMapping } from '../../model/source';

export interface MappingLine {
  role: TableRole;
  roleLabel: Text;
  table: string;
  columns: { field: Text; column: string }[];
}

// Source key → field, per role (the inverse of to-source-mapping's key tables).
const KEYS: Record<Exclude<keyof SourceMapping, never>, [TableRole, Record<string, FieldId>]> = {
  lines: ['lines', { customerId: 'customerId', orderId: 'orderId', orderDate: 'orderDate', amount: 'amount', profit: 'profit', margin: 'margin', cost: 'cost', quantity: 'quantity', daysLate: 'daysLate', dueDate: 'dueDate', paidDate: 'paidDate' }],
  orders: ['orders', { orderId: 'orderId', customerId: 'customerId', orderDate: 'orderDate', daysLate: 'daysLate', dueDate: 'dueDate', paidDate: 'paidDate' }],
  customers: [
    'customers',
    { customerId: 'customerId', name: 'customerName', loyaltyPoints: 'loyaltyPoints', strategic: 'strategic', satisfaction: 'satisfaction', prospect: 'prospect', region: 'region', industry: 'industry', customerType: 'segment', size: 'size', salesperson: 'salesRep', lastContact: 'lastContact' },
  ],
  receivables: ['receivables', { customerId: 'customerId', amount: 'amount', dueDate: 'dueDate', paidDate: 'paidDate', daysLate: 'daysLate' }],
  complaints: ['complaints', { complaintId: 'complaintId', customerId: 'customerId', orderId: 'orderId', openedAt: 'openedAt', resolvedAt: 'resolvedAt', issue: 'issue' }],
  openOrders: ['openOrders', { orderId: 'orderId', customerId: 'customerId', orderDate: 'orderDate', deliveryDate: 'deliveryDate', material: 'material', quantity: 'quantity' }],
};

export function mappingSummary(m: SourceMapping): MappingLine[] {
  const out: MappingLine[] = [];
  for (const [key, [role, fields]] of Object.entries(KEYS) as [keyof SourceMapping, [TableRole, Record<string, FieldId>]][]) {
    const src = m[key] as unknown as Record<string, string> | undefined;
    if (!src) continue;
    const columns = Object.entries(fields).flatMap(([k, f]) => (src[k] ? [{ field: FIELDS[f].label, column: src[k]! }] : []));
    out.push({ role, roleLabel: ROLES[role].label, table: src.table!, columns });
  }
  return out;
}

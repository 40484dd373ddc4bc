// Mappings the user confirmed, remembered by the headers of the file they were
// made on: next month's export with the same columns maps itself. Pure.

import type { FieldId, TableRole } from './fields';
import type { TableChoice } from './to-source-mapping';

export interface RememberedMapping {
  /** The table's column names, sorted and joined: the same export, whatever its name or rows. */
  signature: string;
  role: TableRole;
  fields: Record<string, FieldId | null>;
}

/** Kept at most: the newest first, the oldest forgotten. */
export const MAX_REMEMBERED = 50;

export const headerSignature = (columns: string[]): string => [...columns].sort().join('\u001f');

/** The list with this choice first (replacing one for the same headers). */
export function remember(list: RememberedMapping[], columns: string[], choice: TableChoice): RememberedMapping[] {
  const signature = headerSignature(columns);
  const entry: RememberedMapping = { signature, role: choice.role, fields: { ...choice.fields } };
  return [entry, ...list.filter((r) => r.signature !== signature)].slice(0, MAX_REMEMBERED);
}

/** The remembered choice for a table with these columns, made for that table. */
export function recall(list: RememberedMapping[], table: string, columns: string[]): TableChoice | null {
  const signature = headerSignature(columns);
  const hit = list.find((r) => r.signature === signature);
  return hit ? { table, role: hit.role, fields: { ...hit.fields } } : null;
}

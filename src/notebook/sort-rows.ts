// Sorting a shown result by one column, in the page (the rows are at most the cell's limit).

import type { CellValue } from './cell-result';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** Row positions in sorted order; empty values last in either direction; equal values keep their order. */
export function sortOrder(rows: readonly (readonly CellValue[])[], column: number, descending: boolean): number[] {
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = rows[i]![column] ?? null;
    const b = rows[j]![column] ?? null;
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    const c = compare(a, b);
    return c === 0 ? i - j : descending ? -c : c;
  });
  return order;
}

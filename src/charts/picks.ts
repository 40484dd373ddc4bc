// Reading the click selections back out of Vega. A point selection's signal
// holds {field: [values]} while something is picked and {} (or null) otherwise.

function first(value: unknown, field: string): string | null {
  if (!value || typeof value !== 'object') return null;
  const v = (value as Record<string, unknown>)[field];
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : null;
}

/** The grade picked in a grade_pick signal value, or null when the pick was cleared. */
export function pickedGrade(value: unknown): string | null {
  return first(value, 'grade');
}

/** The customer picked in a customer_pick signal value. */
export function pickedCustomer(value: unknown): string | null {
  return first(value, 'customer_id');
}

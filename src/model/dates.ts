// Calendar arithmetic on YYYY-MM-DD strings (UTC), for periods and windows.

/** Shift a YYYY-MM-DD date by whole months (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The next calendar day. */
export const dayAfter = (d: string): string => new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10);

/** The last day of the month `date` falls in. */
export function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

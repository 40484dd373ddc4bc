// Which type a column gets, decided from the profile counts of its values
// (values-sql.ts). Pure: no SQL runs here.

import type { ColumnProfile, DatePlan, DecimalMark } from './values-sql';

export type ColumnType = 'number' | 'percent' | 'date' | 'text';

export interface TypePlan {
  type: ColumnType;
  decimal?: DecimalMark;
  date?: DatePlan;
  /** Why, in a few words (shown next to the column). */
  note?: string;
  /** Dates whose day/month order the values do not settle: read in `date.order`, and the user is told. */
  dateWarning?: 'mixed' | 'ambiguous';
}

/** Share of non-empty cells that must parse for a column to be typed (the rest are reported as failures). */
export const TYPE_THRESHOLD = 0.8;

/** Headers that may hold Excel serial day numbers or yyyymmdd dates; values alone cannot tell those from amounts. */
export const DATE_HEADER = /date|time|day|日期|时间|日$|^dt$|_dt$|datum|fecha/i;

export interface TypeOptions {
  /** 3/7/2025 means 3 July (day first) instead of US 7 March. */
  dayFirst?: boolean;
}

export function decideType(header: string, p: ColumnProfile, opts: TypeOptions = {}): TypePlan {
  const n = p.nonEmpty;
  if (n === 0) return { type: 'text', note: 'empty' };
  const enough = (k: number) => k >= TYPE_THRESHOLD * n;
  const dateHint = DATE_HEADER.test(header);
  // A column the file gave no name (no header row): 8-digit values that are all valid dates are dates.
  const unnamed = /^column_\d+$/u.test(header);

  if ((dateHint && enough(p.compact)) || (unnamed && p.compact === n)) {
    return { type: 'date', date: { order: 'mdy', compact: true, serial: false }, note: 'yyyymmdd' };
  }
  // In a column named like a date, Excel serial day numbers count as dates too (mixed exports happen).
  const serial = dateHint ? p.serial : 0;
  if (p.ymd + p.xyz + serial > 0 && enough(p.ymd + p.xyz + serial)) {
    let order: DatePlan['order'] = opts.dayFirst ? 'dmy' : 'mdy';
    let dateWarning: TypePlan['dateWarning'];
    let note = 'dates';
    if (p.xyz > 0) {
      if (p.xyzFirstOver12 > 0 && p.xyzSecondOver12 === 0) order = 'dmy';
      else if (p.xyzSecondOver12 > 0 && p.xyzFirstOver12 === 0) order = 'mdy';
      else dateWarning = p.xyzFirstOver12 > 0 && p.xyzSecondOver12 > 0 ? 'mixed' : 'ambiguous';
      note = order === 'mdy' ? 'dates, month/day/year' : 'dates, day/month/year';
    }
    if (serial > 0 && p.ymd + p.xyz === 0) note = 'Excel serial day numbers';
    return { type: 'date', date: { order, compact: false, serial: serial > 0 }, note, ...(dateWarning ? { dateWarning } : {}) };
  }
  // Leading zeros and long digit runs are codes (ids, phone, bank numbers): a number would lose them.
  if (p.leadingZero > 0 || p.longDigits > 0) return { type: 'text', note: 'codes with leading zeros or long digit runs' };
  // Invoice or stock numbers with a letter on some (C536365 is a cancelled 536365): typing them as numbers would drop those.
  // A few other codes (POST, DOT, BANK CHARGES) may sit among them; any decimal number means a measure.
  if (p.codeMixed > 0 && p.numDot === p.plainInt && p.plainInt + p.codeMixed >= 0.95 * n) return { type: 'text', note: 'codes, some with letters' };
  const comma = p.commaOnly > p.dotOnly;
  const num = comma ? p.numComma : p.numDot;
  if (enough(num)) {
    const decimal: DecimalMark = comma ? ',' : '.';
    const note = comma ? 'decimal comma' : undefined;
    const type: ColumnType = p.percent >= 0.5 * num ? 'percent' : 'number';
    return { type, decimal, ...(note ? { note } : {}) };
  }
  return { type: 'text' };
}

import { describe, expect, test } from 'vitest';
import { decideType } from '../../src/ingest/column-types';
import { PROFILE_FIELDS, type ColumnProfile } from '../../src/ingest/values-sql';

const profile = (p: Partial<ColumnProfile>): ColumnProfile => ({ ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f, 0])), ...p }) as ColumnProfile;

describe('decideType', () => {
  test('empty column is text', () => {
    expect(decideType('x', profile({})).type).toBe('text');
  });
  test('numbers need 80% of non-empty cells', () => {
    expect(decideType('amount', profile({ nonEmpty: 10, numDot: 8, dotOnly: 8 })).type).toBe('number');
    expect(decideType('amount', profile({ nonEmpty: 10, numDot: 7, dotOnly: 7 })).type).toBe('text');
  });
  test('decimal comma wins when more cells only parse that way', () => {
    expect(decideType('x', profile({ nonEmpty: 4, numDot: 1, numComma: 4, commaOnly: 3, dotOnly: 0 }))).toMatchObject({ type: 'number', decimal: ',' });
    expect(decideType('x', profile({ nonEmpty: 4, numDot: 4, numComma: 4 }))).toMatchObject({ decimal: '.' });
  });
  test('percent when most numbers carry %', () => {
    expect(decideType('rate', profile({ nonEmpty: 4, numDot: 4, percent: 3 })).type).toBe('percent');
  });
  test('leading zeros and long digit runs stay text', () => {
    expect(decideType('id', profile({ nonEmpty: 3, numDot: 3, leadingZero: 1 })).type).toBe('text');
    expect(decideType('card', profile({ nonEmpty: 3, numDot: 3, longDigits: 3 })).type).toBe('text');
  });
  test('d/m/y order from values over 12, else the option, with a warning', () => {
    expect(decideType('d', profile({ nonEmpty: 2, xyz: 2, xyzFirstOver12: 1 })).date?.order).toBe('dmy');
    expect(decideType('d', profile({ nonEmpty: 2, xyz: 2, xyzSecondOver12: 1 })).date?.order).toBe('mdy');
    const amb = decideType('d', profile({ nonEmpty: 2, xyz: 2 }));
    expect(amb.date?.order).toBe('mdy');
    expect(amb.dateWarning).toBe('ambiguous');
    expect(decideType('d', profile({ nonEmpty: 2, xyz: 2 }), { dayFirst: true }).date?.order).toBe('dmy');
  });
  test('Excel serial numbers are dates only under a date-like header', () => {
    const p = profile({ nonEmpty: 3, numDot: 3, dotOnly: 3, serial: 3 });
    expect(decideType('订单日期', p)).toMatchObject({ type: 'date', date: { serial: true } });
    expect(decideType('Order Date', p).type).toBe('date');
    expect(decideType('金额', p).type).toBe('number');
  });
  test('yyyymmdd only under a date-like header', () => {
    const p = profile({ nonEmpty: 3, numDot: 3, compact: 3 });
    expect(decideType('posting_date', p)).toMatchObject({ type: 'date', date: { compact: true } });
    expect(decideType('doc_no', p).type).toBe('number');
  });
});

import { describe, expect, it } from 'vitest';
import { ident, int, num, str } from '../../src/sql/quote';

describe('SQL quoting', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(ident('Customer ID')).toBe('"Customer ID"');
    expect(ident('客户编号')).toBe('"客户编号"');
    expect(ident('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
  });
  it('refuses empty identifiers and NUL characters', () => {
    expect(() => ident('')).toThrow(/Empty/);
    expect(() => ident('a\u0000b')).toThrow(/NUL/);
    expect(() => str('a\u0000b')).toThrow(/NUL/);
  });
  it('escapes string literals', () => {
    expect(str("O'Brien")).toBe("'O''Brien'");
    expect(str('')).toBe("''");
  });
  it('only writes finite numbers and safe integers', () => {
    expect(num(12.5)).toBe('12.5');
    expect(num(-0)).toBe('0');
    expect(num(1e21)).toBe('1e+21');
    expect(() => num(NaN)).toThrow();
    expect(() => num(Infinity)).toThrow();
    expect(int(42)).toBe('42');
    expect(() => int(1.5)).toThrow();
    expect(() => int(2 ** 60)).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { neutralise, rowsToCsv, toCsv } from '../../src/export/csv';

describe('CSV export', () => {
  it('starts with a BOM, uses CRLF and quotes what needs quoting', () => {
    const csv = toCsv(['客户', 'note'], [['上海 "甲" 公司', 'a,b'], ['乙', 'line\nbreak']]);
    expect(csv.startsWith('\uFEFF客户,note\r\n')).toBe(true);
    expect(csv).toContain('"上海 ""甲"" 公司","a,b"\r\n');
    expect(csv).toContain('乙,"line\nbreak"\r\n');
  });
  it('neutralises formula injection in text but keeps numbers as numbers', () => {
    expect(neutralise('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(neutralise('+1')).toBe("'+1");
    expect(neutralise('-2')).toBe("'-2");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('safe = text')).toBe('safe = text');
    const csv = rowsToCsv(['id', 'profit'], [{ id: '=cmd|"/c calc"!A0', profit: -12.5 }], { bom: false });
    expect(csv).toBe(`id,profit\r\n"'=cmd|""/c calc""!A0",-12.5\r\n`);
  });
  it('writes empty cells for missing and non-finite values', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, NaN, undefined]], { bom: false })).toBe('a,b,c\r\n,,\r\n');
  });
});

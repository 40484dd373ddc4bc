import { describe, expect, test } from 'vitest';
import { cellText, parseRecords, rowsToCsv, sniffDelimited } from '../../src/ingest/delimited';
import { cleanHeader, tableBaseName, uniqueName } from '../../src/ingest/names';
import { ingestEn } from '../../src/ingest/messages';

describe('sniffDelimited', () => {
  test.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    ['\t', 'a\tb\tc\n1\t2,5\t3\n4\t5\t6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5,25;6\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('finds %j', (d, text) => {
    const s = sniffDelimited(text, false);
    expect(s.delimiter).toBe(d);
    expect(s.header).toEqual(['a', 'b', 'c']);
  });

  test('quoted delimiters and line breaks do not confuse it', () => {
    const s = sniffDelimited('name,note\r\n"Smith, J","line1\r\nline2"\r\n"A ""quoted"" word",x\r\n', false);
    expect(s.delimiter).toBe(',');
    expect(s.sample).toEqual([
      ['Smith, J', 'line1\r\nline2'],
      ['A "quoted" word', 'x'],
    ]);
  });

  test('Excel "sep=;" hint line', () => {
    const s = sniffDelimited('sep=;\na;b\n1,5;2\n', false);
    expect(s).toMatchObject({ delimiter: ';', skipLines: 1, header: ['a', 'b'] });
  });

  test('title lines above the header are skipped, counting blank lines and quoted line breaks', () => {
    const s = sniffDelimited('"Sales\nreport"\n\nExported 2025-03-01\nid;amount;date\n1;2;3\n4;5;6\n', false);
    expect(s).toMatchObject({ delimiter: ';', header: ['id', 'amount', 'date'], titleRows: 2, skipLines: 4 });
  });

  test('a one-column file keeps its first row as the header', () => {
    expect(sniffDelimited('id\n1\n2\n', false)).toMatchObject({ header: ['id'], titleRows: 0, skipLines: 0 });
  });

  test('rows with a trailing delimiter widen the table', () => {
    expect(sniffDelimited('a,b\n1,2,\n3,4,\n', false).maxFields).toBe(3);
  });

  test('a record cut by the end of a sample is dropped', () => {
    expect(parseRecords('a,b\n1,"unfinished', ',', 10, true)).toEqual([['a', 'b']]);
  });
});

describe('rowsToCsv / cellText', () => {
  test('round-trips through the parser, nulls empty, dates ISO', () => {
    const csv = new TextDecoder().decode(rowsToCsv([['a', 'b', 'c'], ['x,"y"', null, new Date(Date.UTC(2025, 2, 7))], [1.5, 10n, true]], 3));
    expect(parseRecords(csv, ',', 10, false)).toEqual([
      ['a', 'b', 'c'],
      ['x,"y"', '', '2025-03-07'],
      ['1.5', '10', 'true'],
    ]);
  });
  test('timestamps keep their time, objects become JSON', () => {
    expect(cellText(new Date(Date.UTC(2025, 2, 7, 9, 30)))).toBe('2025-03-07 09:30:00');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(Number.NaN)).toBeNull();
  });
});

describe('names', () => {
  test('table names from file names, Chinese kept', () => {
    expect(tableBaseName('2025 销售明细 (final).xlsx')).toBe('t_2025_销售明细_final');
    expect(tableBaseName('Orders.CSV')).toBe('orders');
    expect(tableBaseName('book.xlsx', 'Sheet 2')).toBe('book_sheet_2');
    expect(tableBaseName('!!!.csv')).toBe('table');
    expect(tableBaseName('__ingest_stage_1.csv')).toBe('ingest_stage_1');
  });
  test('unique names compare case-insensitively, as DuckDB does', () => {
    expect(uniqueName('orders', ['Orders', 'orders_2'])).toBe('orders_3');
    expect(uniqueName('客户', ['orders'])).toBe('客户');
  });
  test('empty and duplicate headers are named and warned about', () => {
    const h = cleanHeader([' 客户 ', '', 'Amount', 'amount', null, 'x__raw']);
    expect(h.names).toEqual(['客户', 'column_2', 'Amount', 'amount_2', 'column_5', 'x__raw_2']);
    expect(h.warnings.map(ingestEn).join(' ')).toMatch(/2, 5/);
    expect(h.warnings.map(ingestEn).join(' ')).toMatch(/"amount" → "amount_2"/);
  });
});

import { describe, expect, test } from 'vitest';
import { detectEncoding, toUtf8 } from '../../src/ingest/decode';
import { big5, gb18030, latin1, sjis, utf16, utf8, utf8Bom } from '../support/fixtures-ingest';

const TEXT = '客户编号,客户名称,销售额\nC001,北京华联商厦股份有限公司,"1,234.50"\nC002,上海东方明珠,￥880\n';
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('detectEncoding / toUtf8', () => {
  test('UTF-8 without BOM passes through without a copy', () => {
    const bytes = utf8(TEXT);
    const out = toUtf8(bytes);
    expect(out).toMatchObject({ encoding: 'utf-8', reason: 'valid-utf8', confidence: 1, bomLength: 0 });
    expect(out.utf8.buffer).toBe(bytes.buffer);
    expect(decode(out.utf8)).toBe(TEXT);
  });

  test('UTF-8 with BOM: BOM dropped', () => {
    const out = toUtf8(utf8Bom(TEXT));
    expect(out).toMatchObject({ encoding: 'utf-8', reason: 'bom', bomLength: 3 });
    expect(decode(out.utf8)).toBe(TEXT);
  });

  test.each([
    ['le', true, 'bom'],
    ['be', true, 'bom'],
    ['le', false, 'utf16-nul-pattern'],
    ['be', false, 'utf16-nul-pattern'],
  ] as const)('UTF-16 %s, BOM %s → %s', (endian, bom, reason) => {
    const out = toUtf8(utf16(TEXT, endian, bom));
    expect(out.encoding).toBe(`utf-16${endian}`);
    expect(out.reason).toBe(reason);
    expect(decode(out.utf8)).toBe(TEXT);
  });

  test('GB18030 (Excel "Save as CSV" on Chinese Windows) is recognised and converted', () => {
    const out = toUtf8(gb18030(TEXT));
    expect(out.encoding).toBe('gb18030');
    expect(out.reason).toBe('gb18030-pairs');
    expect(out.confidence).toBeGreaterThan(0.8);
    expect(decode(out.utf8)).toBe(TEXT);
  });

  test('GB18030 four-byte characters (beyond GBK) survive', () => {
    const text = '名称\n𠀀字,€,䶮\n北京\n';
    expect(decode(toUtf8(gb18030(text)).utf8)).toBe(text);
  });

  test('Western text in windows-1252 falls back with a low confidence and a warning', () => {
    const text = 'Name,City\nMüller,Köln\nRenée,Besançon\n';
    const out = toUtf8(latin1(text));
    expect(out.encoding).toBe('windows-1252');
    expect(out.confidence).toBeLessThan(0.5);
    expect(out.warning).toMatch(/encoding/);
    expect(decode(out.utf8)).toBe(text);
  });

  test('Big5 (Traditional Chinese) and Shift_JIS are recognised, with a warning', () => {
    const tw = '客戶編號,客戶名稱,銷售額,地區\nC001,台北101購物中心,1234.50,北部\nC002,高雄捷運公司,880,南部\n';
    const b = toUtf8(big5(tw));
    expect(b).toMatchObject({ encoding: 'big5', reason: 'cjk-decodes' });
    expect(b.warning).toMatch(/Big5/);
    expect(decode(b.utf8)).toBe(tw);
    const jp = '顧客番号,顧客名,売上\nC001,東京商事株式会社,1234\nC002,大阪物産,880\n';
    const j = toUtf8(sjis(jp));
    expect(j.encoding).toBe('shift_jis');
    expect(decode(j.utf8)).toBe(jp);
  });

  test('an explicit override wins over detection', () => {
    const text = '客戶名稱,金額\n台北,100\n';
    const out = toUtf8(gb18030(text), 'gb18030');
    expect(out).toMatchObject({ encoding: 'gb18030', reason: 'override' });
    expect(decode(out.utf8)).toBe(text);
  });

  test('UTF-8 with one corrupt byte stays UTF-8 and says so', () => {
    const good = utf8(TEXT.repeat(20));
    const at = good.indexOf(0x0a) + 1; // a character boundary
    const bytes = new Uint8Array([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
    const out = toUtf8(bytes);
    expect(out.encoding).toBe('utf-8');
    expect(out.reason).toBe('mostly-utf8');
    expect(out.warning).toMatch(/1 invalid/);
  });

  test('a prefix cut inside a multi-byte character is still UTF-8', () => {
    const bytes = utf8('名称\n北京');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), undefined, true).encoding).toBe('utf-8');
  });

  test('pure ASCII is UTF-8 with full confidence', () => {
    expect(detectEncoding(utf8('a,b\n1,2\n'))).toMatchObject({ encoding: 'utf-8', reason: 'ascii', confidence: 1 });
  });
});

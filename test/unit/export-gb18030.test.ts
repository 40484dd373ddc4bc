import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../src/export/gb18030';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Code points whose GB18030-2022 mapping (what browsers' TextDecoder, and so this
// encoder, follow) differs from GB18030-2005 (what iconv-lite implements), plus
// U+E5E5, which the WHATWG encoder leaves unmapped.
const REMAPPED_2022 = new Set([
  ...[0x9fb4, 0x9fb5, 0x9fb6, 0x9fb7, 0x9fb8, 0x9fb9, 0x9fba, 0x9fbb],
  0xe5e5,
  ...[0xe78d, 0xe78e, 0xe78f, 0xe790, 0xe791, 0xe792, 0xe793, 0xe794, 0xe795, 0xe796],
  ...[0xe81e, 0xe826, 0xe82b, 0xe82c, 0xe832, 0xe843, 0xe854, 0xe864],
  ...[0xfe10, 0xfe11, 0xfe12, 0xfe13, 0xfe14, 0xfe15, 0xfe16, 0xfe17, 0xfe18, 0xfe19],
  0xfffd,
]);

describe('GB18030 encoding for the CSV export', () => {
  it('encodes Chinese business text exactly as iconv-lite does', () => {
    const text = '客户编号,客户名称,利润\r\nK001,华东机械（上海）有限公司,¥1,234.50 € — “引号” 𠀀😀\r\n';
    expect(hex(encodeGb18030(text))).toBe(hex(iconv.encode(text, 'gb18030')));
  });

  it('round-trips every character of the Basic Multilingual Plane through the browser’s decoder', () => {
    const decoder = new TextDecoder('gb18030');
    const wrong: string[] = [];
    const differ: number[] = [];
    for (let cp = 1; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const bytes = encodeGb18030(ch);
      // Private-use points the 2022 edition moved have no code the decoder gives back.
      if (!REMAPPED_2022.has(cp) && decoder.decode(bytes) !== ch) wrong.push(cp.toString(16));
      if (hex(bytes) !== hex(iconv.encode(ch, 'gb18030'))) differ.push(cp);
    }
    expect(wrong).toEqual([]);
    expect(REMAPPED_2022.size).toBe(38);
    // Against the 2005 tables only the characters the 2022 edition moved differ.
    expect(differ.filter((cp) => !REMAPPED_2022.has(cp))).toEqual([]);
  });

  it('encodes characters beyond the BMP by the four-byte formula, and a lone surrogate as "?"', () => {
    for (const ch of ['😀', '𠀀', '\u{10FFFF}']) {
      expect(hex(encodeGb18030(ch))).toBe(hex(iconv.encode(ch, 'gb18030')));
      expect(new TextDecoder('gb18030').decode(encodeGb18030(ch))).toBe(ch);
    }
    expect(hex(encodeGb18030('a\uD800b'))).toBe('613f62');
  });
});

// Bytes in any of the encodings analysts' exports come in → UTF-8 bytes for
// DuckDB, which reads nothing else (and with ignore_errors would silently
// return 0 rows). Decoding uses the platform's TextDecoder: browsers and Node
// with full ICU (the default build) know gb18030, big5, shift_jis, utf-16.

export const TEXT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-kr',
  'windows-1252',
] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

export type EncodingReason =
  | 'override'
  | 'bom'
  | 'ascii'
  | 'valid-utf8'
  | 'mostly-utf8'
  | 'utf16-nul-pattern'
  | 'gb18030-pairs'
  | 'cjk-decodes'
  | 'fallback';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** 0…1: 1 for a BOM, an override or valid UTF-8; lower for guesses among legacy code pages. */
  confidence: number;
  /** Length of the byte-order mark at the start (0 when none). */
  bomLength: number;
  reason: EncodingReason;
  /** Set when the guess is shaky or lossy: shown to the user next to the override. */
  warning?: string;
}

export interface DecodedText extends EncodingGuess {
  /** UTF-8 without BOM. The input's own memory (no copy) when it already was UTF-8. */
  utf8: Uint8Array;
}

const BOMS: [TextEncodingName, number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
  ['gb18030', [0x84, 0x31, 0x95, 0x33]],
];

function bomOf(bytes: Uint8Array): [TextEncodingName, number] | null {
  for (const [enc, bom] of BOMS) {
    if (bytes.length >= bom.length && bom.every((b, i) => bytes[i] === b)) return [enc, bom.length];
  }
  return null;
}

/** UTF-16 without a BOM: ASCII characters (digits, commas, newlines) leave a NUL in every other byte. */
function utf16ByNuls(bytes: Uint8Array): TextEncodingName | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > 0.3 * half && even < 0.05 * half) return 'utf-16le';
  if (even > 0.3 * half && odd < 0.05 * half) return 'utf-16be';
  return null;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Valid UTF-8, checked in chunks so a large file never becomes one huge string. `partial`: the bytes are a prefix that may end mid-character. */
function isValidUtf8(bytes: Uint8Array, partial: boolean): boolean {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const CHUNK = 1 << 20;
  try {
    for (let i = 0; i < bytes.length; i += CHUNK) {
      dec.decode(bytes.subarray(i, i + CHUNK), { stream: true });
    }
    if (!partial) dec.decode();
    return true;
  } catch {
    return false;
  }
}

/** Share of U+FFFD among non-ASCII characters when decoding as UTF-8: tells a few corrupt bytes from another encoding. */
function utf8DamageRatio(bytes: Uint8Array): { bad: number; ratio: number } {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 1 << 20));
  let nonAscii = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      nonAscii++;
      if (c === 0xfffd) bad++;
    }
  }
  return { bad, ratio: nonAscii === 0 ? 1 : bad / nonAscii };
}

/**
 * GBK/GB18030 text is mostly GB2312 characters: two bytes, both in A1–FE (or a four-byte sequence).
 * Latin-1 text decoded as GBK (accented letter + ASCII) or UTF-8 bytes have far fewer such pairs.
 */
function gb2312PairShare(bytes: Uint8Array): number {
  let pairs = 0;
  let gb2312 = 0;
  const n = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const t = bytes[i + 1] ?? 0;
    if (b >= 0x81 && b <= 0xfe && t >= 0x30 && t <= 0x39) {
      // A four-byte GB18030 sequence (81–FE, 30–39, 81–FE, 30–39): a shape no other code page makes.
      const t2 = bytes[i + 2] ?? 0;
      const t3 = bytes[i + 3] ?? 0;
      pairs++;
      if (t2 >= 0x81 && t2 <= 0xfe && t3 >= 0x30 && t3 <= 0x39) gb2312++;
      i += 4;
      continue;
    }
    pairs++;
    if (b >= 0xa1 && t >= 0xa1 && t <= 0xfe) gb2312++;
    i += 2;
  }
  return pairs === 0 ? 0 : gb2312 / pairs;
}

/** Share of decoded non-ASCII characters that are CJK ideographs, kana or CJK punctuation: wrong code pages produce symbols and Latin letters. */
function cjkShare(bytes: Uint8Array, encoding: TextEncodingName): number {
  const text = new TextDecoder(encoding).decode(bytes.subarray(0, 1 << 16));
  let n = 0;
  let good = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    n++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x30ff) || (c >= 0xff01 && c <= 0xff5e)) good++;
  }
  return n < 4 ? 0 : good / n;
}

function decodes(bytes: Uint8Array, encoding: TextEncodingName, partial: boolean): boolean {
  try {
    const dec = new TextDecoder(encoding, { fatal: true });
    dec.decode(bytes.subarray(0, 1 << 22), { stream: partial || bytes.length > 1 << 22 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Which encoding the bytes are in. Order: explicit override → BOM → UTF-16 by NUL
 * pattern → pure ASCII → valid UTF-8 → GB18030 (Excel "Save as CSV" on Chinese
 * Windows) → UTF-8 with a few corrupt bytes → windows-1252 as a last resort.
 * `partial`: the bytes are only the start of a file.
 */
export function detectEncoding(bytes: Uint8Array, override?: TextEncodingName, partial = false): EncodingGuess {
  const bom = bomOf(bytes);
  if (override) {
    const bomLength = bom && bom[0] === override ? bom[1] : 0;
    return { encoding: override, confidence: 1, bomLength, reason: 'override' };
  }
  if (bom) return { encoding: bom[0], confidence: 1, bomLength: bom[1], reason: 'bom' };
  const utf16 = utf16ByNuls(bytes);
  if (utf16) return { encoding: utf16, confidence: 0.9, bomLength: 0, reason: 'utf16-nul-pattern' };
  if (isAscii(bytes)) return { encoding: 'utf-8', confidence: 1, bomLength: 0, reason: 'ascii' };
  if (isValidUtf8(bytes, partial)) return { encoding: 'utf-8', confidence: 1, bomLength: 0, reason: 'valid-utf8' };
  const damage = utf8DamageRatio(bytes);
  if (damage.ratio <= 0.01) {
    return {
      encoding: 'utf-8',
      confidence: 0.7,
      bomLength: 0,
      reason: 'mostly-utf8',
      warning: `The file is UTF-8 except for ${damage.bad} invalid byte sequence(s), shown as �.`,
    };
  }
  if (decodes(bytes, 'gb18030', partial)) {
    // Simplified Chinese text scores 1.0; Big5 about 0.6, Latin-1 and Shift_JIS near 0.
    const share = gb2312PairShare(bytes);
    if (share >= 0.85) {
      return { encoding: 'gb18030', confidence: Math.min(0.95, share - 0.05), bomLength: 0, reason: 'gb18030-pairs' };
    }
  }
  for (const encoding of ['big5', 'shift_jis'] as const) {
    if (decodes(bytes, encoding, partial) && cjkShare(bytes, encoding) >= 0.9) {
      return {
        encoding,
        confidence: 0.6,
        bomLength: 0,
        reason: 'cjk-decodes',
        warning: `Read as ${encoding === 'big5' ? 'Big5 (Traditional Chinese)' : 'Shift_JIS (Japanese)'}; choose another encoding if the text looks wrong.`,
      };
    }
  }
  return {
    encoding: 'windows-1252',
    confidence: 0.3,
    bomLength: 0,
    reason: 'fallback',
    warning: 'The encoding could not be recognised; read as Western (windows-1252). Choose the right encoding if the text looks wrong.',
  };
}

/** Decode to UTF-8 bytes for DuckDB (no copy when the input already is UTF-8 without BOM). */
export function toUtf8(bytes: Uint8Array, override?: TextEncodingName): DecodedText {
  const guess = detectEncoding(bytes, override);
  const body = bytes.subarray(guess.bomLength);
  if (guess.encoding === 'utf-8' && (guess.reason !== 'override' || isValidUtf8(body, false)) && guess.reason !== 'mostly-utf8') {
    return { ...guess, utf8: body };
  }
  const text = new TextDecoder(guess.encoding).decode(body);
  return { ...guess, utf8: new TextEncoder().encode(text) };
}

/** Text of a UTF-8 prefix, dropping a character cut at the end. */
export function utf8Prefix(utf8: Uint8Array, maxBytes: number): string {
  return new TextDecoder('utf-8').decode(utf8.subarray(0, maxBytes), { stream: true });
}

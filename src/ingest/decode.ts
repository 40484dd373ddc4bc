// Bytes in any of the encodings analysts' exports come in → UTF-8 bytes for
// DuckDB, which reads nothing else (and with ignore_errors would silently
// return 0 rows). Decoding uses the platform's TextDecoder: browsers and Node
// with full ICU (the default build) know gb18030, big5, shift_jis, utf-16.
// A file whose lines come in two encodings (a UTF-8 export with GBK lines
// pasted in) is decoded line by line; byte-order marks inside the text (files
// joined together) are removed. Both are said in a warning with the line.

import type { Text } from './fields';
import { ingestText, type IngestMessage } from './messages';

import { TEXT_ENCODINGS, type TextEncodingName } from './encodings';

export { TEXT_ENCODINGS, type TextEncodingName };

export type EncodingReason =
  | 'override'
  | 'bom'
  | 'ascii'
  | 'valid-utf8'
  | 'mostly-utf8'
  | 'utf16-nul-pattern'
  | 'gb18030-pairs'
  | 'cjk-decodes'
  | 'mixed'
  | 'fallback';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** 0…1: 1 for a BOM, an override or valid UTF-8; lower for guesses among legacy code pages. */
  confidence: number;
  /** Length of the byte-order mark at the start (0 when none). */
  bomLength: number;
  reason: EncodingReason;
  /** Set when the guess is shaky or lossy: shown to the user next to the override (English; `warningText` in both languages). */
  warning?: string;
  warningText?: Text;
  /** The same warning as a message id with its parameters. */
  notice?: IngestMessage;
}

function withNotice<T extends EncodingGuess>(guess: T, notice: IngestMessage): T {
  const text = ingestText(notice);
  return { ...guess, notice, warning: text.en, warningText: text };
}

export interface DecodedText extends EncodingGuess {
  /** UTF-8 without BOM. The input's own memory (no copy) when it already was UTF-8. */
  utf8: Uint8Array;
  /** Byte-order marks found (and removed) inside the text, with the line of the first. */
  innerBoms?: { count: number; line: number };
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

/** Share of U+FFFD among non-ASCII characters when decoding as UTF-8: tells a few corrupt bytes from another encoding. Also the line of the first. */
function utf8DamageRatio(bytes: Uint8Array): { bad: number; ratio: number; line?: number } {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 1 << 20));
  let nonAscii = 0;
  let bad = 0;
  let lines = 1;
  let line: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) lines++;
    else if (c >= 0x80) {
      nonAscii++;
      if (c === 0xfffd) {
        bad++;
        line ??= lines;
      }
    }
  }
  return { bad, ratio: nonAscii === 0 ? 1 : bad / nonAscii, ...(line !== undefined ? { line } : {}) };
}

/** Length of the valid UTF-8 sequence at i (1–4), or 0 when the bytes there are not UTF-8. */
function utf8SequenceAt(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  const cont = (k: number) => i + k < end && (bytes[i + k]! & 0xc0) === 0x80;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

interface LineSplit {
  /** [start, end) of each line, the newline included. */
  lines: [number, number][];
  /** Per line: true when it is valid UTF-8 holding Chinese/Japanese text (three-byte sequences). */
  utf8Cjk: boolean[];
  /** Per line: not valid UTF-8. */
  invalid: boolean[];
}

function splitLines(bytes: Uint8Array): LineSplit {
  const lines: [number, number][] = [];
  const utf8Cjk: boolean[] = [];
  const invalid: boolean[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    end = end < 0 ? bytes.length : end + 1;
    let bad = false;
    let three = 0;
    for (let i = start; i < end; ) {
      const k = utf8SequenceAt(bytes, i, end);
      if (k === 0) {
        bad = true;
        break;
      }
      if (k === 3) three++;
      i += k;
    }
    lines.push([start, end]);
    invalid.push(bad);
    utf8Cjk.push(!bad && three > 0);
    start = end;
  }
  return { lines, utf8Cjk, invalid };
}

type LineVerdict = { kind: 'mixed'; encoding: TextEncodingName; split: LineSplit; lines: number; firstLine: number } | { kind: 'damaged' };

/**
 * Lines in two encodings: some valid UTF-8 holding CJK text (which a legacy code
 * page almost never produces by chance), others not UTF-8 at all but good GB18030,
 * Big5 or Shift_JIS. When the other lines are no legacy encoding either, the file
 * is UTF-8 with damaged bytes. Null when no line is UTF-8 Chinese/Japanese text.
 */
function mixedEncoding(bytes: Uint8Array): LineVerdict | null {
  const split = splitLines(bytes);
  const utf8Lines = split.utf8Cjk.filter((x, i) => x && cjkShare(bytes.subarray(...split.lines[i]!), 'utf-8') >= 0.9).length;
  const bad = split.invalid.flatMap((x, i) => (x ? [i] : []));
  if (utf8Lines === 0 || bad.length === 0) return null;
  const rest = new Uint8Array(bad.reduce((k, i) => k + split.lines[i]![1] - split.lines[i]![0], 0));
  let o = 0;
  for (const i of bad) {
    const [a, b] = split.lines[i]!;
    rest.set(bytes.subarray(a, b), o);
    o += b - a;
  }
  let encoding: TextEncodingName | null = null;
  if (decodes(rest, 'gb18030', false) && gb2312PairShare(rest) >= 0.85) encoding = 'gb18030';
  else for (const e of ['big5', 'shift_jis'] as const) if (!encoding && decodes(rest, e, false) && cjkShare(rest, e) >= 0.9) encoding = e;
  return encoding ? { kind: 'mixed', encoding, split, lines: bad.length, firstLine: bad[0]! + 1 } : { kind: 'damaged' };
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
  const mixed = damage.ratio <= 0.01 || partial ? null : mixedEncoding(bytes);
  if (damage.ratio <= 0.01 || mixed?.kind === 'damaged') {
    return withNotice(
      { encoding: 'utf-8', confidence: 0.7, bomLength: 0, reason: 'mostly-utf8' },
      { id: 'mostlyUtf8', bad: damage.bad, ...(damage.line !== undefined ? { line: damage.line } : {}) },
    );
  }
  if (mixed) {
    return withNotice(
      { encoding: mixed.encoding, confidence: 0.6, bomLength: 0, reason: 'mixed' },
      { id: 'mixedEncodings', encoding: mixed.encoding, lines: mixed.lines, firstLine: mixed.firstLine },
    );
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
      return withNotice({ encoding, confidence: 0.6, bomLength: 0, reason: 'cjk-decodes' }, { id: 'legacyCjk', encoding });
    }
  }
  return withNotice({ encoding: 'windows-1252', confidence: 0.3, bomLength: 0, reason: 'fallback' }, { id: 'unknownEncoding' });
}

/** Decode to UTF-8 bytes for DuckDB (no copy when the input already is UTF-8 without BOM or BOMs inside). */
export function toUtf8(bytes: Uint8Array, override?: TextEncodingName): DecodedText {
  const guess = detectEncoding(bytes, override);
  const body = bytes.subarray(guess.bomLength);
  let utf8: Uint8Array;
  if (guess.encoding === 'utf-8' && (guess.reason !== 'override' || isValidUtf8(body, false)) && guess.reason !== 'mostly-utf8') {
    utf8 = body;
  } else if (guess.reason === 'mixed') {
    const { split } = mixedEncoding(body) as Extract<LineVerdict, { kind: 'mixed' }>;
    const legacy = new TextDecoder(guess.encoding);
    const utf8Decoder = new TextDecoder('utf-8');
    const text = split.lines.map(([a, b], i) => (split.invalid[i] ? legacy : utf8Decoder).decode(body.subarray(a, b))).join('');
    utf8 = new TextEncoder().encode(text);
  } else {
    utf8 = new TextEncoder().encode(new TextDecoder(guess.encoding).decode(body));
  }
  const inner = stripInnerBoms(utf8);
  return { ...guess, utf8: inner.utf8, ...(inner.count > 0 ? { innerBoms: { count: inner.count, line: inner.line } } : {}) };
}

/** U+FEFF inside UTF-8 text (EF BB BF): a BOM of a second file joined on, or pasted into a cell. Never meant as text. */
export function stripInnerBoms(utf8: Uint8Array): { utf8: Uint8Array; count: number; line: number } {
  let i = utf8.indexOf(0xef);
  const at: number[] = [];
  while (i >= 0 && i + 2 < utf8.length) {
    if (utf8[i + 1] === 0xbb && utf8[i + 2] === 0xbf) at.push(i);
    i = utf8.indexOf(0xef, i + 1);
  }
  if (at.length === 0) return { utf8, count: 0, line: 0 };
  let line = 1;
  for (let k = 0; k < at[0]!; k++) if (utf8[k] === 0x0a) line++;
  const out = new Uint8Array(utf8.length - 3 * at.length);
  let from = 0;
  let o = 0;
  for (const a of at) {
    out.set(utf8.subarray(from, a), o);
    o += a - from;
    from = a + 3;
  }
  out.set(utf8.subarray(from), o);
  return { utf8: out, count: at.length, line };
}

/** Text of a UTF-8 prefix, dropping a character cut at the end. */
export function utf8Prefix(utf8: Uint8Array, maxBytes: number): string {
  return new TextDecoder('utf-8').decode(utf8.subarray(0, maxBytes), { stream: true });
}

// Text → GB18030 bytes, for Chinese Windows users whose Excel or WPS opens CSV
// in the system code page. Browsers ship a GB18030 *decoder* (TextDecoder) but
// no encoder, so the table is built once by decoding every two-byte code and
// every four-byte code of the Basic Multilingual Plane; characters beyond it
// are encoded by the standard's linear formula. Nothing is downloaded and no
// table ships in the bundle (the browser already carries it).
//
// Follows the WHATWG Encoding Standard's gb18030 encoder; U+E5E5 (unmapped
// there) and lone surrogates become "?".

let table: Map<number, number> | null = null;

/** Code point → bytes packed in a number (two bytes: 0xB0A1; four bytes: 0x81308130). */
function buildTable(): Map<number, number> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<number, number>();
  const add = (codes: number[], width: 2 | 4) => {
    const bytes = new Uint8Array(codes.length * width);
    codes.forEach((c, i) => bytes.set(pack(c, width), i * width));
    const text = decoder.decode(bytes);
    const chars = [...text];
    if (chars.length === codes.length) {
      chars.forEach((ch, i) => {
        const cp = ch.codePointAt(0)!;
        if (cp !== 0xfffd && !map.has(cp)) map.set(cp, codes[i]!);
      });
      return;
    }
    // A code that does not decode to exactly one character: go one by one.
    for (const c of codes) {
      const one = [...decoder.decode(pack(c, width))];
      if (one.length === 1) {
        const cp = one[0]!.codePointAt(0)!;
        if (cp !== 0xfffd && !map.has(cp)) map.set(cp, c);
      }
    }
  };
  const two: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) two.push((lead << 8) | trail);
  }
  add(two, 2);
  // Four-byte codes of the BMP: pointers 0 … 39419 (0x81308130 … 0x8431A439).
  const four: number[] = [];
  for (let p = 0; p < 39420; p++) four.push(fourByte(p));
  add(four, 4);
  return map;
}

function pack(code: number, width: 2 | 4): Uint8Array {
  const out = new Uint8Array(width);
  for (let k = 0; k < width; k++) out[k] = (code >>> (8 * (width - 1 - k))) & 0xff;
  return out;
}

function fourByte(pointer: number): number {
  const b1 = Math.floor(pointer / 12600);
  const b2 = Math.floor((pointer % 12600) / 1260);
  const b3 = Math.floor((pointer % 1260) / 10);
  const b4 = pointer % 10;
  return (((b1 + 0x81) << 24) | ((b2 + 0x30) << 16) | ((b3 + 0x81) << 8) | (b4 + 0x30)) >>> 0;
}

export function encodeGb18030(text: string): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(text.length * 4);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    let code: number | undefined;
    let width: 2 | 4 = 2;
    if (cp >= 0x10000) {
      code = fourByte(189000 + cp - 0x10000);
      width = 4;
    } else {
      code = cp >= 0xd800 && cp <= 0xdfff ? undefined : table.get(cp);
      if (code !== undefined && code > 0xffff) width = 4;
    }
    if (code === undefined) {
      out[n++] = 0x3f; // "?"
      continue;
    }
    out.set(pack(code, width), n);
    n += width;
  }
  return out.slice(0, n);
}

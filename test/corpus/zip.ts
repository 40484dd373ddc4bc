// A few lines of zip writing for crafted archives: entries whose declared
// sizes, offsets and data the corpus chooses, so a zip bomb or a lying
// directory can be built exactly (zip libraries refuse to write those).

import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftedEntry {
  name: string;
  /** The bytes stored (already deflated when method is 8). */
  data: Uint8Array;
  method?: 0 | 8;
  crc: number;
  /** Sizes written in the headers; default the true ones. */
  declaredUnpacked: number;
  declaredCompressed?: number;
  /** Point this central-directory entry at another entry's local header (an overlapping-files bomb). */
  sameDataAs?: string;
}

export function deflated(name: string, text: Uint8Array, declaredUnpacked = text.length): CraftedEntry {
  return { name, data: new Uint8Array(deflateRawSync(text, { level: 9 })), method: 8, crc: crc32(text), declaredUnpacked };
}

export function stored(name: string, text: Uint8Array): CraftedEntry {
  return { name, data: text, method: 0, crc: crc32(text), declaredUnpacked: text.length };
}

/** A zip archive of the entries as given: local headers, data, central directory, end record. */
export function craftZip(entries: CraftedEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets = new Map<string, number>();
  let offset = 0;
  const enc = new TextEncoder();
  const header = (size: number) => {
    const b = new Uint8Array(size);
    return { b, v: new DataView(b.buffer) };
  };
  for (const e of entries) {
    if (e.sameDataAs) continue;
    const name = enc.encode(e.name);
    const { b, v } = header(30);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(8, e.method ?? 8, true);
    v.setUint32(14, e.crc, true);
    v.setUint32(18, e.declaredCompressed ?? e.data.length, true);
    v.setUint32(22, Math.min(e.declaredUnpacked, 0xffffffff), true);
    v.setUint16(26, name.length, true);
    offsets.set(e.name, offset);
    parts.push(b, name, e.data);
    offset += 30 + name.length + e.data.length;
  }
  const cdStart = offset;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const target = e.sameDataAs ? entries.find((x) => x.name === e.sameDataAs)! : e;
    const { b, v } = header(46);
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 20, true);
    v.setUint16(10, target.method ?? 8, true);
    v.setUint32(16, target.crc, true);
    v.setUint32(20, target.declaredCompressed ?? target.data.length, true);
    v.setUint32(24, Math.min(e.declaredUnpacked, 0xffffffff), true);
    v.setUint16(28, name.length, true);
    v.setUint32(42, offsets.get(target.name)!, true);
    parts.push(b, name);
    offset += 46 + name.length;
  }
  const { b, v } = header(22);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, offset - cdStart, true);
  v.setUint32(16, cdStart, true);
  parts.push(b);
  const out = new Uint8Array(offset + 22);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

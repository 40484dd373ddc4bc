// A workbook's zip directory, read before anything is unpacked: a cut-off file
// has no directory at its end, and a zip bomb declares (or, if it lies about
// sizes, cannot honestly declare) far more XML than a tab can hold. The unzip
// library allocates each entry at its declared size, so a declared size that
// passes here also bounds the memory an entry can take.

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  unpacked: number;
}

export type ZipCheck =
  | { ok: true; entries: ZipEntry[]; unpacked: number }
  | { ok: false; problem: 'truncated' }
  | { ok: false; problem: 'too-large'; unpacked: number; entry?: string }
  | { ok: false; problem: 'impossible-ratio'; entry: string };

/** Deflate cannot expand data more than about 1032:1; a larger claimed ratio is a lie. */
const MAX_DEFLATE_RATIO = 1032;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;

/** Entries the xlsx reader unpacks (read-excel-file reads only XML parts). */
const readByXlsx = (name: string) => name.endsWith('.xml') || name.endsWith('.xml.rels');

export function checkZip(bytes: Uint8Array, maxUnpacked: number): ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => Number(view.getBigUint64(o, true));
  const inside = (o: number, len: number) => o >= 0 && o + len <= bytes.length;

  // The end-of-directory record sits in the last 64 kB + 22 bytes (after an optional comment).
  let e = bytes.length - 22;
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  while (e >= stop && !(inside(e, 22) && u32(e) === EOCD)) e--;
  if (e < stop) return { ok: false, problem: 'truncated' };

  let count = u16(e + 10);
  let offset = u32(e + 16);
  if (inside(e - 20, 20) && u32(e - 20) === ZIP64_LOCATOR) {
    const z = u64(e - 12);
    if (!inside(z, 56) || u32(z) !== ZIP64_EOCD) return { ok: false, problem: 'truncated' };
    count = u64(z + 32);
    offset = u64(z + 48);
  }

  const entries: ZipEntry[] = [];
  let total = 0;
  let o = offset;
  for (let i = 0; i < count; i++) {
    if (!inside(o, 46) || u32(o) !== CENTRAL) return { ok: false, problem: 'truncated' };
    const method = u16(o + 10);
    let compressed = u32(o + 20);
    let unpacked = u32(o + 24);
    const nameLen = u16(o + 28);
    const extraLen = u16(o + 30);
    const commentLen = u16(o + 32);
    if (!inside(o + 46, nameLen + extraLen)) return { ok: false, problem: 'truncated' };
    const name = new TextDecoder().decode(bytes.subarray(o + 46, o + 46 + nameLen));
    // Zip64: sizes of 0xFFFFFFFF are in the extra field (uncompressed first, then compressed).
    if (unpacked === 0xffffffff || compressed === 0xffffffff) {
      let x = o + 46 + nameLen;
      const end = x + extraLen;
      while (x + 4 <= end) {
        const id = u16(x);
        const size = u16(x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          if (unpacked === 0xffffffff && f + 8 <= x + 4 + size) (unpacked = u64(f)), (f += 8);
          if (compressed === 0xffffffff && f + 8 <= x + 4 + size) compressed = u64(f);
          break;
        }
        x += 4 + size;
      }
    }
    entries.push({ name, method, compressed, unpacked });
    if (readByXlsx(name)) {
      // Deflate neither expands data more than ~1032:1 nor shrinks it into less than it was (bar a few bytes per block):
      // a size outside those bounds is a lie, and a lie about a small size hides a bomb the unzip library would inflate.
      if (method === 8 && (unpacked > MAX_DEFLATE_RATIO * compressed + 1024 || compressed > 1.01 * unpacked + 1024)) return { ok: false, problem: 'impossible-ratio', entry: name };
      if (unpacked > maxUnpacked) return { ok: false, problem: 'too-large', unpacked, entry: name };
      total += unpacked;
    }
    o += 46 + nameLen + extraLen + commentLen;
  }
  // Many entries can share one compressed body (an overlapping-files bomb): the sum is what would be unpacked.
  if (total > maxUnpacked) return { ok: false, problem: 'too-large', unpacked: total };
  return { ok: true, entries, unpacked: total };
}

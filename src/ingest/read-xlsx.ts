// .xlsx (transitional and ISO "strict" OOXML, 1900 and 1904 dates) via
// read-excel-file, loaded only when a workbook arrives. Its zip directory is
// checked first (zip-check.ts): a cut-off file or a zip bomb gets a message
// before anything is unpacked.

import { IngestError } from './errors';
import { checkZip } from './zip-check';

export interface XlsxSheet {
  sheets: string[];
  sheet: string;
  rows: unknown[][];
}

/** `sheet`: a name, or a 1-based position; the first sheet by default. `maxUnpacked`: bytes of XML the workbook may unpack to. */
export async function readXlsx(file: string, bytes: Uint8Array, sheet?: string | number, maxUnpacked = Infinity): Promise<XlsxSheet> {
  const zip = checkZip(bytes, maxUnpacked);
  if (!zip.ok) {
    if (zip.problem === 'truncated') throw new IngestError('bad-xlsx', { id: 'xlsxTruncated' }, { file });
    if (zip.problem === 'impossible-ratio') throw new IngestError('bad-xlsx', { id: 'xlsxImpossibleRatio', entry: zip.entry }, { file });
    throw new IngestError('too-large', { id: 'xlsxBomb', unpacked: zip.unpacked, limit: maxUnpacked, ...(zip.entry ? { entry: zip.entry } : {}) }, { file });
  }
  // A zip of something else (a zipped CSV named .csv or .xlsx) has no workbook part.
  if (!zip.entries.some((e) => /(^|\/)workbook\.xml$/.test(e.name))) throw new IngestError('binary', { id: 'knownBinary', kind: 'zip' }, { file });
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let all: { sheet: string; data: unknown[][] }[];
  try {
    all = (await readXlsxFile(buffer)) as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new IngestError('bad-xlsx', { id: 'xlsxUnreadable', detail: why }, { file }, { cause: e });
  }
  const sheets = all.map((s) => s.sheet);
  if (all.length === 0) throw new IngestError('bad-xlsx', { id: 'xlsxNoSheets' }, { file });
  const chosen =
    sheet === undefined
      ? all[0]
      : typeof sheet === 'number'
        ? all[sheet - 1]
        : all.find((s) => s.sheet === sheet);
  if (!chosen) {
    throw new IngestError('no-sheet', { id: 'noSheet', sheet: String(sheet), sheets }, { file });
  }
  return { sheets, sheet: chosen.sheet, rows: chosen.data };
}

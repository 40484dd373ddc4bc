// .xlsx (transitional and ISO "strict" OOXML, 1900 and 1904 dates) via
// read-excel-file, loaded only when a workbook arrives.

import { IngestError } from './errors';

export interface XlsxSheet {
  sheets: string[];
  sheet: string;
  rows: unknown[][];
}

/** `sheet`: a name, or a 1-based position; the first sheet by default. */
export async function readXlsx(file: string, bytes: Uint8Array, sheet?: string | number): Promise<XlsxSheet> {
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let all: { sheet: string; data: unknown[][] }[];
  try {
    all = (await readXlsxFile(buffer)) as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new IngestError('bad-xlsx', `Could not read this Excel workbook (${why}). Is it an .xlsx file? Old .xls files must be saved as .xlsx first.`, { file }, { cause: e });
  }
  const sheets = all.map((s) => s.sheet);
  if (all.length === 0) throw new IngestError('bad-xlsx', 'The workbook has no sheets.', { file });
  const chosen =
    sheet === undefined
      ? all[0]
      : typeof sheet === 'number'
        ? all[sheet - 1]
        : all.find((s) => s.sheet === sheet);
  if (!chosen) {
    throw new IngestError('no-sheet', `There is no sheet ${JSON.stringify(sheet)}; the sheets are ${sheets.map((s) => JSON.stringify(s)).join(', ')}.`, { file });
  }
  return { sheets, sheet: chosen.sheet, rows: chosen.data };
}

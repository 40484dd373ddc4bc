// Every graded customer as a file: CSV (UTF-8 with BOM, or GB18030) or XLSX,
// headers in the page's language (or the SQL column names, for scripts).
// Text cells starting with = + - @ TAB or CR are neutralised in both formats
// (OWASP CSV injection); numbers, booleans and dates keep their type.

import { columnHeader, exportValue } from './columns';
import { neutralise, toCsv, type Cell } from './csv';
import { encodeGb18030 } from './gb18030';

export type HeaderStyle = 'zh' | 'en' | 'sql';

export interface GradedRows {
  columns: string[];
  rows: Record<string, unknown>[];
}

const DATE_COLUMNS = new Set(['first_order', 'last_order']);

function header(column: string, style: HeaderStyle): string {
  return style === 'sql' ? column : columnHeader(column, style);
}

function value(column: string, v: unknown, style: HeaderStyle): unknown {
  return style === 'sql' ? (typeof v === 'bigint' ? Number(v) : v) : exportValue(column, v, style);
}

export function gradedCsv(t: GradedRows, style: HeaderStyle, encoding: 'utf-8' | 'gb18030' = 'utf-8'): Uint8Array {
  const text = toCsv(
    t.columns.map((c) => header(c, style)),
    t.rows.map((r) => t.columns.map((c) => value(c, r[c], style) as Cell)),
    // A GB18030 file has no byte-order mark: Excel reads it in the system code page.
    { bom: encoding === 'utf-8' },
  );
  return encoding === 'gb18030' ? encodeGb18030(text) : new TextEncoder().encode(text);
}

type XlsxCell = { value: string | number | boolean | Date; type?: unknown; format?: string; fontWeight?: 'bold' } | null;

function xlsxCell(column: string, v: unknown): XlsxCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, type: Number } : null;
  if (typeof v === 'bigint') return { value: Number(v), type: Number };
  if (typeof v === 'boolean') return { value: v, type: Boolean };
  if (v instanceof Date) return { value: v, type: Date, format: 'yyyy-mm-dd' };
  const text = String(v);
  if (DATE_COLUMNS.has(column) && /^\d{4}-\d{2}-\d{2}$/.test(text)) return { value: new Date(`${text}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
  return { value: neutralise(text), type: String };
}

/** The sheet as write-excel-file's rows: a bold header, then one row per customer. */
export function gradedSheetData(t: GradedRows, style: HeaderStyle): XlsxCell[][] {
  return [
    t.columns.map((c) => ({ value: neutralise(header(c, style)), type: String, fontWeight: 'bold' as const })),
    ...t.rows.map((r) => t.columns.map((c) => xlsxCell(c, value(c, r[c], style)))),
  ];
}

const SHEET_NAME: Record<HeaderStyle, string> = { zh: '客户分级', en: 'Graded customers', sql: 'customers_graded' };

/** The .xlsx as a Blob; write-excel-file is loaded on first use (it is not part of the page's start). */
export async function gradedXlsx(t: GradedRows, style: HeaderStyle): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const data = gradedSheetData(t, style);
  const widths = t.columns.map((c) => ({ width: Math.min(40, Math.max(10, header(c, style).length * (style === 'zh' ? 2 : 1) + 2)) }));
  return (writeXlsxFile as unknown as (d: unknown, o: unknown) => { toBlob(): Promise<Blob> })(data, { sheet: SHEET_NAME[style], columns: widths, stickyRowsCount: 1 }).toBlob();
}

// The one error type ingest throws: it says what is wrong and where, in words
// an analyst can act on, in Chinese and English (messages.ts). Anything else
// escaping loadFile is a bug.

import type { Text } from './fields';
import { ingestText, type IngestMessage } from './messages';

export interface IngestErrorWhere {
  file: string;
  /** Row as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row?: number;
  /** Line in the text file (CSV/TSV/NDJSON), when that is what the reader knows. */
  line?: number;
  column?: string;
}

export type IngestErrorCode =
  | 'empty'
  | 'header-only'
  | 'binary'
  | 'unsupported-format'
  | 'too-large'
  | 'too-many-columns'
  | 'ragged-row'
  | 'bad-csv'
  | 'bad-encoding'
  | 'bad-xlsx'
  | 'no-sheet'
  | 'bad-parquet'
  | 'bad-json';

export class IngestError extends Error {
  override name = 'IngestError';
  readonly code: IngestErrorCode;
  /** Which message, with its parameters: the page renders it in its own language. */
  readonly detail: IngestMessage;
  /** The message in both languages, prefixed with the file name; `message` is its English. */
  readonly text: Text;
  readonly file: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;

  constructor(code: IngestErrorCode, detail: IngestMessage, where: IngestErrorWhere, options?: { cause?: unknown }) {
    const words = ingestText(detail);
    super(`${where.file}: ${words.en}`, options);
    this.code = code;
    this.detail = detail;
    this.text = { zh: `${where.file}：${words.zh}`, en: `${where.file}: ${words.en}` };
    this.file = where.file;
    if (where.row !== undefined) this.row = where.row;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

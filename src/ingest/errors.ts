// The one error type ingest throws: it says what is wrong and where, in words
// an analyst can act on. Anything else escaping loadFile is a bug.

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
  readonly file: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;

  constructor(code: IngestErrorCode, message: string, where: IngestErrorWhere, options?: { cause?: unknown }) {
    super(`${where.file}: ${message}`, options);
    this.code = code;
    this.file = where.file;
    if (where.row !== undefined) this.row = where.row;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

// How an analyst's SQL cell is run. The text is the user's own SQL and is run
// as typed, but only ever as the inside of `SELECT * FROM (…)`, prepared as one
// statement on a connection of its own (Engine.queryAside). So a cell can read
// every table, yet it cannot DROP, INSERT, SET, ATTACH or PRAGMA anything: such
// a statement does not parse as a subquery, and a second statement smuggled in
// after a `;` is refused by prepare. The pipeline's tables stay as they were.

import { HISTORY_TABLES, PIPELINE_RELATIONS } from '../sql/catalog';
import { int } from '../sql/quote';

/** Rows shown and charted per cell; the total is counted when there are more. */
export const CELL_ROW_LIMIT = 10_000;

/** Words a cell may start with: the statements DuckDB accepts as a subquery. */
export const QUERY_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'PIVOT', 'UNPIVOT', 'PIVOT_WIDER', 'PIVOT_LONGER'];

export type CellStatement =
  | { kind: 'query'; body: string }
  | { kind: 'empty' }
  /** Not a query (DROP, CREATE, INSERT, SET, PRAGMA, ATTACH, EXPLAIN …): refused before it reaches the engine. */
  | { kind: 'refused'; keyword: string }
  /** A `;` with more after it: one statement per cell. */
  | { kind: 'multiple' };

interface Scan {
  /** Index just after the last character that is not space, a comment or a trailing `;`. */
  end: number;
  /** The first word outside comments and opening brackets, upper-cased. */
  first: string | null;
  /** Positions of `;` outside strings and comments. */
  semicolons: number[];
}

/** Walk the text the way DuckDB's lexer would for what matters here: strings, quoted names, comments. */
function scan(sql: string): Scan {
  let end = 0;
  let first: string | null = null;
  const semicolons: number[] = [];
  let i = 0;
  const n = sql.length;
  const significant = (to: number) => {
    end = to;
  };
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      first ??= ch === '"' ? '"' : "'";
      i = Math.min(n, j + 1);
      significant(i);
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      i = close < 0 ? n : close + tag.length;
      first ??= '$';
      significant(i);
    } else if (/\s/.test(ch) || ch === ';') {
      if (ch === ';') semicolons.push(i);
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      first ??= sql.slice(i, j).toUpperCase();
      i = j;
      significant(i);
    } else {
      if (ch !== '(') first ??= ch;
      i++;
      significant(i);
    }
  }
  return { end, first, semicolons };
}

/** What a cell's text is: a query to run (trailing `;` and comments after it removed), nothing, or a statement that is refused. */
export function cellStatement(sql: string): CellStatement {
  const { end, first, semicolons } = scan(sql);
  if (first === null) return { kind: 'empty' };
  if (!QUERY_KEYWORDS.includes(first)) return { kind: 'refused', keyword: first };
  if (semicolons.some((at) => at < end)) return { kind: 'multiple' };
  return { kind: 'query', body: sql.slice(0, end) };
}

/**
 * The statement that runs: the cell inside a subquery, one row more than shown (to know
 * whether there are more). The text starts on the first line so DuckDB's "LINE n" matches the cell's.
 */
export function buildCellSql(body: string, limit: number | null = CELL_ROW_LIMIT): string {
  return `SELECT * FROM (${body}\n) AS cell${limit === null ? '' : ` LIMIT ${int(limit + 1)}`}`;
}

export function buildCellCountSql(body: string): string {
  return `SELECT count(*) AS n FROM (${body}\n) AS cell`;
}

/** Whether a cell's text names a table the grading (or history) rewrites, so its result changes with it; `relations` narrows to those just rewritten. */
export function readsPipeline(sql: string, relations: readonly string[] = PIPELINE_RELATIONS): boolean {
  const lower = sql.toLowerCase();
  return relations.some((t) => new RegExp(`(^|[^a-z0-9_])${t}($|[^a-z0-9_])`).test(lower));
}

export type CellErrorKind = 'multiple' | 'cancelled' | 'historyNotRun' | 'engine';

/** DuckDB's message, kept as it is, with a note for the cases where it says too little. */
export function cellErrorKind(message: string): CellErrorKind {
  if (/Cannot prepare multiple statements/i.test(message)) return 'multiple';
  if (/cancel|interrupt/i.test(message)) return 'cancelled';
  // The grade history's tables exist once it has run: the page offers to run it.
  if (HISTORY_TABLES.some((t) => new RegExp(`Table with name "?${t}"? does not exist`, 'i').test(message))) return 'historyNotRun';
  return 'engine';
}

const WRAP_PREFIX = 'SELECT * FROM (';

/**
 * DuckDB's message as the analyst should read it: DuckDB-WASM repeats the "LINE n: … ^"
 * excerpt (shown once here), and line 1 of the excerpt starts with the subquery the cell
 * runs in (taken out, and the caret moved back under the cell's own text).
 */
export function tidyEngineMessage(message: string): string {
  const at = message.indexOf('\nLINE ');
  if (at < 0) return message;
  let excerpt = message.slice(at);
  const again = excerpt.indexOf('\nLINE ', 1);
  if (again > 0 && excerpt.slice(0, again) === excerpt.slice(again, 2 * again)) excerpt = excerpt.slice(0, again);
  const lead = '\nLINE 1: ';
  if (excerpt.startsWith(lead + WRAP_PREFIX)) {
    const [line, caret, ...rest] = excerpt.slice(1).split('\n');
    const fixedCaret = caret !== undefined && /^ *\^/.test(caret) && caret.indexOf('^') >= lead.length - 1 + WRAP_PREFIX.length ? caret.slice(WRAP_PREFIX.length) : caret;
    excerpt = '\n' + [line!.replace(lead.slice(1) + WRAP_PREFIX, lead.slice(1)), ...(fixedCaret === undefined ? [] : [fixedCaret]), ...rest].join('\n');
  }
  return message.slice(0, at) + excerpt;
}

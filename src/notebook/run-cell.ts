// Runs one SQL cell over an Engine: on the side connection when the engine has
// one, always prepared (so one statement only), never on the text as such (see cell-sql.ts).

import type { Table } from 'apache-arrow';
import { QueryCancelled, type Engine } from '../db/engine';
import { buildCellCountSql, buildCellSql, CELL_ROW_LIMIT, cellErrorKind, cellStatement, tidyEngineMessage } from './cell-sql';
import { shapeResult, type CellResult } from './cell-result';

export type CellError =
  | { kind: 'empty' }
  | { kind: 'refused'; keyword: string }
  | { kind: 'multiple' | 'cancelled' | 'historyNotRun' | 'engine'; message: string };

export type CellOutcome = { ok: true; result: CellResult; statements: string[] } | { ok: false; error: CellError; statements: string[] };

function aside(engine: Engine): (sql: string, signal?: AbortSignal) => Promise<Table> {
  return engine.queryAside ? (sql, signal) => engine.queryAside!(sql, signal) : (sql) => engine.queryBound(sql, []);
}

/** The first `limit` rows and the total row count (counted only when there are more). */
export async function runCell(engine: Engine, text: string, signal?: AbortSignal, limit = CELL_ROW_LIMIT): Promise<CellOutcome> {
  const st = cellStatement(text);
  if (st.kind === 'multiple') return { ok: false, error: { kind: 'multiple', message: '' }, statements: [] };
  if (st.kind !== 'query') return { ok: false, error: st, statements: [] };
  const run = aside(engine);
  const statements = [buildCellSql(st.body, limit)];
  try {
    const table = await run(statements[0]!, signal);
    let total = table.numRows;
    if (total > limit) {
      statements.push(buildCellCountSql(st.body));
      const counted = await run(statements[1]!, signal);
      total = Number(counted.getChild('n')?.get(0) ?? total);
    }
    return { ok: true, result: shapeResult(table, limit, total), statements };
  } catch (e) {
    if (e instanceof QueryCancelled) return { ok: false, error: { kind: 'cancelled', message: e.message }, statements };
    const message = tidyEngineMessage(e instanceof Error ? e.message : String(e));
    return { ok: false, error: { kind: cellErrorKind(message), message }, statements };
  }
}

/** Every row of a cell, for its download. */
export async function runCellInFull(engine: Engine, text: string): Promise<CellResult> {
  const st = cellStatement(text);
  if (st.kind !== 'query') throw new Error(st.kind === 'empty' ? 'The cell is empty.' : st.kind === 'multiple' ? 'A SQL cell runs one query.' : `A SQL cell runs queries only, not ${st.keyword}.`);
  const table = await aside(engine)(buildCellSql(st.body, null));
  return shapeResult(table, table.numRows, table.numRows);
}

// Command-line entry: argument parsing and exit codes only; the work is in grade.ts.

import { parseArgs } from 'node:util';
import { IngestError } from '../ingest/errors';
import { CliError, gradeFiles } from './grade';

const USAGE = `Usage: tierscope grade FILE… [--config scenario.json] [--out graded.csv|.xlsx|.parquet] [--engine wasm|native [--memory-limit 4GB]] [--sql] [--map T.C=FIELD]… [--role FILE=ROLE]… [--within ATTR]

Grades the customers in the files (CSV/TSV/TXT, .xlsx, Parquet, JSON) with the same
pipeline as the page, prints the grade table, and writes every graded customer to --out.
  --config   a scenario saved from the page (or a bare grading config); default: classic CRM.
             It may carry the choices below for a monthly run: "mapping": {"T.C": "FIELD"}, "roles": {"FILE": "ROLE"}
  --engine   wasm (default: DuckDB-WASM, as in the browser) or native (DuckDB on all cores, for big data):
             native reads CSV and Parquet from disk itself, out of core (a quoted glob such as "orders/*.parquet"
             is one table); a large GB18030/Big5 file is converted to UTF-8 on disk in chunks first
  --memory-limit SIZE  native DuckDB's memory limit, e.g. 4GB: past it, work spills to a temp folder
  --sql      print the SQL of every step
  --map      TABLE.COLUMN=FIELD, e.g. --map accounts.csv.account_code=customerId (repeatable): a column's field
  --role     FILE=ROLE, e.g. --role accounts.xlsx=customers (repeatable): a file's role (lines, orders, customers, …)
  --within   grade within each industry, region, customerType, size or salesperson (each group ranked and cut on its own)
  --history  also grade every period end: month, quarter or year, the months of orders each reads (default 12)
             and at most how many periods (default 16), e.g. --history quarter:12:16; prints stability,
             the average transition matrix and who has been sliding for three periods
  --holdout MONTHS  check the customer-value model: fit it on the orders before the last MONTHS months
             and print what it predicts for them against what happened, by calibration purchases
  --emit-sql DIR  write the grading as plain DuckDB SQL files, one per step (01-sources … 06-grade-table),
             with the loaded tables and predictions as data beside them; cd DIR && cat *.sql | duckdb
             grades the same customers in the duckdb shell, or run 03-metrics.sql in a warehouse
When grading cannot start, the problems are printed with the --map/--role choices that fix them, and the exit code is 1.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      engine: { type: 'string', default: 'wasm' },
      sql: { type: 'boolean', default: false },
      map: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      within: { type: 'string' },
      history: { type: 'string' },
      holdout: { type: 'string' },
      'emit-sql': { type: 'string' },
      'memory-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || command !== 'grade') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.engine !== 'wasm' && values.engine !== 'native') {
    console.error(`--engine must be wasm or native (got ${values.engine})`);
    return 2;
  }
  try {
    await gradeFiles({ files, config: values.config, out: values.out, engine: values.engine, showSql: values.sql, map: values.map, role: values.role, within: values.within, history: values.history, holdout: values.holdout, emitSql: values['emit-sql'], memoryLimit: values['memory-limit'], command: `tierscope ${argv.join(' ')}` }, (l) => console.log(l));
    if (values.out) console.log(`wrote ${values.out}`);
    return 0;
  } catch (e) {
    if (e instanceof Error && /Out of Memory Error/u.test(e.message)) {
      console.error(`Native DuckDB ran out of memory${values['memory-limit'] ? ` within --memory-limit ${values['memory-limit']}` : ''}: raise --memory-limit (past it, work spills to disk), or grade fewer lines at once.\n${e.message.split('\n')[0]}`);
      return 1;
    }
    // A file that cannot be read says what and where, as on the page: no class name in front.
    console.error(e instanceof CliError || e instanceof IngestError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    return 1;
  }
}

// The analyst's SQL cells and the policy desk over the page state and the real
// engine: cells run, fail on their own, cannot touch the pipeline's tables or
// settings, re-run after a grading, travel with the scenario; editing cells or the
// policy never regrades.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notebook } from '../../src/app/notebook.svelte';
import { PolicyDesk } from '../../src/app/policy/policy.svelte';
import { Session } from '../../src/app/session.svelte';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { configFromHash, scenarioFromJson, scenarioToJson } from '../../src/model/scenario';
import { buildCellSql } from '../../src/notebook/cell-sql';
import { toRows } from '../../src/results/rows';
import { SAMPLE_DIR } from '../support/sample';

const graded: string[] = [];
async function countingEngine(): Promise<Engine> {
  const engine = await openNodeEngine();
  return {
    ...engine,
    async query(sql) {
      if (sql.startsWith('CREATE OR REPLACE TABLE "customers_graded"')) graded.push(sql);
      return engine.query(sql);
    },
  };
}

let session: Session;
let notebook: Notebook;
let desk: PolicyDesk;

beforeAll(async () => {
  session = new Session(countingEngine, async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  notebook = new Notebook(session);
  desk = new PolicyDesk(session);
  desk.onViews(() => void notebook.gradingChanged());
  session.lang = 'zh';
  await session.start();
  await desk.refresh();
});
afterAll(async () => session.engine?.close());

const run = (id: string) => notebook.runs[id]!;
const cell = (sql: string) => {
  const id = notebook.add()!;
  notebook.update(id, { sql });
  return id;
};
const count = async (table: string) => toRows<{ n: number }>(await session.engine!.query(`SELECT count(*) AS n FROM ${table}`))[0]!.n;

describe('SQL cells', () => {
  it('start with an example that runs over the graded customers', async () => {
    const id = notebook.add()!;
    expect(session.config.cells).toHaveLength(1);
    expect(session.config.cells[0]!.sql).toContain('FROM customers_graded');
    await notebook.run(id);
    expect(run(id).status).toBe('done');
    const r = run(id).result!;
    expect(r.columns.map((c) => [c.name, c.kind])).toEqual([
      ['grade', 'nominal'],
      ['customers', 'quantitative'],
      ['profit', 'quantitative'],
      ['mean_score', 'quantitative'],
    ]);
    expect(r.rows.map((x) => [x[0], x[1]])).toEqual([
      ['A', 159],
      ['B', 238],
      ['C', 237],
      ['D', 159],
    ]);
    expect(r.total).toBe(4);
  });

  it('never regrade when added, edited, moved or deleted, nor when the policy changes', async () => {
    const before = graded.length;
    const id = cell('SELECT 1 AS one');
    notebook.update(id, { title: '一' });
    notebook.setChart(id, { mark: 'point' });
    notebook.move(id, -1);
    expect(session.config.cells.map((c) => c.id)).toEqual([id, 'c1']);
    notebook.move(id, 1);
    await notebook.run(id);
    notebook.remove(id);
    desk.setValue(0, 'responseDays', 2);
    await desk.refresh();
    desk.setValue(0, 'responseDays', 3);
    await desk.refresh();
    expect(graded.length).toBe(before);
    expect(session.phase).toBe('ready');
  });

  it('show DuckDB’s message at a failing cell and leave the other cells and the grading alone', async () => {
    const good = session.config.cells[0]!.id;
    const bad = cell('SELECT grade, nonsense FROM customers_graded');
    await notebook.run(bad);
    expect(run(bad).status).toBe('error');
    expect(run(bad).error).toMatchObject({ kind: 'engine' });
    const message = (run(bad).error as { message: string }).message;
    expect(message).toMatch(/Binder Error: Referenced column "nonsense" not found/);
    // The excerpt shows the cell's own line, once, without the subquery it ran in.
    expect(message.match(/LINE 1: /g)).toHaveLength(1);
    expect(message).toContain('LINE 1: SELECT grade, nonsense FROM customers_graded');
    expect(run(good).status).toBe('done');
    await notebook.run(good);
    expect(run(good).result!.rows).toHaveLength(4);
    expect(session.error).toBeNull();
    notebook.remove(bad);
  });

  it('cannot drop, change or add to the pipeline’s tables, nor change a setting', async () => {
    const attempts = [
      'DROP TABLE customers_graded',
      'DELETE FROM customers_graded',
      'SET autoload_known_extensions = true',
      'SELECT 1; DROP TABLE customers_graded',
      'SELECT 1) AS x; DROP TABLE customers_graded; SELECT * FROM (SELECT 1',
      "SELECT * FROM query('DROP TABLE customers_graded')",
      'WITH x AS (SELECT 1) INSERT INTO customers_graded SELECT * FROM customers_graded',
    ];
    const ids = attempts.map(cell);
    try {
      for (const id of ids) await notebook.run(id);
      // The last two reach the engine, which refuses them: a subquery cannot write.
      expect(ids.map((id) => run(id).error?.kind)).toEqual(['refused', 'refused', 'refused', 'multiple', 'multiple', 'engine', 'engine']);
      // Past the page's own check, prepare still takes one statement only.
      const smuggled = buildCellSql('SELECT 1) AS x; DROP TABLE customers_graded; SELECT * FROM (SELECT 1');
      await expect(session.engine!.queryAside!(smuggled)).rejects.toThrow(/Cannot prepare multiple statements/);
    } finally {
      for (const id of ids) notebook.remove(id);
    }
    expect(await count('customers_graded')).toBe(793);
    const setting = cell("SELECT current_setting('autoload_known_extensions') AS autoload");
    await notebook.run(setting);
    expect(run(setting).result!.rows).toEqual([[false]]);
    notebook.remove(setting);
    // The grading still runs over intact tables.
    await session.regrade();
    expect(session.result!.gradeTable.map((g) => g.customers)).toEqual([159, 238, 237, 159]);
  });

  it('show the first 10,000 rows and count the rest', async () => {
    const id = cell('SELECT range AS n, range % 7 AS k FROM range(25000) ORDER BY n DESC');
    await notebook.run(id);
    const r = run(id).result!;
    expect(r.rows).toHaveLength(10_000);
    expect(r.total).toBe(25_000);
    expect(r.rows[0]).toEqual([24_999, 24_999 % 7]);
    expect(run(id).statements).toHaveLength(2);
    notebook.sort(id, 0);
    expect(r.rows[run(id).sort!.order[0]!]![0]).toBe(15_000);
    notebook.remove(id);
  });

  it('run again when the grading they read changes, and only those', async () => {
    const graded = cell("SELECT count(*) FILTER (WHERE grade = 'A') AS a FROM customers_graded");
    const orders = cell('SELECT count(*) AS n FROM orders');
    await notebook.gradingChanged();
    expect(run(graded).result!.rows).toEqual([[159]]);
    const ordersRuns = run(orders).runs;
    session.edit((c) => {
      c.rule = { kind: 'ratio', grades: [{ name: 'A', share: 50 }, { name: 'B', share: 20 }, { name: 'C', share: 20 }, { name: 'D', share: 10 }] };
    });
    await session.requestRegrade();
    await notebook.gradingChanged();
    // 0.5 × 793 = 396.5, rounded half up
    expect(run(graded).result!.rows).toEqual([[397]]);
    expect(run(orders).runs).toBe(ordersRuns);
    session.edit((c) => {
      c.rule = { kind: 'ratio', grades: [{ name: 'A', share: 20 }, { name: 'B', share: 30 }, { name: 'C', share: 30 }, { name: 'D', share: 20 }] };
    });
    await session.requestRegrade();
    notebook.remove(graded);
    notebook.remove(orders);
  });

  it('download every row of their query as CSV', async () => {
    const id = cell('SELECT customer_id, last_order, profit FROM customers_graded ORDER BY customer_id');
    notebook.update(id, { title: '客户/最后下单' });
    const file = await notebook.download(id);
    expect(file!.fileName).toBe('tierscope-客户-最后下单.csv');
    const lines = file!.csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(794);
    expect(lines[0]).toBe('customer_id,last_order,profit');
    expect(lines[1]).toMatch(/^AA-10315,\d{4}-\d{2}-\d{2},/);
    notebook.remove(id);
  });

  it('travel with the scenario and the link, in their order', async () => {
    const a = cell('SELECT 2 AS two');
    notebook.update(a, { title: '第二' });
    notebook.move(a, -1);
    session.saveScenario('带单元格');
    const saved = session.scenarios.find((s) => s.name === '带单元格')!;
    expect(saved.config.cells.map((c) => [c.id, c.title, c.sql])).toEqual([
      [a, '第二', 'SELECT 2 AS two'],
      ['c1', '', session.config.cells[1]!.sql],
    ]);
    expect(scenarioFromJson(scenarioToJson(saved)).config.cells).toEqual(saved.config.cells);
    expect(configFromHash(session.hash)!.cells).toEqual(saved.config.cells);
    expect(configFromHash(session.hash)!.policy).toEqual(saved.config.policy);
    notebook.remove(a);
  });
});

describe('the policy desk on the sample', () => {
  it('lists every customer’s next visit, and exports the worklist with Chinese headers', async () => {
    expect(desk.summary!.customers).toBe(793);
    expect(desk.actions).toHaveLength(200);
    const csv = (await desk.worklistCsv())!;
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(794);
    expect(lines[0]!.startsWith('等级,客户编号,客户名称,业务员,客户经理,最后下单,上次拜访,下次拜访')).toBe(true);
  });

  it('queues complaints by grade and reports delays that add up', async () => {
    const c = desk.complaints!;
    const grades = c.queue.map((r) => (r.grade_index as number | null) ?? 99);
    expect(grades).toEqual([...grades].sort((x, y) => x - y));
    expect(c.queue.every((r) => r.is_open)).toBe(true);
    const total = c.delays.reduce((s, r) => s + (r.complaints as number), 0);
    expect(total + c.leftOut.undated + c.leftOut.later).toBe(120);
    expect(c.delays.reduce((s, r) => s + (r.open as number), 0)).toBe(c.queue.length);
    expect(c.late.length).toBe(c.delays.reduce((s, r) => s + (r.late as number), 0));
    expect(desk.workload).toBeNull(); // Superstore has no salesperson column
  });

  it('moves due dates with the policy, without regrading, and re-runs cells that read the queue', async () => {
    const id = cell("SELECT count(*) FILTER (WHERE is_late) AS late FROM complaint_queue WHERE grade = 'A'");
    await notebook.run(id);
    const before = run(id).result!.rows[0]![0] as number;
    expect(before).toBeGreaterThan(0);
    const n = graded.length;
    desk.setValue(0, 'responseDays', 365);
    await desk.refresh();
    await notebook.gradingChanged();
    expect(run(id).result!.rows).toEqual([[0]]);
    expect(desk.complaints!.delays[0]).toMatchObject({ grade: 'A', late: 0, response_days: 365 });
    expect(graded.length).toBe(n);
    desk.setValue(0, 'responseDays', 3);
    await desk.refresh();
    notebook.remove(id);
  });

  it('allocates the scarcest material in queue order', async () => {
    const a = desk.allocation!;
    expect(a.material).toBe(desk.openOrders!.materials[0]!.material);
    const allocated = a.rows.reduce((s, r) => s + (r.allocated as number), 0);
    expect(allocated).toBe(a.available);
    expect(a.shortOrders).toBeGreaterThan(0);
    await desk.allocate(a.material, 1e9);
    expect(desk.allocation!.shortOrders).toBe(0);
  });
});

// The grade policy and the queues in the real engine: next visits, the complaint
// queue and the delay report against a small fixture computed by hand; the
// short-material allocation on the sample against an independent computation in JS.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { policyRows } from '../../src/model/policy';
import {
  buildActionsListSql,
  buildActionsSummarySql,
  buildCustomerActionsViewSql,
  buildGradePolicyViewSql,
  buildWorkloadSql,
  type GradePolicyLine,
} from '../../src/model/policy-sql';
import {
  buildAllocationSql,
  buildComplaintDelaySql,
  buildComplaintQueueSql,
  buildComplaintQueueViewSql,
  buildComplaintsLeftOutSql,
  buildLateComplaintsSql,
  buildMaterialsSql,
  buildOpenOrderQueueSql,
  buildOpenOrderQueueViewSql,
} from '../../src/model/queues-sql';
import type { SourceMapping } from '../../src/model/source';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { parseCsv } from '../../scripts/sample-queues';
import { openSampleEngine, SAMPLE_DIR } from '../support/sample';

const rows = async <T extends object = Record<string, unknown>>(engine: Engine, sql: string) => toRows<T>(await engine.query(sql));
const day = (v: unknown) => (v === null ? null : new Date(v as number).toISOString().slice(0, 10));

const GRADES = ['A', 'B', 'C', 'D'];
const lines = (grades = GRADES): GradePolicyLine[] => policyRows(CLASSIC_CRM.policy, grades.length).map((r, i) => ({ ...r, grade: grades[i]!, manager: `M${i}` }));

describe('grade policy and complaint queue on a hand-computed fixture', () => {
  let engine: Engine;
  const AS_OF = { asOf: '2025-06-30', today: '2031-01-01' };
  const mapping: SourceMapping = {
    lines: { table: 'unused', orderId: 'o', amount: 'a', customerId: 'c' },
    customers: { table: 'crm', customerId: 'id', lastContact: '最近拜访' },
    complaints: { table: '客诉', customerId: '客户', openedAt: '投诉日期', resolvedAt: '结案日期', complaintId: '编号', issue: "it's" },
  };

  beforeAll(async () => {
    engine = await openNodeEngine();
    // A graded table as the pipeline leaves it, reduced to the columns policy and queues read.
    await engine.query(`CREATE TABLE customers_graded AS SELECT * FROM (VALUES
      (1, 'K1', 'One', 0, 'A', '王', DATE '2025-01-31', 90.0, 1000.0, 300.0),
      (2, 'K2', 'Two', 1, 'B', '王', DATE '2025-03-15', 70.0, 800.0, 100.0),
      (3, 'K3', 'Three', 2, 'C', '李', DATE '2024-12-01', 40.0, 300.0, -20.0),
      (4, 'K4', 'Four', 3, 'D', '李', NULL, 10.0, 0.0, 0.0),
      (5, 'K5', 'Five', 0, 'A', NULL, DATE '2025-06-10', 95.0, 2000.0, 500.0)
    ) AS t(grade_rank, customer_id, customer_name, grade_index, grade, salesperson, last_order, score, order_amount, profit)`);
    await engine.query(`CREATE TABLE crm AS SELECT * FROM (VALUES ('K1', '2025-01-31'), ('K2', NULL), (' K5 ', 'garbled')) AS t(id, "最近拜访")`);
    await engine.query(`CREATE TABLE "客诉" AS SELECT * FROM (VALUES
      ('P1', 'K1', '2025-06-20', '2025-06-22', 'x'),
      ('P2', 'K1', '2025-06-20', '2025-06-26', 'x'),
      ('P3', 'K2', '2025-06-24', NULL, 'x'),
      ('P4', 'K3', '2025-06-28', NULL, 'x'),
      ('P5', 'K4', '2025-06-01', '2025-06-10', 'x'),
      ('P6', 'K9', '2025-06-25', NULL, 'x'),
      ('P7', 'K5', '2025-06-10', '2025-07-05', 'x'),
      ('P8', 'K2', '2025-07-02', NULL, 'x'),
      ('P9', 'K3', 'not a date', NULL, 'x')
    ) AS t("编号", "客户", "投诉日期", "结案日期", "it's")`);
    await engine.query(buildGradePolicyViewSql(lines()));
    await engine.query(buildCustomerActionsViewSql(mapping, AS_OF));
    await engine.query(buildComplaintQueueViewSql(mapping.complaints!, AS_OF));
  });
  afterAll(() => engine?.close());

  it('puts the policy in a view, one row per grade', async () => {
    const p = await rows(engine, 'SELECT * FROM grade_policy ORDER BY grade_index');
    expect(p.map((r) => [r.grade, r.visit_every_months, r.response_days, r.payment_terms_days, r.discount_ceiling_pct, r.production_priority, r.account_manager])).toEqual([
      ['A', 1, 3, 60, 15, 1, 'M0'],
      ['B', 3, 4, 45, 10, 2, 'M1'],
      ['C', 6, 5, 30, 5, 3, 'M2'],
      ['D', 12, 7, 15, 0, 4, 'M3'],
    ]);
  });

  it('dates the next visit from the last contact, else the last order, plus the grade interval', async () => {
    const list = await rows(engine, buildActionsListSql());
    const byId = Object.fromEntries(list.map((r) => [r.customer_id, [day(r.last_contact), day(r.next_visit_due), r.days_until_visit, r.payment_terms_days, r.account_manager]]));
    expect(byId).toEqual({
      // contact 31 Jan + 1 month: the end of February; 122 days before 30 June
      K1: ['2025-01-31', '2025-02-28', -122, 60, 'M0'],
      // no contact: last order 15 Mar + 3 months
      K2: [null, '2025-06-15', -15, 45, 'M1'],
      // 1 Dec + 6 months
      K3: [null, '2025-06-01', -29, 30, 'M2'],
      // never ordered, never visited: due at once
      K4: [null, '2025-06-30', 0, 15, 'M3'],
      // an unreadable contact date counts as none: last order 10 Jun + 1 month
      K5: [null, '2025-07-10', 10, 60, 'M0'],
    });
    // Soonest first; K1 is the most overdue.
    expect(list.map((r) => r.customer_id)).toEqual(['K1', 'K3', 'K2', 'K4', 'K5']);
    const [s] = await rows(engine, buildActionsSummarySql());
    expect([s!.customers, s!.overdue, s!.next30, s!.with_contact, day(s!.as_of)]).toEqual([5, 3, 2, 1, '2025-06-30']);
  });

  it('orders open complaints by grade, then age, each due after its grade’s response days', async () => {
    const q = await rows(engine, buildComplaintQueueSql());
    expect(q.map((r) => [r.queue_position, r.complaint_id, r.grade, day(r.due_on), r.days_left, r.age_days])).toEqual([
      [1, 'P7', 'A', '2025-06-13', -17, 20],
      [2, 'P3', 'B', '2025-06-28', -2, 6],
      [3, 'P4', 'C', '2025-07-03', 3, 2],
      // not in the graded data: no grade, served like the last grade (7 days)
      [4, 'P6', null, '2025-07-02', 2, 5],
    ]);
  });

  it('reports delays per grade: complaints, late, still open, average and longest delay', async () => {
    const d = await rows(engine, buildComplaintDelaySql());
    expect(d.map((r) => [r.grade, r.complaints, r.open, r.late, r.late_open, r.avg_delay_days, r.max_delay_days])).toEqual([
      ['A', 3, 1, 2, 1, 10, 17],
      ['B', 1, 1, 1, 1, 2, 2],
      ['C', 1, 1, 0, 0, null, null],
      ['D', 1, 0, 1, 0, 2, 2],
      [null, 1, 1, 0, 0, null, null],
    ]);
    const late = await rows(engine, buildLateComplaintsSql());
    expect(late.map((r) => [r.complaint_id, r.delay_days, r.is_open])).toEqual([
      ['P7', 17, true],
      ['P2', 3, false],
      ['P3', 2, true],
      ['P5', 2, false],
    ]);
    const [out] = await rows(engine, buildComplaintsLeftOutSql(mapping.complaints!, AS_OF));
    expect(out).toEqual({ undated: 1, later: 1 });
  });

  it('follows an edited policy: a longer response time for A leaves P7 on time', async () => {
    const edited = lines().map((l, i) => (i === 0 ? { ...l, responseDays: 30 } : l));
    await engine.query(buildGradePolicyViewSql(edited));
    const d = await rows(engine, buildComplaintDelaySql());
    expect(d[0]).toMatchObject({ grade: 'A', late: 0, late_open: 0 });
    await engine.query(buildGradePolicyViewSql(lines()));
  });

  it('balances the workload: each salesperson’s customers and profit by grade', async () => {
    const w = await rows(engine, buildWorkloadSql(4));
    expect(w.map((r) => [r.salesperson, r.customers, r.profit, r.g0_customers, r.g1_customers, r.g2_customers, r.g3_customers, r.g0_profit, r.top_grade_share, r.customer_share])).toEqual([
      ['王', 2, 400, 1, 1, 0, 0, 300, 0.5, 0.4],
      ['李', 2, -20, 0, 0, 1, 1, null, 0, 0.4],
      [null, 1, 500, 1, 0, 0, 0, 500, 0.5, 0.2],
    ]);
  });

  it('escapes grade names and assignment text', async () => {
    const odd = lines(["A'); DROP TABLE crm; --", 'B', 'C', 'D']).map((l) => ({ ...l, manager: "O'Brien \"KA\"" }));
    await engine.query(buildGradePolicyViewSql(odd));
    const p = await rows(engine, 'SELECT grade, account_manager FROM grade_policy WHERE grade_index = 0');
    expect(p).toEqual([{ grade: "A'); DROP TABLE crm; --", account_manager: "O'Brien \"KA\"" }]);
    expect((await rows(engine, 'SELECT count(*) AS n FROM crm'))[0]).toEqual({ n: 3 });
    await engine.query(buildGradePolicyViewSql(lines()));
  });
});

describe('open orders and short-material allocation on the sample', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openSampleEngine();
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    await engine.query(buildGradePolicyViewSql(lines()));
    await engine.query(buildOpenOrderQueueViewSql(SAMPLE_MAPPING.openOrders!));
  });
  afterAll(() => engine?.close());

  /** The same queue and allocation computed from the CSV in JS, with the grades the engine gave. */
  async function expected(material: string, available: number) {
    const [head, ...body] = parseCsv(await readFile(SAMPLE_DIR + 'open_orders.csv', 'utf8')).filter((r) => r.length > 1);
    const at = (name: string) => head!.indexOf(name);
    const grade = new Map((await rows<{ customer_id: string; grade_index: number }>(engine, 'SELECT customer_id, grade_index FROM customers_graded')).map((r) => [r.customer_id, r.grade_index]));
    const priority = policyRows(CLASSIC_CRM.policy, 4).map((r) => r.productionPriority);
    const orders = body
      .map((r) => ({ id: r[at('Order ID')]!, customer: r[at('Customer ID')]!, wanted: r[at('Requested Date')]!, ordered: r[at('Order Date')]!, material: r[at('Material')]!, qty: Number(r[at('Quantity')]) }))
      .map((o) => ({ ...o, g: grade.get(o.customer) ?? null }))
      .map((o) => ({ ...o, p: priority[o.g ?? 3]! }));
    orders.sort((a, b) => a.p - b.p || (a.g ?? 99) - (b.g ?? 99) || a.wanted.localeCompare(b.wanted) || a.ordered.localeCompare(b.ordered) || a.id.localeCompare(b.id));
    let left = available;
    return orders
      .filter((o) => o.material === material && o.qty > 0)
      .map((o) => {
        const got = Math.min(o.qty, Math.max(left, 0));
        left -= got;
        return [o.id, o.qty, got, o.qty - got];
      });
  }

  it('queues every open order by priority, grade, requested date', async () => {
    const q = await rows(engine, buildOpenOrderQueueSql());
    expect(q).toHaveLength(64);
    const keys = q.map((r) => [r.production_priority as number, (r.grade_index as number | null) ?? 99]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(q.filter((r) => r.grade === null)).toEqual([]);
  });

  it('allocates scarce material in queue order, as an independent computation does', async () => {
    const materials = await rows<{ material: string; orders: number; demand: number }>(engine, buildMaterialsSql());
    expect(materials.map((m) => m.material)).toContain('Copy paper (carton)');
    for (const m of materials) {
      for (const available of [0, Math.round(m.demand / 3), m.demand - 1, m.demand, m.demand + 10]) {
        const got = await rows(engine, buildAllocationSql(m.material, available));
        expect(got.map((r) => [r.order_id, r.quantity, r.allocated, r.short])).toEqual(await expected(m.material, available));
        const allocated = got.reduce((s, r) => s + (r.allocated as number), 0);
        expect(allocated).toBe(Math.min(available, m.demand));
      }
    }
  });

  it('allocates nothing for a material no order needs, and escapes the name', async () => {
    expect(await rows(engine, buildAllocationSql("Paper' OR '1'='1", 100))).toEqual([]);
  });
});

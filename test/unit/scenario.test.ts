import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM, PROFIT_ABC_RULE, type GradingConfig } from '../../src/model/config';
import { configFromHash, configToHash, parseConfig, ScenarioError, scenarioFromJson, scenarioToJson } from '../../src/model/scenario';

const full: GradingConfig = {
  metrics: [
    { id: 'profit', weight: 55.5, normalisation: 'zscore', missing: 'neutral', capPercentile: 99 },
    { id: 'orderAmount', weight: 30, normalisation: 'logminmax', missing: 'worst', capPercentile: null },
    { id: 'growth', weight: 14.5 },
  ],
  rule: { ...PROFIT_ABC_RULE, measure: 'orderAmount', grades: [{ name: '战略', upTo: 70, color: '#123456' }, { name: '重点', upTo: 90 }, { name: '普通', upTo: null }, { name: '维持', upTo: null }] },
  adjustments: [{ customerId: 'C-1 "quoted"', grade: '重点', reason: '战略合作伙伴 & co', author: '王经理', at: '2026-11-24T09:00:00.000Z' }],
  flags: { falseBigAmountTopPct: 25, falseBigProfitBottomPct: 40, sleepingDays: 90, growthHighPct: 15, loyaltyHighIndex: 60 },
  prospects: { 'NEW-1': 4, 新客户: 5 },
  ratings: { strategic: { 'C-1 "quoted"': 5, 老客户: 2 }, satisfaction: { 'NEW-1': 3.5 } },
  asOf: '2025-12-31',
  policy: [
    { visitEveryMonths: 1, responseDays: 2, paymentTermsDays: 90, discountCeilingPct: 12.5, productionPriority: 1, manager: '张总监 "KA"' },
    { visitEveryMonths: 2, responseDays: 3, paymentTermsDays: 60, discountCeilingPct: 8, productionPriority: 1, manager: '' },
    { visitEveryMonths: 6, responseDays: 5, paymentTermsDays: 30, discountCeilingPct: 3, productionPriority: 2, manager: 'Inside sales' },
  ],
  cells: [
    { id: 'c1', title: '亏损客户', sql: "SELECT * FROM customers_graded WHERE profit < 0 -- it's mine\nORDER BY profit", chart: { mark: 'auto', x: null, y: null, color: null } },
    { id: 'c7', title: '', sql: 'SELECT grade, count(*) AS n FROM customers_graded GROUP BY 1', chart: { mark: 'bar', x: 'grade', y: 'n', color: 'grade' } },
  ],
  groupBy: 'industry',
  offers: [
    { group: '电信 "5G"', grade: '战略', text: '专属解决方案 + 季度走访' },
    { group: null, grade: '维持', text: "online only, it's fine" },
  ],
  history: { step: 'month', windowMonths: 6, periods: 24, slidingPeriods: 2 },
};

describe('scenario links and files', () => {
  it('round-trips every config field through the URL hash', () => {
    const hash = configToHash(full);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(configFromHash(hash)).toEqual(full);
    expect(configFromHash(`#other=1&${hash.slice(1)}`)).toEqual(full);
  });
  it('round-trips through a JSON file, with its name', () => {
    const s = { name: '利润优先 2026', config: full, savedAt: '2026-11-24T10:00:00.000Z' };
    expect(scenarioFromJson(scenarioToJson(s))).toEqual(s);
  });
  it('ignores a hash without a scenario', () => {
    expect(configFromHash('')).toBeNull();
    expect(configFromHash('#charts')).toBeNull();
  });
  it('refuses damaged or hostile input with a message saying what is wrong', () => {
    expect(() => configFromHash('#s=%%%')).not.toThrow(); // not our format at all: ignored
    expect(() => configFromHash('#s=AAAA')).toThrow(ScenarioError);
    expect(() => scenarioFromJson('{')).toThrow(/does not parse/);
    expect(() => scenarioFromJson('{"name":"x"}')).toThrow(/Not a Tierscope scenario/);
    expect(() => scenarioFromJson(JSON.stringify({ tierscope: 'scenario', version: 99, name: 'x', config: CLASSIC_CRM }))).toThrow(/version 99/);
    const bad = (config: unknown) => () => parseConfig(config);
    // The grade history's settings are checked like the page checks them; a partial one gets the defaults.
    expect(bad({ ...CLASSIC_CRM, history: { step: 'week' } })).toThrow(/history: The history step must be month, quarter or year/);
    expect(bad({ ...CLASSIC_CRM, history: { periods: 1 } })).toThrow(/history: The number of periods must be a whole number from 2 to 60/);
    expect(bad({ ...CLASSIC_CRM, history: { windowMonths: '12' } })).toThrow(/history\.windowMonths must be a number/);
    expect(parseConfig({ ...CLASSIC_CRM, history: { step: 'year' } }).history).toEqual({ step: 'year', windowMonths: 12, periods: 16, slidingPeriods: 3 });
    expect(parseConfig(CLASSIC_CRM).history).toBeUndefined();
    expect(bad({ ...CLASSIC_CRM, metrics: [{ id: 'x; DROP', weight: 1 }] })).toThrow(/metrics\[0\]\.id "x; DROP" is not a known metric/);
    expect(bad({ ...CLASSIC_CRM, metrics: [{ id: 'profit', weight: 'lots' }] })).toThrow(/metrics\[0\]\.weight must be a number/);
    expect(bad({ ...CLASSIC_CRM, rule: { kind: 'magic', grades: [] } })).toThrow(/rule.kind/);
    // A grade colour ends up in styles and SVG: #rrggbb only.
    const coloured = (color: string) => ({ ...CLASSIC_CRM, rule: { ...CLASSIC_CRM.rule, grades: CLASSIC_CRM.rule.grades.map((g, i) => (i ? g : { ...g, color })) } });
    expect(bad(coloured('red"/><script>'))).toThrow(/rule\.grades\[0\]\.color must be a colour/);
    expect(parseConfig(coloured('#1A4A7E')).rule.grades[0]!.color).toBe('#1A4A7E');
    expect(bad({ ...CLASSIC_CRM, rule: { kind: 'ratio', grades: [{ name: 'A', share: 60 }, { name: 'B', share: 60 }] } })).toThrow(/add up to 100/);
    expect(bad({ ...CLASSIC_CRM, __proto__: { polluted: true }, metrics: 'all' })).toThrow(/metrics must be a list/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('refuses an unknown group attribute or a broken offer, saying which', () => {
    expect(() => parseConfig({ ...CLASSIC_CRM, groupBy: 'city' } as never)).toThrow(/Unknown group attribute "city"/);
    expect(() => parseConfig({ ...CLASSIC_CRM, offers: [{ group: 'x', grade: 'A', text: 'y'.repeat(501) }] } as never)).toThrow(/offers\[0\]\.text/);
    expect(() => parseConfig({ ...CLASSIC_CRM, offers: {} } as never)).toThrow(/offers must be a list/);
  });

  it('refuses a broken policy or broken cells, saying where', () => {
    const bad = (config: unknown) => () => parseConfig(config);
    const row = CLASSIC_CRM.policy[0]!;
    expect(bad({ ...CLASSIC_CRM, policy: [{ ...row, responseDays: 'soon' }] })).toThrow(/policy\[0\]\.responseDays must be a number/);
    expect(bad({ ...CLASSIC_CRM, policy: [{ ...row, visitEveryMonths: 0 }] })).toThrow(/visitEveryMonths must be a whole number from 1 to 60/);
    expect(bad({ ...CLASSIC_CRM, policy: [{ ...row, productionPriority: 1.5 }] })).toThrow(/productionPriority/);
    expect(bad({ ...CLASSIC_CRM, policy: Array(7).fill(row) })).toThrow(/policy has more than 6 entries/);
    expect(bad({ ...CLASSIC_CRM, cells: [{ id: 'c1', sql: 1 }] })).toThrow(/cells\[0\]\.sql must be text/);
    expect(bad({ ...CLASSIC_CRM, cells: [{ id: 'a b', sql: '' }] })).toThrow(/unusable id/);
    expect(bad({ ...CLASSIC_CRM, cells: [{ id: 'c1', sql: '' }, { id: 'c1', sql: '' }] })).toThrow(/used twice/);
    expect(bad({ ...CLASSIC_CRM, cells: [{ id: 'c1', sql: '', chart: { mark: 'pie' } }] })).toThrow(/chart\.mark must be one of/);
    expect(bad({ ...CLASSIC_CRM, cells: [{ id: 'c1', sql: 'x'.repeat(20_001) }] })).toThrow(/longer than 20000/);
  });
  it('reads scenarios saved before there were policies and cells with the defaults', () => {
    const { policy: _p, cells: _c, ...old } = CLASSIC_CRM;
    const config = parseConfig(JSON.parse(JSON.stringify(old)));
    expect(config.policy).toEqual(CLASSIC_CRM.policy);
    expect(config.cells).toEqual([]);
    // A cell saved without a chart or title gets the automatic chart.
    expect(parseConfig({ ...old, cells: [{ id: 'c1', sql: 'SELECT 1' }] }).cells).toEqual([{ id: 'c1', title: '', sql: 'SELECT 1', chart: { mark: 'auto', x: null, y: null, color: null } }]);
  });
});

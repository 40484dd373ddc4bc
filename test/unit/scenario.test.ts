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
  asOf: '2025-12-31',
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
});

// Scenarios: a named grading config, saved, shared as a link (URL hash) or a
// JSON file. Anything read back is untrusted: it is rebuilt field by field from
// what we know, and refused with a message when it does not fit.

import {
  DEFAULT_FLAGS,
  DEFAULT_VALUE,
  type ValueConfig,
  isGradeColor,
  RATED_METRICS,
  type ManualRatings,
  validateConfig,
  validateUngraded,
  type Adjustment,
  type FlagConfig,
  type GradeRule,
  type GradingConfig,
  type GroupAttribute,
  type GroupOffer,
  MAX_OFFERS,
  MAX_OFFER_TEXT,
  type MissingPolicy,
  type Normalisation,
  type WeightedMetric,
} from './config';
import { METRIC_IDS, type MetricId } from './metrics';
import { DEFAULT_HISTORY, validateHistorySettings, type HistorySettings, type HistoryStep } from './history/periods';
import { DEFAULT_POLICY, MAX_POLICY_ROWS, type GradePolicy, type GradePolicyRow } from './policy';
import { AUTO_CHART, CHART_MARKS, MAX_CELL_SQL, MAX_CELL_TITLE, MAX_CELLS, type CellChart, type ChartMark, type SqlCell } from './cells';

export const SCENARIO_VERSION = 1;

export interface Scenario {
  name: string;
  config: GradingConfig;
  /** ISO timestamp of the last save. */
  savedAt: string;
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json, where: string, max = 500): string => {
  if (typeof v !== 'string') throw new ScenarioError(`${where} must be text.`);
  if (v.length > max) throw new ScenarioError(`${where} is longer than ${max} characters.`);
  return v;
};
const gradeColorOf = (v: Json, where: string): string => {
  if (!isGradeColor(v)) throw new ScenarioError(`${where} must be a colour like #1a4a7e.`);
  return v;
};
const numb = (v: Json, where: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ScenarioError(`${where} must be a number.`);
  return v;
};
const numOrNull = (v: Json, where: string): number | null => (v === null || v === undefined ? null : numb(v, where));
const list = (v: Json, where: string, max: number): Json[] => {
  if (!Array.isArray(v)) throw new ScenarioError(`${where} must be a list.`);
  if (v.length > max) throw new ScenarioError(`${where} has more than ${max} entries.`);
  return v;
};

function parseMetric(v: Json, i: number): WeightedMetric {
  const where = `metrics[${i}]`;
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  const id = str(v.id, `${where}.id`) as MetricId;
  if (!METRIC_IDS.includes(id)) throw new ScenarioError(`${where}.id "${id}" is not a known metric.`);
  const m: WeightedMetric = { id, weight: numb(v.weight, `${where}.weight`) };
  if (v.normalisation !== undefined) m.normalisation = str(v.normalisation, `${where}.normalisation`) as Normalisation;
  if (v.missing !== undefined) m.missing = str(v.missing, `${where}.missing`) as MissingPolicy;
  if (v.capPercentile !== undefined) m.capPercentile = numOrNull(v.capPercentile, `${where}.capPercentile`);
  return m;
}

function parseRule(v: Json): GradeRule {
  if (!isObj(v)) throw new ScenarioError('rule must be an object.');
  const grades = list(v.grades, 'rule.grades', 6).map((g, i) => {
    if (!isObj(g)) throw new ScenarioError(`rule.grades[${i}] must be an object.`);
    const base = { name: str(g.name, `rule.grades[${i}].name`, 40), ...(g.color !== undefined ? { color: gradeColorOf(g.color, `rule.grades[${i}].color`) } : {}) };
    return { base, g, i };
  });
  switch (v.kind) {
    case 'ratio':
      return { kind: 'ratio', grades: grades.map(({ base, g, i }) => ({ ...base, share: numb(g.share, `rule.grades[${i}].share`) })) };
    case 'threshold':
      return { kind: 'threshold', grades: grades.map(({ base, g, i }) => ({ ...base, minScore: numOrNull(g.minScore, `rule.grades[${i}].minScore`) })) };
    case 'cumulative': {
      const measure = str(v.measure, 'rule.measure');
      if (measure !== 'profit' && measure !== 'orderAmount') throw new ScenarioError('rule.measure must be profit or orderAmount.');
      return { kind: 'cumulative', measure, grades: grades.map(({ base, g, i }) => ({ ...base, upTo: numOrNull(g.upTo, `rule.grades[${i}].upTo`) })) };
    }
    default:
      throw new ScenarioError(`rule.kind must be ratio, threshold or cumulative (got ${JSON.stringify(v.kind)}).`);
  }
}

function parseAdjustment(v: Json, i: number): Adjustment {
  const where = `adjustments[${i}]`;
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  return {
    customerId: str(v.customerId, `${where}.customerId`, 200),
    grade: str(v.grade, `${where}.grade`, 40),
    reason: str(v.reason, `${where}.reason`, 1000),
    author: str(v.author, `${where}.author`, 200),
    at: str(v.at, `${where}.at`, 40),
    ...(v.from === undefined ? {} : { from: str(v.from, `${where}.from`, 10) }),
  };
}

const POLICY_NUMBERS = ['visitEveryMonths', 'responseDays', 'paymentTermsDays', 'discountCeilingPct', 'productionPriority'] as const;

/** Scenarios saved before there was a policy get the default one. */
function parsePolicy(v: Json): GradePolicy {
  if (v === undefined) return structuredClone(DEFAULT_POLICY);
  return list(v, 'policy', MAX_POLICY_ROWS).map((row, i): GradePolicyRow => {
    const where = `policy[${i}]`;
    if (!isObj(row)) throw new ScenarioError(`${where} must be an object.`);
    const out = { manager: row.manager === undefined ? '' : str(row.manager, `${where}.manager`, 200) } as GradePolicyRow;
    for (const k of POLICY_NUMBERS) out[k] = numb(row[k], `${where}.${k}`);
    return out;
  });
}

const nameOrNull = (v: Json, where: string): string | null => (v === null || v === undefined ? null : str(v, where, 200));

function parseChart(v: Json, where: string): CellChart {
  if (v === undefined) return { ...AUTO_CHART };
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  const mark = v.mark === undefined ? 'auto' : (str(v.mark, `${where}.mark`, 10) as ChartMark);
  if (!CHART_MARKS.includes(mark)) throw new ScenarioError(`${where}.mark must be one of ${CHART_MARKS.join(', ')} (got ${JSON.stringify(mark)}).`);
  return { mark, x: nameOrNull(v.x, `${where}.x`), y: nameOrNull(v.y, `${where}.y`), color: nameOrNull(v.color, `${where}.color`) };
}

function parseCell(v: Json, i: number): SqlCell {
  const where = `cells[${i}]`;
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  return {
    id: str(v.id, `${where}.id`, 40),
    title: v.title === undefined ? '' : str(v.title, `${where}.title`, MAX_CELL_TITLE),
    sql: str(v.sql, `${where}.sql`, MAX_CELL_SQL),
    chart: parseChart(v.chart, `${where}.chart`),
  };
}

/** A number per customer id (ratings), rebuilt key by key into a fresh object. */
function perCustomer(v: Json, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (v === undefined) return out;
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  const entries = Object.entries(v);
  if (entries.length > 100_000) throw new ScenarioError(`${where} has too many entries.`);
  for (const [id, r] of entries) out[id] = numb(r, `${where}["${id}"]`);
  return out;
}

/** The customer-value settings, each checked against what the models accept. */
function parseValue(v: Json): ValueConfig {
  if (!isObj(v)) throw new ScenarioError('value must be an object.');
  const out: ValueConfig = { ...DEFAULT_VALUE };
  if (v.unit !== undefined) {
    if (v.unit !== 'days' && v.unit !== 'weeks' && v.unit !== 'months') throw new ScenarioError('value.unit must be "days", "weeks" or "months".');
    out.unit = v.unit;
  }
  if (v.horizonMonths !== undefined) {
    const h = numb(v.horizonMonths, 'value.horizonMonths');
    if (!Number.isInteger(h) || h < 1 || h > 120) throw new ScenarioError('value.horizonMonths must be a whole number of months from 1 to 120.');
    out.horizonMonths = h;
  }
  if (v.monthlyDiscount !== undefined) {
    const d = numb(v.monthlyDiscount, 'value.monthlyDiscount');
    if (d < 0 || d > 0.5) throw new ScenarioError('value.monthlyDiscount must be from 0 to 0.5 (a monthly rate: 0.01 is 1 %).');
    out.monthlyDiscount = d;
  }
  if (v.atRiskPAlive !== undefined) {
    const a = numb(v.atRiskPAlive, 'value.atRiskPAlive');
    if (a < 0 || a > 1) throw new ScenarioError('value.atRiskPAlive must be from 0 to 1.');
    out.atRiskPAlive = a;
  }
  if (v.rfmCut !== undefined) {
    if (v.rfmCut !== 'mean' && v.rfmCut !== 'median') throw new ScenarioError('value.rfmCut must be "mean" or "median".');
    out.rfmCut = v.rfmCut;
  }
  return out;
}

/** The grade history's settings: every field present, each within what the history accepts. */
function parseHistory(v: Json): HistorySettings {
  if (!isObj(v)) throw new ScenarioError('history must be an object.');
  const out: HistorySettings = { ...DEFAULT_HISTORY };
  if (v.step !== undefined) out.step = str(v.step, 'history.step', 10) as HistoryStep;
  for (const k of ['windowMonths', 'periods', 'slidingPeriods'] as const) if (v[k] !== undefined) out[k] = numb(v[k], `history.${k}`);
  const problems = validateHistorySettings(out);
  if (problems.length) throw new ScenarioError(`history: ${problems.join(' ')}`);
  return out;
}

function parseOffer(v: Json, i: number): GroupOffer {
  if (!isObj(v)) throw new ScenarioError(`offers[${i}] must be an object.`);
  return {
    group: v.group === null || v.group === undefined ? null : str(v.group, `offers[${i}].group`, 500),
    grade: str(v.grade, `offers[${i}].grade`, 100),
    text: str(v.text, `offers[${i}].text`, MAX_OFFER_TEXT),
  };
}

/** Rebuild a config from untrusted JSON; throws ScenarioError saying what and where. */
export function parseConfig(v: Json): GradingConfig {
  if (!isObj(v)) throw new ScenarioError('A scenario config must be an object.');
  const flags: FlagConfig = { ...DEFAULT_FLAGS };
  if (v.flags !== undefined) {
    if (!isObj(v.flags)) throw new ScenarioError('flags must be an object.');
    for (const k of Object.keys(DEFAULT_FLAGS) as (keyof FlagConfig)[]) if (v.flags[k] !== undefined) flags[k] = numb(v.flags[k], `flags.${k}`);
  }
  const prospects = perCustomer(v.prospects, 'prospects');
  const ratings: ManualRatings = { strategic: {}, satisfaction: {} };
  if (v.ratings !== undefined) {
    if (!isObj(v.ratings)) throw new ScenarioError('ratings must be an object.');
    for (const k of RATED_METRICS) ratings[k] = perCustomer(v.ratings[k], `ratings.${k}`);
  }
  const config: GradingConfig = {
    metrics: list(v.metrics, 'metrics', 20).map(parseMetric),
    rule: parseRule(v.rule),
    adjustments: v.adjustments === undefined ? [] : list(v.adjustments, 'adjustments', 100_000).map(parseAdjustment),
    flags,
    prospects,
    ratings,
    asOf: v.asOf === undefined || v.asOf === null ? null : str(v.asOf, 'asOf', 10),
    policy: parsePolicy(v.policy),
    cells: v.cells === undefined ? [] : list(v.cells, 'cells', MAX_CELLS).map(parseCell),
    ...(v.value === undefined ? {} : { value: parseValue(v.value) }),
    ...(v.groupBy === undefined || v.groupBy === null ? {} : { groupBy: str(v.groupBy, 'groupBy', 20) as GroupAttribute }),
    ...(v.offers === undefined ? {} : { offers: list(v.offers, 'offers', MAX_OFFERS).map(parseOffer) }),
    ...(v.history === undefined || v.history === null ? {} : { history: parseHistory(v.history) }),
  };
  const problems = [...validateConfig(config), ...validateUngraded(config)];
  if (problems.length) throw new ScenarioError(problems.join(' '));
  return config;
}

export function scenarioToJson(s: Scenario): string {
  return JSON.stringify({ tierscope: 'scenario', version: SCENARIO_VERSION, name: s.name, savedAt: s.savedAt, config: s.config }, null, 2);
}

export function scenarioFromJson(text: string): Scenario {
  let v: Json;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`Not a scenario file: the JSON does not parse (${(e as Error).message}).`);
  }
  if (!isObj(v) || v.tierscope !== 'scenario') throw new ScenarioError('Not a Tierscope scenario file (no "tierscope": "scenario").');
  if (v.version !== SCENARIO_VERSION) throw new ScenarioError(`Scenario version ${String(v.version)} is not supported (this app reads version ${SCENARIO_VERSION}).`);
  return { name: str(v.name, 'name', 200), savedAt: typeof v.savedAt === 'string' ? v.savedAt : new Date(0).toISOString(), config: parseConfig(v.config) };
}

// URL hash: #s=<base64url(JSON)>. Only the config travels — never customer data
// beyond the ids named in adjustments and prospects.
const toBase64Url = (bytes: Uint8Array) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};
const fromBase64Url = (s: string) => {
  const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

export function configToHash(config: GradingConfig): string {
  return `#s=${toBase64Url(new TextEncoder().encode(JSON.stringify(config)))}`;
}

/** The config in a URL hash, null when the hash holds none; throws ScenarioError when it holds a broken one. */
export function configFromHash(hash: string): GradingConfig | null {
  const m = /(?:^#|&)s=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(m[1]!));
  } catch {
    throw new ScenarioError('The link’s scenario is damaged (it does not decode).');
  }
  let v: Json;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ScenarioError('The link’s scenario is damaged (it is not JSON).');
  }
  return parseConfig(v);
}

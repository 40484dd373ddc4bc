// What is kept of a session between visits (IndexedDB) and in a project file:
// the config as a whole, the pinned baseline's config, the language and
// currency, which data is graded, and per loaded file its name, the user's
// reading choices and mapping edits (the bytes are kept beside it, by key).
// Nothing derived is kept: on restore the files are read and graded again.
//
// Read back as untrusted (another version, another machine, a hand edit):
// rebuilt field by field, refused with a message saying what is wrong. Config
// fields this version does not know (added later, e.g. SQL cells) pass through
// unchanged so that nothing a newer feature saved is lost.

import type { GradingConfig } from '../../model/config';
import { parseConfig, ScenarioError, type Scenario } from '../../model/scenario';
import { FIELD_IDS, ROLE_IDS, type FieldId, type TableRole } from '../../ingest/fields';
import { MAX_REMEMBERED, type RememberedMapping } from '../../ingest/remembered';

export const SNAPSHOT_VERSION = 1;

export interface SavedFile {
  /** Key of the bytes (IndexedDB record, or path inside a project file). */
  key: string;
  name: string;
  /** A dropped/picked file, or text pasted from Excel. */
  kind: 'file' | 'text';
  size: number;
  /** The user's reading choices; null means detected. */
  encoding: string | null;
  sheet: string | null;
  /** The user's mapping of this file's table (role and column → field), when it had one. */
  choice: { role: string; fields: Record<string, string | null> } | null;
}

export interface SessionSnapshot {
  savedAt: string;
  lang: 'zh' | 'en';
  currency: string | null;
  config: GradingConfig;
  /** The config the pinned baseline was graded with, and when it was pinned. */
  baseline: { config: GradingConfig; at: string } | null;
  source: 'sample' | 'files';
  files: SavedFile[];
  /** Mappings the user confirmed, by header signature (absent in sessions kept before they existed). */
  remembered?: RememberedMapping[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, where: string, max = 1000): string {
  if (typeof v !== 'string') throw new ScenarioError(`${where} must be text.`);
  if (v.length > max) throw new ScenarioError(`${where} is longer than ${max} characters.`);
  return v;
}

const textOrNull = (v: unknown, where: string, max = 1000) => (v === null || v === undefined ? null : text(v, where, max));

/** The config checked by the scenario parser; fields it does not know are kept as they were. */
export function parseWholeConfig(v: unknown, where = 'config'): GradingConfig {
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  try {
    return { ...structuredClone(v), ...parseConfig(v) } as GradingConfig;
  } catch (e) {
    throw new ScenarioError(`${where}: ${(e as Error).message}`);
  }
}

function parseFile(v: unknown, i: number): SavedFile {
  const where = `files[${i}]`;
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object.`);
  const kind = v.kind === 'text' ? 'text' : v.kind === 'file' ? 'file' : null;
  if (!kind) throw new ScenarioError(`${where}.kind must be "file" or "text".`);
  const size = typeof v.size === 'number' && Number.isFinite(v.size) && v.size >= 0 ? v.size : 0;
  let choice: SavedFile['choice'] = null;
  if (isObj(v.choice)) {
    // Checked against the roles this version knows when the file is loaded again (ingest.restore).
    const role = text(v.choice.role, `${where}.choice.role`, 40);
    if (!isObj(v.choice.fields)) throw new ScenarioError(`${where}.choice.fields must be an object.`);
    const entries = Object.entries(v.choice.fields);
    if (entries.length > 10_000) throw new ScenarioError(`${where}.choice.fields has too many columns.`);
    choice = { role, fields: Object.fromEntries(entries.map(([col, f]) => [col, textOrNull(f, `${where}.choice.fields["${col}"]`, 100)])) };
  }
  return {
    key: text(v.key, `${where}.key`, 300),
    name: text(v.name, `${where}.name`, 500),
    kind,
    size,
    encoding: textOrNull(v.encoding, `${where}.encoding`, 40),
    sheet: textOrNull(v.sheet, `${where}.sheet`, 300),
    choice,
  };
}

export function parseSnapshot(v: unknown): SessionSnapshot {
  if (!isObj(v)) throw new ScenarioError('The saved session is not an object.');
  if (v.version !== SNAPSHOT_VERSION) throw new ScenarioError(`Saved session version ${String(v.version)} is not supported (this app reads version ${SNAPSHOT_VERSION}).`);
  const files = Array.isArray(v.files) ? v.files : [];
  if (files.length > 200) throw new ScenarioError('The saved session lists more than 200 files.');
  let baseline: SessionSnapshot['baseline'] = null;
  if (isObj(v.baseline)) baseline = { config: parseWholeConfig(v.baseline.config, 'baseline.config'), at: text(v.baseline.at, 'baseline.at', 40) };
  return {
    savedAt: typeof v.savedAt === 'string' ? v.savedAt.slice(0, 40) : new Date(0).toISOString(),
    lang: v.lang === 'en' ? 'en' : 'zh',
    currency: textOrNull(v.currency, 'currency', 8),
    config: parseWholeConfig(v.config),
    baseline,
    source: v.source === 'files' ? 'files' : 'sample',
    files: files.map(parseFile),
    ...(v.remembered === undefined ? {} : { remembered: parseRemembered(v.remembered) }),
  };
}

/** Remembered mappings read back: an unknown role drops the entry, an unknown field id becomes unmapped. */
function parseRemembered(v: unknown): RememberedMapping[] {
  if (!Array.isArray(v)) throw new ScenarioError('remembered must be a list.');
  const roles = new Set<string>(ROLE_IDS);
  const fields = new Set<string>(FIELD_IDS);
  return v.slice(0, MAX_REMEMBERED).flatMap((r, i) => {
    if (!isObj(r) || !isObj(r.fields)) throw new ScenarioError(`remembered[${i}] must be an object with fields.`);
    const signature = text(r.signature, `remembered[${i}].signature`, 100_000);
    const role = text(r.role, `remembered[${i}].role`, 40);
    if (!roles.has(role)) return [];
    const entries = Object.entries(r.fields);
    if (entries.length > 10_000) throw new ScenarioError(`remembered[${i}].fields has too many columns.`);
    const out = Object.fromEntries(entries.map(([col, f]) => [col, typeof f === 'string' && fields.has(f) ? (f as FieldId) : null]));
    return [{ signature, role: role as TableRole, fields: out }];
  });
}

/** The snapshot as stored: plain JSON-able data with a version. */
export function snapshotRecord(s: SessionSnapshot): Record<string, unknown> {
  return { tierscope: 'session', version: SNAPSHOT_VERSION, ...structuredClone(s) };
}

/** Scenarios read from a project file: checked like an imported scenario, unknown config fields kept. */
export function parseScenarios(v: unknown): Scenario[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ScenarioError('scenarios must be a list.');
  if (v.length > 1000) throw new ScenarioError('scenarios has more than 1000 entries.');
  return v.map((s, i) => {
    if (!isObj(s)) throw new ScenarioError(`scenarios[${i}] must be an object.`);
    return {
      name: text(s.name, `scenarios[${i}].name`, 200),
      savedAt: typeof s.savedAt === 'string' ? s.savedAt.slice(0, 40) : new Date(0).toISOString(),
      config: parseWholeConfig(s.config, `scenarios[${i}].config`),
    };
  });
}

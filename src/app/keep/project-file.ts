// A project file: the whole session in one download, to be opened on another
// machine. A zip (fflate: written as a stream, read through its directory; no worker) holding tierscope-project.json
// (the snapshot and the scenarios) and the loaded files' bytes under files/.
// Opening one is hostile-input handling: not a zip, no manifest, a manifest
// that does not parse, too many or too large entries (a zip bomb) — each
// refused with a message, and nothing of the current session is touched.

import { Zip, ZipDeflate, strFromU8, strToU8, unzipSync } from 'fflate';
import { scenarioToJson, ScenarioError, type Scenario } from '../../model/scenario';
import { parseScenarios, parseSnapshot, snapshotRecord, type SavedFile, type SessionSnapshot } from './snapshot';
import type { Text } from '../../lang/lang';

export const MANIFEST = 'tierscope-project.json';

/** What is wrong with a project file, in both languages (message: the English). */
export class ProjectError extends ScenarioError {
  readonly text: Text;
  constructor(zh: string, en: string) {
    super(en);
    this.text = { zh, en };
  }
}

const tooBig = (limits: ProjectLimits) => {
  const mb = Math.round(limits.maxBytes / 2 ** 20);
  return new ProjectError(`解压后超过 ${mb} MB。`, `it unpacks to more than ${mb} MB.`);
};

export interface ProjectFile {
  snapshot: SessionSnapshot;
  scenarios: Scenario[];
  /** Bytes per SavedFile.key: a Blob for a file, a string for pasted text. */
  data: Map<string, Blob | string>;
}

export interface ProjectLimits {
  /** Sum of the unpacked sizes. */
  maxBytes: number;
  maxEntries: number;
}

export const PROJECT_LIMITS: ProjectLimits = { maxBytes: 2 * 2 ** 30, maxEntries: 201 };

/** Already compressed: not worth deflating again. */
const COMPRESSED = /\.(xlsx|parquet|zip|gz)$/i;

async function pumpInto(blob: Blob, push: (chunk: Uint8Array, final: boolean) => void): Promise<void> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    push(value, false);
  }
  push(new Uint8Array(0), true);
}

/** Pack the session into one zip Blob. */
export async function writeProject(p: ProjectFile): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const files: SavedFile[] = p.snapshot.files.map((f, i) => ({ ...f, key: `files/${i}-${f.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}` }));
  const manifest = {
    ...snapshotRecord({ ...p.snapshot, files }),
    tierscope: 'project',
    scenarios: p.scenarios.map((s) => JSON.parse(scenarioToJson(s)) as unknown),
  };
  const head = new ZipDeflate(MANIFEST, { level: 6 });
  zip.add(head);
  head.push(strToU8(JSON.stringify(manifest, null, 2)), true);
  for (const [i, f] of p.snapshot.files.entries()) {
    const data = p.data.get(f.key);
    if (data === undefined) throw new Error(`The bytes of ${f.name} are missing.`);
    const path = files[i]!.key;
    const entry = new ZipDeflate(path, { level: COMPRESSED.test(f.name) ? 0 : 6 });
    zip.add(entry);
    if (typeof data === 'string') entry.push(strToU8(data), true);
    else await pumpInto(data, (c, final) => entry.push(c, final));
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(chunks as BlobPart[], { type: 'application/zip' });
}

/** Read a project file; throws ScenarioError saying what is wrong. */
export async function readProject(file: Blob, limits: ProjectLimits = PROJECT_LIMITS): Promise<ProjectFile> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) throw new ProjectError('它不是 zip 文件。', 'it is not a zip file.');
  // Read through the central directory (sizes known): a streaming unzip would
  // look for entry boundaries inside the data, and an .xlsx inside holds such signatures.
  const bytes = new Uint8Array(await file.arrayBuffer());
  let total = 0;
  let entries = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (++entries > limits.maxEntries) throw new ProjectError(`其中的文件超过 ${limits.maxEntries} 个。`, `it holds more than ${limits.maxEntries} files.`);
        total += f.originalSize;
        if (total > limits.maxBytes) throw tooBig(limits);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof ProjectError) throw e;
    throw new ProjectError(`zip 文件已损坏（${(e as Error).message}）。`, `it is not a readable zip (${(e as Error).message}).`);
  }
  // What was unpacked, whatever the directory declared.
  if (Object.values(files).reduce((n, b) => n + b.length, 0) > limits.maxBytes) throw tooBig(limits);
  const parts = new Map(Object.entries(files).map(([k, v]) => [k, [v]]));
  const manifestParts = parts.get(MANIFEST);
  if (!manifestParts) throw new ProjectError(`其中没有 ${MANIFEST}。`, `it has no ${MANIFEST}.`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(concat(manifestParts)));
  } catch (e) {
    throw new ProjectError(`${MANIFEST} 无法解析（${(e as Error).message}）。`, `${MANIFEST} does not parse (${(e as Error).message}).`);
  }
  if (typeof manifest !== 'object' || manifest === null || (manifest as { tierscope?: unknown }).tierscope !== 'project') {
    throw new ProjectError(`${MANIFEST} 不是 Tierscope 项目（没有 "tierscope": "project"）。`, `${MANIFEST} is not a Tierscope project (no "tierscope": "project").`);
  }
  let snapshot: SessionSnapshot;
  let scenarios: Scenario[];
  try {
    snapshot = parseSnapshot(manifest);
    scenarios = parseScenarios((manifest as { scenarios?: unknown }).scenarios);
  } catch (e) {
    const why = (e as Error).message;
    throw new ProjectError(`内容不符合格式：${why}`, why);
  }
  const data = new Map<string, Blob | string>();
  for (const f of snapshot.files) {
    const bytes = parts.get(f.key);
    if (!bytes) throw new ProjectError(`清单列出了文件 ${f.name}（${f.key}），但压缩包里没有。`, `the file ${f.name} (${f.key}) is listed but not inside.`);
    data.set(f.key, f.kind === 'text' ? strFromU8(concat(bytes)) : new Blob(bytes as BlobPart[]));
  }
  return { snapshot, scenarios, data };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// JSON tables: an array of objects (or of arrays, first one the header), an
// object holding such an array, or NDJSON (one object per line).

import { IngestError } from './errors';

export interface JsonRows {
  names: string[];
  rows: unknown[][];
}

function fromObjects(objects: readonly unknown[], file: string): JsonRows {
  const names: string[] = [];
  const index = new Map<string, number>();
  objects.forEach((o, i) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      throw new IngestError('bad-json', { id: 'jsonNotObject', item: i + 1 }, { file, row: i + 2 });
    }
    for (const k of Object.keys(o)) {
      if (!index.has(k)) {
        index.set(k, names.length);
        names.push(k);
      }
    }
  });
  const rows = objects.map((o) => {
    const row: unknown[] = new Array(names.length).fill(null);
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) row[index.get(k)!] = v;
    return row;
  });
  return { names, rows };
}

function fromValue(value: unknown, file: string): JsonRows {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((r) => Array.isArray(r))) {
      const [head, ...rest] = value as unknown[][];
      return { names: head!.map((h) => String(h ?? '')), rows: rest };
    }
    return fromObjects(value, file);
  }
  if (value !== null && typeof value === 'object') {
    // {"data": [...]} as many APIs and exports wrap it: take the first list of objects.
    const inner = Object.values(value).find((v) => Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object'));
    if (inner) return fromValue(inner, file);
    return fromObjects([value], file);
  }
  throw new IngestError('bad-json', { id: 'jsonScalar' }, { file });
}

export function readJson(file: string, text: string): JsonRows {
  const body = text.trim();
  if (body === '') throw new IngestError('empty', { id: 'empty' }, { file });
  try {
    return fromValue(JSON.parse(body), file);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    // Not one JSON document: try one object per line.
  }
  const objects: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      objects.push(JSON.parse(line));
    } catch (e) {
      throw new IngestError('bad-json', { id: 'jsonBadLine', line: i + 1 }, { file, line: i + 1 }, { cause: e });
    }
  }
  return fromObjects(objects, file);
}

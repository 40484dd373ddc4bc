// A mapping the user confirmed is remembered by the file's headers: next
// month's export (another name, other rows, the same columns) maps itself, and
// the memory survives the kept session's round trip.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestController } from '../../src/app/ingest.svelte';
import { Session } from '../../src/app/session.svelte';
import { parseSnapshot, snapshotRecord, type SessionSnapshot } from '../../src/app/keep/snapshot';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { SAMPLE_DIR } from '../support/sample';

let session: Session;
let ingest: IngestController;

const month = (name: string, rows: string[]) => new File([['Ref,Invoice date,Amount', ...rows].join('\n')], name);

beforeAll(async () => {
  session = new Session(openNodeEngine, async (f) => new Uint8Array(await readFile(SAMPLE_DIR + f)));
  await session.start();
  ingest = new IngestController(session);
});
afterAll(async () => {
  await session.engine?.close();
});

describe('remembered mappings', () => {
  it('maps next month’s export with the same headers as the user confirmed this month’s', async () => {
    await ingest.addFiles([month('ledger-2025-01.csv', ['S1,2025-01-02,10', 'S2,2025-01-03,20'])]);
    expect(ingest.hasErrors).toBe(true);
    const table = ingest.choices[0]!.table;
    await ingest.setField(table, 'Ref', 'customerId');
    expect(ingest.source).toBe('files');
    expect(ingest.remembered).toHaveLength(1);

    for (const f of [...ingest.files]) await ingest.remove(f.id);
    await ingest.addFiles([month('ledger-2025-02.csv', ['S7,2025-02-02,5', 'S8,2025-02-03,6', 'S9,2025-02-04,7'])]);
    expect(ingest.hasErrors).toBe(false);
    expect(ingest.source).toBe('files');
    expect(session.mapping.lines.customerId).toBe('Ref');
    expect(session.result!.totals.customers).toBe(3);
    expect(ingest.problems.some((p) => p.severity === 'note' && p.text.en.includes('same columns as a file mapped before'))).toBe(true);
  });

  it('keeps the memory in the saved session and drops what this version does not know', () => {
    const snap: SessionSnapshot = { savedAt: '2025-01-01T00:00:00Z', lang: 'en', currency: null, config: structuredClone(CLASSIC_CRM), baseline: null, source: 'files', files: [], remembered: [...ingest.remembered] };
    const back = parseSnapshot(JSON.parse(JSON.stringify(snapshotRecord(snap))));
    expect(back.remembered).toEqual(ingest.remembered);
    const odd = parseSnapshot({ ...snapshotRecord(snap), remembered: [{ signature: 'a', role: 'buyers', fields: {} }, { signature: 'b', role: 'lines', fields: { x: 'nonsense', y: 'amount' } }] });
    expect(odd.remembered).toEqual([{ signature: 'b', role: 'lines', fields: { x: null, y: 'amount' } }]);
    expect(() => parseSnapshot({ ...snapshotRecord(snap), remembered: 'x' })).toThrow(/remembered must be a list/);
  });
});

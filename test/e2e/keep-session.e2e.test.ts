// The kept session, in Chromium on the built site: a user's file with a mapping
// edit, an adjustment, another weight, a pinned baseline and English survive a
// reload and a browser restart (same profile, relaunched); a project file
// carries all of it to another machine (a fresh profile); a bad project file
// changes nothing; "start fresh" forgets it all.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../support/app';
import { launchPersistent, type WatchedPage } from '../support/browser';
import { keepFixture } from '../support/fixtures-keep';
import { serveStatic, type StaticServer } from '../support/static-server';

const fixture = keepFixture();
let server: StaticServer;
let origin: string;
const profiles: string[] = [];
let w: WatchedPage;

const profile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tierscope-profile-'));
  profiles.push(dir);
  return dir;
};

async function open(dir: string): Promise<WatchedPage> {
  const page = await launchPersistent(dir, origin);
  await page.page.goto(server.url);
  await page.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
  return page;
}

const idle = (p: WatchedPage) => p.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });
// Graded and settled: a weight edit runs the fast path first, with the page still "ready".
const ready = (p: WatchedPage) =>
  expect
    .poll(async () => `${await p.page.getAttribute('[data-testid="status"]', 'data-phase')}/${await p.page.getAttribute('[data-testid="status"]', 'data-settled')}`, { timeout: 60_000 })
    .toBe('ready/true');
/** Written to storage after `since` (an ISO time taken before the change): a state of 'saved' alone may be an earlier write's. */
const saved = (p: WatchedPage, since: string) =>
  expect
    .poll(async () => {
      const bar = p.page.locator('[data-testid="keep-bar"]');
      return (await bar.getAttribute('data-keep-state')) === 'saved' && ((await bar.getAttribute('data-saved-at')) ?? '') > since;
    }, { timeout: 30_000 })
    .toBe(true);
const now = () => new Date().toISOString();

/** What the page shows that must come back: grades per customer, adjustments, the mapping edit, weights, language, baseline. */
async function state(p: WatchedPage) {
  const page = p.page;
  // Absent elements read as null at once (a locator would wait for them).
  const maybe = async <T>(selector: string, read: (l: ReturnType<typeof page.locator>) => Promise<T>): Promise<T | null> =>
    (await page.locator(selector).count()) ? read(page.locator(selector).first()) : null;
  return {
    source: await page.getAttribute('[data-testid="ingest"]', 'data-source'),
    counts: await page.$$eval('[data-testid="grade-table"] tbody tr', (trs) => trs.map((tr) => `${tr.getAttribute('data-grade')}:${tr.querySelector('[data-testid="grade-count"]')?.textContent?.trim()}`)),
    grades: await page.$$eval('[data-testid="customer-list"] tbody tr', (trs) => trs.map((tr) => `${tr.querySelector('td:nth-child(2)')?.textContent?.trim()}=${tr.querySelector('td:nth-child(4)')?.textContent?.trim()}`).sort()),
    adjustments: ((await maybe('[data-testid="adjustments"]', (l) => l.textContent())) ?? '').includes('长期拖欠货款'),
    profitField: await maybe('[data-testid="field-select"][data-column="利润"]', (l) => l.inputValue()),
    amountWeight: await page.locator('[data-testid="weight-input-orderAmount"]').inputValue(),
    lang: await page.getAttribute('html', 'lang'),
    movers: await maybe('[data-testid="movers-summary"]', (l) => l.textContent()),
    files: await page.$$eval('[data-testid="file-card"]', (cs) => cs.map((c) => `${c.getAttribute('data-file')}:${c.getAttribute('data-status')}`)),
  };
}

let before: Awaited<ReturnType<typeof state>>;
let first: string;
let projectPath: string;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  server = await serveStatic(DIST, '/team/tierscope/');
  origin = new URL(server.url).origin;
  first = profile();
  w = await open(first);
});

afterAll(async () => {
  await w?.context.close();
  await server?.close();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

describe('the session is kept in this browser', () => {
  it('grades a dropped file, with a mapping edit, an adjustment, a weight, a baseline and English', async () => {
    const page = w.page;
    await ready(w);
    await page.setInputFiles('[data-testid="file-input"]', [{ name: '销售明细.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture.bytes) }]);
    await expect.poll(() => page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe(String(fixture.customers.length));
    await idle(w);
    await ready(w);
    // Pin the baseline by hand (the adjustment below then shows as a mover against it).
    await page.click('[data-testid="pin-baseline"]');
    await expect.poll(() => page.textContent('[data-testid="movers-summary"]'), { timeout: 30_000 }).toMatch(/0 位升级，0 位降级/);
    await ready(w);
    // A mapping edit: profit is not used (the score is the order amount alone).
    // (A mapping edit is new data: the baseline is pinned again on it.)
    await page.locator('[data-testid="field-select"][data-column="利润"]').selectOption('');
    await idle(w);
    await ready(w);
    // An adjustment with a reason.
    await page.locator('[data-testid="open-customer"]').first().click();
    const detail = page.locator('[data-testid="customer-detail"]');
    await detail.locator('[data-testid="adjust-grade"]').selectOption('D');
    await detail.locator('[data-testid="adjust-reason"]').fill('长期拖欠货款');
    await detail.locator('[data-testid="adjust-author"]').fill('王经理');
    await detail.locator('[data-testid="adjust-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="adjustments"]').textContent(), { timeout: 30_000 }).toContain('长期拖欠货款');
    await ready(w);
    // The click and the clock read in one task in the page: the handler sets the language
    // synchronously, so every snapshot taken after this time holds English. (A time taken
    // in the test before the click let a write that fired just before the click pass; one
    // taken after English shows missed the switch's own write when the page was quicker.)
    const switched = await page.getByRole('button', { name: 'English' }).evaluate((b: HTMLElement) => {
      b.click();
      return new Date().toISOString();
    });
    await page.waitForSelector('text=Share of profit');
    await saved(w, switched);
    before = await state(w);
    expect(before.source).toBe('files');
    expect(before.profitField).toBe('');
    expect(before.adjustments).toBe(true);
    expect(before.lang).toBe('en');
    expect(before.grades).toHaveLength(fixture.customers.length);
    // Against the pinned baseline, the adjusted customer moved.
    expect(before.movers).toMatch(/[1-9]\d* up|[1-9]\d* down/);
  });

  it('comes back after a reload', async () => {
    await w.page.reload();
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
    await idle(w);
    await ready(w);
    await expect.poll(() => state(w), { timeout: 30_000 }).toEqual(before);
    expect(await w.page.locator('[data-testid="keep-notice"][data-key="keepRestored"]').count()).toBe(1);
  });

  it('keeps config fields this version does not know (a newer feature’s) through a reload with the link in the address bar', async () => {
    const idb = (op: 'add' | 'read') =>
      w.page.evaluate(async (op) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('tierscope');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const store = db.transaction('keep', op === 'add' ? 'readwrite' : 'readonly').objectStore('keep');
        const record = await new Promise<{ config: Record<string, unknown> }>((resolve) => {
          const g = store.get('session');
          g.onsuccess = () => resolve(g.result);
        });
        if (op === 'add') {
          record.config.futureCells = [{ id: 'c1', sql: 'SELECT 42' }];
          await new Promise((resolve) => {
            const put = store.put(record, 'session');
            put.onsuccess = resolve;
          });
        }
        db.close();
        return record.config.futureCells ?? null;
      }, op);
    expect(new URL(w.page.url()).hash).toMatch(/^#s=/);
    // A write still waiting would be flushed as the page goes, over the record edited here.
    await w.page.waitForSelector('[data-testid="keep-bar"][data-pending="false"][data-keep-state="saved"]', { timeout: 30_000 });
    await idb('add');
    const reloaded = now();
    await w.page.reload();
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
    await idle(w);
    await ready(w);
    await saved(w, reloaded);
    await expect.poll(() => idb('read'), { timeout: 30_000 }).toEqual([{ id: 'c1', sql: 'SELECT 42' }]);
    await expect.poll(() => state(w), { timeout: 30_000 }).toEqual(before);
  });

  it('comes back after the browser is closed and started again', async () => {
    await w.context.close();
    w = await open(first);
    await expect.poll(() => w.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
    await idle(w);
    await ready(w);
    await expect.poll(() => state(w), { timeout: 30_000 }).toEqual(before);
    await w.page.screenshot({ path: 'test-results/keep-restored-en.png' });
  });

  it('saves everything in one project file', async () => {
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('[data-testid="project-save"]')]);
    expect(download.suggestedFilename()).toMatch(/^tierscope-project-\d{4}-\d{2}-\d{2}\.zip$/);
    projectPath = join(profile(), 'project.zip');
    await download.saveAs(projectPath);
    const bytes = readFileSync(projectPath);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('opens the project file on another machine (a fresh browser profile) with the same result', async () => {
    const other = await open(profile());
    try {
      expect(await other.page.getAttribute('[data-testid="ingest"]', 'data-source')).toBe('sample');
      const opened = now();
      await other.page.setInputFiles('[data-testid="project-open"]', projectPath);
      await expect.poll(() => other.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
      await idle(other);
      await ready(other);
      await expect.poll(() => state(other), { timeout: 30_000 }).toEqual(before);
      expect(await other.page.locator('[data-testid="keep-notice"][data-key="projectOpened"]').count()).toBe(1);
      // …and it is kept there too.
      await saved(other, opened);
      await other.page.reload();
      await other.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
      await expect.poll(() => other.page.getAttribute('[data-testid="ingest"]', 'data-source'), { timeout: 60_000 }).toBe('files');
      await idle(other);
      await ready(other);
      await expect.poll(() => state(other), { timeout: 30_000 }).toEqual(before);
      expect(other.foreignRequests).toEqual([]);
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('refuses a file that is not a project, saying so, and keeps the session', async () => {
    await w.page.setInputFiles('[data-testid="project-open"]', { name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('just some text, not a zip') });
    const notice = w.page.locator('[data-testid="keep-notice"][data-key="projectBad"]');
    await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toContain('notes.zip');
    expect(await notice.textContent()).toContain('not a zip');
    expect(await state(w)).toEqual(before);
  });

  it('starts fresh: the sample, the default weights, no files, no adjustments — also after a reload', async () => {
    await w.page.click('[data-testid="start-fresh"]');
    await w.page.click('[data-testid="fresh-yes"]');
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await ready(w);
    const check = async () => {
      const s = await state(w);
      return { source: s.source, counts: s.counts, files: s.files, adjustments: s.adjustments, amountWeight: s.amountWeight, lang: s.lang };
    };
    const fresh = { source: 'sample', counts: ['A:159', 'B:238', 'C:237', 'D:159'], files: [], adjustments: false, amountWeight: '30', lang: 'zh-CN' };
    await expect.poll(check, { timeout: 30_000 }).toEqual(fresh);
    await w.page.reload();
    await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await ready(w);
    await expect.poll(check, { timeout: 30_000 }).toEqual(fresh);
  });

  it('carries a session on the sample, with its weights and baseline, in a project file', async () => {
    const page = w.page;
    // Other weights against the baseline pinned when the page opened (the classic weights).
    const changed = now();
    await page.locator('[data-testid="weight-input-orderAmount"]').fill('80');
    await page.locator('[data-testid="weight-input-orderAmount"]').dispatchEvent('change');
    await expect.poll(async () => (await state(w)).movers, { timeout: 30_000 }).not.toMatch(/0 位升级，0 位降级/);
    await ready(w);
    await saved(w, changed);
    const onSample = await state(w);
    expect(onSample.source).toBe('sample');
    expect(onSample.counts).toEqual(['A:159', 'B:238', 'C:237', 'D:159']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="project-save"]')]);
    const path = join(profile(), 'sample-project.zip');
    await download.saveAs(path);
    await page.click('[data-testid="start-fresh"]');
    await page.click('[data-testid="fresh-yes"]');
    await page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
    await ready(w);
    await expect.poll(async () => (await state(w)).amountWeight, { timeout: 30_000 }).toBe('30');
    const fresh = await state(w);
    await page.setInputFiles('[data-testid="project-open"]', path);
    await expect.poll(() => page.locator('[data-testid="keep-notice"][data-key="projectOpened"]').count(), { timeout: 60_000 }).toBe(1);
    await ready(w);
    await expect.poll(() => state(w), { timeout: 30_000 }).toEqual(onSample);
    // The grades really are the project's, not the fresh page's, and so are the movers against its baseline.
    expect(onSample.grades).not.toEqual(fresh.grades);
    expect(onSample.movers).not.toEqual(fresh.movers);
  });

  it('made no request to another origin and logged no console error', () => {
    expect(w.foreignRequests).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});

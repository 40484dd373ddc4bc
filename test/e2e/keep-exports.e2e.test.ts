// A whole session on the built site under a sub-path, in Chromium, with the
// Content-Security-Policy the build ships: load, drop a file, grade, export
// CSV (UTF-8 and GB18030), XLSX, a chart as SVG and PNG, print the report to
// PDF. The exported files are read back with independent readers; no CSP
// violation, no console error and no request to another origin all along.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../build/csp';
import { DIST } from '../support/app';
import { cspViolations, launchChromium, openWatchedPage, watchCsp, type WatchedPage } from '../support/browser';
import { keepFixture } from '../support/fixtures-keep';
import { serveStatic, type StaticServer } from '../support/static-server';
import type { Browser } from 'playwright-core';

const fixture = keepFixture();
let server: StaticServer;
let browser: Browser;
let w: WatchedPage;

async function download(testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([w.page.waitForEvent('download'), w.page.click(`[data-testid="${testid}"]`)]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  server = await serveStatic(DIST, '/reports/kam/');
  browser = await launchChromium();
  w = await openWatchedPage(browser, new URL(server.url).origin);
  await watchCsp(w.context);
  await w.page.goto(server.url);
  await w.page.waitForSelector('[data-testid="grade-table"]', { timeout: 90_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the shipped Content-Security-Policy', () => {
  it('is a <meta> in dist/index.html, and the page has no inline script', () => {
    const html = readFileSync(DIST + 'index.html', 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    expect(CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CSP).toContain("connect-src 'self'");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('is in force: inline script, eval and a fetch to another origin are refused', async () => {
    const fetched = await w.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      // A string handed to setTimeout is compiled like eval.
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
      try {
        await fetch('http://127.0.0.2:9/nothing');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(fetched).toBe('blocked');
    await expect.poll(async () => (await cspViolations(w.page)).map((v) => v.split(' ')[0]).sort()).toEqual(['connect-src', 'script-src', 'script-src-elem']);
    expect(await w.page.evaluate(() => [(window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false, (window as unknown as { __evalRan?: boolean }).__evalRan ?? false])).toEqual([false, false]);
    // Those refusals are the test's own; the rest of the session must have none.
    await w.page.evaluate(() => ((window as unknown as { __cspViolations: string[] }).__cspViolations.length = 0));
    w.consoleErrors.length = 0;
  });
});

describe('exports of a graded file, in Chromium', () => {
  it('grades a GB18030 export whose customer names try formula injection', async () => {
    await w.page.setInputFiles('[data-testid="file-input"]', [{ name: '销售明细.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture.bytes) }]);
    await expect.poll(() => w.page.textContent('[data-testid="total-customers"]'), { timeout: 60_000 }).toBe(String(fixture.customers.length));
    await w.page.waitForSelector('[data-testid="ingest"][data-busy="false"]', { timeout: 60_000 });
    await expect.poll(() => w.page.getAttribute('[data-testid="status"]', 'data-phase'), { timeout: 60_000 }).toBe('ready');
  });

  let csvText = '';

  it('exports CSV in UTF-8 with a BOM, Chinese headers, neutralised formulas and plain numbers', async () => {
    const { name, bytes } = await download('export-csv');
    expect(name).toBe('tierscope-客户分级.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    csvText = bytes.toString('utf8').slice(1);
    const lines = csvText.trimEnd().split('\r\n');
    expect(lines).toHaveLength(fixture.customers.length + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 2)).toEqual(['客户编号', '客户名称']);
    for (const h of ['订货金额', '利润', '订货金额（0–100 分）', '利润贡献得分', '综合得分', '自动等级', '最终等级', '调整原因', '假大客户']) expect(header).toContain(h);
    // The three hostile names, each neutralised with a leading apostrophe (and quoted where needed).
    expect(csvText).toContain(`K001,"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csvText).toContain(`K002,'@SUM(A1:A9)`);
    expect(csvText).toContain(`K003,'-2+3`);
    // A loss stays a number: bare negative numbers, never quoted or prefixed.
    expect(lines.slice(1).some((l) => /,-\d+(\.\d+)?(,|$)/.test(l))).toBe(true);
    expect(lines.filter((l) => /,'-\d+(\.\d+)?(,|$)/.test(l))).toEqual([]);
  });

  it('exports the same CSV in GB18030 (no BOM), as iconv-lite reads it', async () => {
    const { name, bytes } = await download('export-csv-gb18030');
    expect(name).toBe('tierscope-客户分级-gb18030.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(iconv.decode(bytes, 'gb18030')).toBe(csvText);
  });

  it('exports XLSX with typed cells, read back with read-excel-file', async () => {
    const { name, bytes } = await download('export-xlsx');
    expect(name).toBe('tierscope-客户分级.xlsx');
    const { default: readXlsxFile } = await import('read-excel-file/node');
    const [sheet] = (await readXlsxFile(bytes)) as unknown as { sheet: string; data: unknown[][] }[];
    expect(sheet!.sheet).toBe('客户分级');
    const [header, ...rows] = sheet!.data as unknown[][];
    expect(rows).toHaveLength(fixture.customers.length);
    const col = (h: string) => (header as string[]).indexOf(h);
    const byId = new Map(rows.map((r) => [r[col('客户编号')], r]));
    expect(byId.get('K001')![col('客户名称')]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(byId.get('K002')![col('客户名称')]).toBe(`'@SUM(A1:A9)`);
    expect(byId.get('K003')![col('客户名称')]).toBe(`'-2+3`);
    for (const r of rows) {
      expect(typeof r[col('综合得分')]).toBe('number');
      expect(typeof r[col('利润')]).toBe('number');
      expect(['A', 'B', 'C', 'D']).toContain(r[col('最终等级')]);
      expect(r[col('末单日期')]).toBeInstanceOf(Date);
    }
    expect(rows.some((r) => (r[col('利润')] as number) < 0)).toBe(true);
  });

  it('exports a chart as SVG and PNG from its menu, in Chinese', async () => {
    const chart = w.page.locator('[data-chart="pareto"]');
    await chart.locator('[data-rendered="true"]').waitFor({ timeout: 60_000 });
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('details > summary').click();
    const svgLink = chart.locator('.vega-actions a', { hasText: '保存为 SVG' });
    const [svg] = await Promise.all([w.page.waitForEvent('download'), svgLink.click()]);
    expect(svg.suggestedFilename()).toBe('tierscope-chart.svg');
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('帕累托曲线');
    if ((await chart.locator('details').getAttribute('open')) === null) await chart.locator('details > summary').click();
    const [png] = await Promise.all([w.page.waitForEvent('download'), chart.locator('.vega-actions a', { hasText: '保存为 PNG' }).click()]);
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngBytes.length).toBeGreaterThan(5_000);
  });

  it('labels the chart menu in the page language', async () => {
    await w.page.getByRole('button', { name: 'English' }).click();
    await w.page.waitForSelector('text=Share of profit');
    const chart = w.page.locator('[data-chart="pareto"]');
    await expect.poll(() => chart.locator('.vega-actions a').allTextContents(), { timeout: 30_000 }).toEqual(['Save as SVG', 'Save as PNG', 'View Vega-Lite spec']);
    await w.page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => chart.locator('.vega-actions a').allTextContents(), { timeout: 30_000 }).toEqual(['保存为 SVG', '保存为 PNG', '查看 Vega-Lite 规格']);
  });

  it('prints the report to PDF: a header, the grade table and the charts, no controls', async () => {
    await w.page.emulateMedia({ media: 'print' });
    await w.page.screenshot({ path: 'test-results/print-preview.png', fullPage: true });
    const shown = await w.page.evaluate(() => {
      const visible = (sel: string) => [...document.querySelectorAll(sel)].some((e) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).display !== 'none');
      return {
        head: visible('[data-testid="print-head"]'),
        gradeTable: visible('[data-testid="grade-table"]'),
        charts: visible('[data-testid="value-charts"]'),
        buttons: [...document.querySelectorAll('button:not(th button)')].filter((b) => getComputedStyle(b).display !== 'none').length,
        ingest: visible('#data .ingest'),
      };
    });
    expect(shown).toEqual({ head: true, gradeTable: true, charts: true, buttons: 0, ingest: false });
    // page.pdf() prints with the print stylesheet, as the browser's "Save as PDF" does.
    const pdf = await w.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await w.page.emulateMedia({ media: 'screen' });
    writeFileSync('test-results/report.pdf', pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = Number(/\/Type\s*\/Pages[^>]*\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan(20);
    // For a person to look at: the first pages as PNG (poppler-utils, when installed).
    if (existsSync('/usr/bin/pdftoppm')) execFileSync('pdftoppm', ['-png', '-r', '60', '-l', '4', 'test-results/report.pdf', 'test-results/report-page']);
  });

  it('had no CSP violation, no console error and no request to another origin in the whole session', async () => {
    expect(await cspViolations(w.page)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    expect(w.failedRequests.filter((r) => !r.includes('127.0.0.2'))).toEqual([]);
  });
});

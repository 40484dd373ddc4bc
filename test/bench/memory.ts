// The tab's memory as the OS sees it: Chromium's renderer processes (the page
// and its DuckDB worker, wasm heap included) found through CDP, their resident
// and peak resident size read from /proc (Linux).

import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';

export interface TabMemory {
  /** Largest renderer's current resident set, bytes. */
  rssBytes: number | null;
  /** Largest renderer's peak resident set since it started (VmHWM), bytes. */
  peakRssBytes: number | null;
  /** Main-thread JS heap in use (CDP Performance.getMetrics). */
  jsHeapBytes: number | null;
}

async function procStatus(pid: number): Promise<{ rss: number; hwm: number } | null> {
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

export async function tabMemory(browser: Browser, page: Page): Promise<TabMemory> {
  let rssBytes: number | null = null;
  let peakRssBytes: number | null = null;
  const cdp = await browser.newBrowserCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    for (const p of info.processInfo.filter((x) => x.type === 'renderer')) {
      const s = await procStatus(p.id);
      if (!s) continue;
      rssBytes = Math.max(rssBytes ?? 0, s.rss);
      peakRssBytes = Math.max(peakRssBytes ?? 0, s.hwm);
    }
  } finally {
    await cdp.detach();
  }
  const pageCdp = await page.context().newCDPSession(page);
  let jsHeapBytes: number | null = null;
  try {
    await pageCdp.send('Performance.enable');
    const { metrics } = await pageCdp.send('Performance.getMetrics');
    jsHeapBytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  } finally {
    await pageCdp.detach();
  }
  return { rssBytes, peakRssBytes, jsHeapBytes };
}

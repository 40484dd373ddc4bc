// What the page says when something fails: our own messages in zh and en, DuckDB's
// messages as DuckDB wrote them, with the one every user of big data meets (the tab
// ran out of memory) explained and a way out.

import type { Text } from '../lang/lang';

export type PageMessage = Text;

/** An error whose message the page shows in the reader's language. */
export class PageError extends Error {
  constructor(readonly text: PageMessage) {
    super(text.en);
    this.name = 'PageError';
  }
}

const OUT_OF_MEMORY = /Out of Memory Error|could not allocate|memory access out of bounds|Aborted\(OOM\)/i;

/** The message for any failure: ours in both languages, the engine's with a sentence around it. */
export function pageMessage(e: unknown, context?: PageMessage): PageMessage {
  if (e instanceof PageError) return e.text;
  const raw = e instanceof Error ? e.message : String(e);
  if (OUT_OF_MEMORY.test(raw)) {
    return {
      zh: `数据超出了这个浏览器标签页能用的内存（DuckDB-WASM 最多约 3 GB）。已载入的数据和设置都还在；请减少数据量（例如只载入最近两年的订单），或在命令行用本机 DuckDB 分级：npx tierscope grade 文件… --engine native。引擎原文：${raw.split('\n')[0]}`,
      en: `The data is larger than this browser tab can hold (DuckDB-WASM has about 3 GB). What you loaded and set is kept; load less (for example the last two years of orders), or grade it on the command line with native DuckDB: npx tierscope grade FILES… --engine native. The engine said: ${raw.split('\n')[0]}`,
    };
  }
  return context ? { zh: `${context.zh}：${raw}`, en: `${context.en}: ${raw}` } : { zh: raw, en: raw };
}

// Small formatting helpers shared by the policy and queue tables.

import { formatInteger } from '../format';
import type { Lang } from '../../lang/lang';

/** A DATE as DuckDB-WASM returns it (epoch milliseconds) → YYYY-MM-DD; empty for none. */
export function day(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString().slice(0, 10) : '';
}

export function int(lang: Lang, v: unknown): string {
  return typeof v === 'number' ? formatInteger(lang, v) : '–';
}

/** Days with one decimal (mean delays). */
export function days1(lang: Lang, v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 }).format(v) : '–';
}

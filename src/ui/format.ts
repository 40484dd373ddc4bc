// Locale-aware number formatting for tables. Formatters are cached: the
// tables re-render on every grading, and Intl constructors are not free.

import { localeOf, type Lang } from './i18n';

const cache = new Map<string, Intl.NumberFormat>();

function fmt(lang: Lang, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${lang}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(lang), opts);
    cache.set(k, f);
  }
  return f;
}

const DASH = '–';

export function formatInteger(lang: Lang, v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? DASH : fmt(lang, 'int', { maximumFractionDigits: 0 }).format(v);
}

export function formatMoney(lang: Lang, v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? DASH : fmt(lang, 'money', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

export function formatPercent(lang: Lang, v: number | null | undefined, digits = 1): string {
  return v == null || !Number.isFinite(v)
    ? DASH
    : fmt(lang, `pct${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function formatScore(lang: Lang, v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? DASH : fmt(lang, 'score', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

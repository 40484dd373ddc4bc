// Locale-aware number formatting for tables. Formatters are cached: the
// tables re-render on every grading, and Intl constructors are not free.

import { localeOf, type Lang } from '../lang/lang';

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

/**
 * An amount as executives read it: with the currency, and in zh in 万 / 亿
 * from ten thousand up (¥229.72万, US$1.23亿); in en with thousands separators
 * ($2,297,200.86). Plain numbers when the currency is unknown (null).
 */
export function formatAmount(lang: Lang, v: number | null | undefined, currency: string | null): string {
  if (v == null || !Number.isFinite(v)) return DASH;
  const money = currency ? { style: 'currency' as const, currency } : {};
  if (lang === 'zh' && Math.abs(v) >= 1e4) {
    return fmt(lang, `wan|${currency}`, { ...money, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(v);
  }
  return fmt(lang, `amount|${currency}`, { ...money, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

const dates = new Map<string, Intl.DateTimeFormat>();

/**
 * A date (YYYY-MM-DD, an ISO timestamp or a Date) for reading: 2015年3月7日 /
 * Mar 7, 2015; with `time`, also the local time. Calendar dates are not shifted by time zone.
 */
export function formatDate(lang: Lang, v: string | Date | null | undefined, time = false): string {
  if (v == null || v === '') return DASH;
  const plainDay = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  const d = typeof v === 'string' ? new Date(plainDay ? `${v}T00:00:00Z` : v) : v;
  if (Number.isNaN(d.getTime())) return String(v);
  const key = `${lang}|${time}|${plainDay}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', ...(time && !plainDay ? { timeStyle: 'short' } : {}), ...(plainDay ? { timeZone: 'UTC' } : {}) });
    dates.set(key, f);
  }
  return f.format(d);
}

// The page's two languages, at the bottom of the tree: the language type, the
// bilingual text type, the one placeholder filler and the locale of each.

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A text in both languages. */
export type Text = { zh: string; en: string };

/**
 * Fill {name} placeholders in a message. A placeholder without a value (absent or
 * undefined) stays as written, so a missing value shows rather than "undefined".
 */
export function fill(message: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return message.replace(/\{(\w+)\}/g, (all, key: string) => {
    const v = values[key];
    return v === undefined ? all : String(v);
  });
}

/** The first of the browser's languages the page speaks; Chinese otherwise. */
export function defaultLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh';
    if (low.startsWith('en')) return 'en';
  }
  return 'zh';
}

export function localeOf(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en-US';
}

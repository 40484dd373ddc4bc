// A feature's message table: its own words in both languages, on top of the
// shared words (./shared.ts). Every table made here is listed in MESSAGE_TABLES,
// which test/unit/messages.test.ts checks: each key in both languages, and no
// shared word defined again by a feature.

import type { Lang } from './lang';
import { SHARED_WORDS, type SharedWords } from './shared';

export type Messages<Own> = Own & SharedWords;

export interface MessageTableRecord {
  /** Where the table is defined, e.g. src/ui/charts/messages.ts. */
  name: string;
  own: Record<Lang, Readonly<Record<string, string>>>;
}

export const MESSAGE_TABLES: MessageTableRecord[] = [];

/** The feature's words in both languages, each with the shared words. */
export function messageTable<Own extends Record<string, string>>(name: string, own: { zh: Own; en: NoInfer<Own> }): Record<Lang, Messages<Own>> {
  MESSAGE_TABLES.push({ name, own });
  return {
    zh: { ...SHARED_WORDS.zh, ...own.zh },
    en: { ...SHARED_WORDS.en, ...own.en },
  };
}

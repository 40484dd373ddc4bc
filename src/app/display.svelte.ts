// How amounts are shown: the currency of the graded data. The bundled sample
// is in US dollars; a user's files are taken to be in yuan until the user picks
// another currency (Data step). A module-level rune so that every formatted
// amount on the page follows a change at once.

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const SAMPLE_CURRENCY: Currency = 'USD';

export const display = $state<{
  /** Currency of the amounts shown now; null shows plain numbers. */
  currency: string | null;
  /** What the user chose for their own files (null: none); kept with the session. */
  filesCurrency: string | null;
}>({ currency: SAMPLE_CURRENCY, filesCurrency: 'CNY' });

/** Follow the data: the sample's dollars, or the files' chosen currency. */
export function currencyFor(source: 'sample' | 'files'): string | null {
  return source === 'sample' ? SAMPLE_CURRENCY : display.filesCurrency;
}

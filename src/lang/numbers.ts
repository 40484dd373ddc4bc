// Numbers written into text the same way whatever the page's locale: the data checks'
// messages and the command line's tables (the page's own cells use ui/format.ts).

/** 1234.5 → "1,234.50". */
export function moneyText(x: number): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

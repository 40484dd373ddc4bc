// The rule's grade colours reach every badge through one context, so a colour
// picked in the rule editor shows in tables, lists and charts at once.

import { getContext, setContext } from 'svelte';
import { gradeColors } from '../charts/grade-colors';

const KEY = Symbol('tierscope-grade-palette');

export interface GradePalette {
  /** The colours in grade order (gradePalette of the rule). */
  readonly colors: readonly string[];
}

/** Called once by the page with a getter-backed object, so readers follow edits. */
export function provideGradePalette(palette: GradePalette): void {
  setContext(KEY, palette);
}

/** The colour of grade `index` of `count`: the rule's own when provided, the default scale otherwise. */
export function useGradeColor(): (index: number, count: number) => string {
  const palette = getContext<GradePalette | undefined>(KEY);
  return (index, count) => {
    const colors = palette?.colors;
    return (colors && colors.length === count ? colors[index] : gradeColors(count)[index]) ?? '#888888';
  };
}

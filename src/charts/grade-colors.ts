// One grade colour scale for every chart, table and badge: strongest for the
// first grade, fading towards the last. Picked per grade count so 2–6 grades all read well.
// A rule may set its own colour per grade (gradePalette).

import { isGradeColor } from '../model/config';

export { isGradeColor };

const PALETTES: Record<number, string[]> = {
  2: ['#174a7e', '#a9bccd'],
  3: ['#174a7e', '#4d92c4', '#bfd0de'],
  4: ['#174a7e', '#2f7fb5', '#86b8d8', '#c9d3dc'],
  5: ['#0f3a66', '#20629b', '#3f8cc4', '#8dbcdc', '#ccd6df'],
  6: ['#0f3a66', '#1d5a92', '#3279b3', '#62a0cf', '#a3c7e3', '#d2dbe3'],
};

export function gradeColors(count: number): string[] {
  const clamped = Math.min(6, Math.max(2, count));
  return PALETTES[clamped]!.slice(0, count);
}

/** The rule's grade colours: each grade's own where it has a valid one, the default scale elsewhere. */
export function gradePalette(grades: readonly { color?: string | undefined }[]): string[] {
  const base = gradeColors(grades.length);
  return grades.map((g, i) => (isGradeColor(g.color) ? g.color.toLowerCase() : base[i]!));
}

/** Text colour that stays legible on a grade colour. */
export function gradeInk(color: string): string {
  const n = parseInt(color.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 150 ? '#1c2833' : '#ffffff';
}

/** Loss-making figures, everywhere. */
export const LOSS_COLOR = '#b23a3a';

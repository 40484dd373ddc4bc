/** A link of the table of contents: the cell's element id, its number (none for SQL cells) and title. */
export interface TocEntry {
  id: string;
  n: number | null;
  title: string;
}

// A small RFC 4180 reader for tests, independent of the app's ingest and of its
// CSV writer: quoted fields with commas and newlines, doubled quotes, LF or CRLF.

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  // A last line without a line break.
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** The rows after the header as records by header name; blank lines skipped, a UTF-8 BOM dropped. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.some((f) => f !== ''));
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

// Writes the hostile-input corpus: every small file into files/, the base
// data the corpus is loaded on top of into base/, and manifest.json + README.md
// (file → what is wrong → what the user sees). Large files (a million rows,
// 2 GB, a 450 MB zip bomb) are written at test time by writeLargeFiles().
//
//   npx tsx test/corpus/generate.ts

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvText, utf8 } from '../support/fixtures-ingest';
import { CASES, LINES_HEADER, orderLines, type CorpusCase } from './cases';

export const CORPUS_DIR = fileURLToPath(new URL('./', import.meta.url));
export const FILES_DIR = join(CORPUS_DIR, 'files');
export const BASE_DIR = join(CORPUS_DIR, 'base');

/** The data loaded before any corpus file: order lines and a customer master for K001…K012. */
export const BASE_FILES: Record<string, () => Uint8Array> = {
  'base-orders.csv': () => utf8(csvText([LINES_HEADER, ...orderLines(12)])),
  'base-customers.csv': () =>
    utf8(csvText([['客户编号', '客户名称', '所属行业'], ...Array.from({ length: 12 }, (_, i) => [`K${String(i + 1).padStart(3, '0')}`, `客户${i + 1}号`, ['机械', '电子', '物流'][i % 3]!])])),
};

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Where the large files go: a temp dir (never committed). */
export const LARGE_DIR = join(tmpdir(), 'tierscope-corpus-large');

/** Write the large files that are missing; returns file → path. */
export async function writeLargeFiles(dir = LARGE_DIR): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // A folder per version of each writer, so a changed case is written afresh; the file keeps its name (the browser shows it).
  const pathOf = (c: CorpusCase) => join(dir, sha256(utf8(c.large!.write.toString())).slice(0, 12), c.file);
  for (const c of CASES.filter((x) => x.large)) {
    const path = pathOf(c);
    mkdirSync(join(path, '..'), { recursive: true });
    if (existsSync(path)) continue;
    // Test files run in parallel: each writes its own part file and renames it into place (atomic).
    const part = `${path}.${process.pid}.${Date.now()}.part`;
    await c.large!.write(part);
    renameSync(part, path);
  }
  for (const c of CASES.filter((x) => x.large)) out[c.file] = pathOf(c);
  return out;
}

function outcome(c: CorpusCase): string {
  if (c.error) return `error \`${c.error.code}\`${c.error.row ? ` (row ${c.error.row})` : ''}${c.error.line ? ` (line ${c.error.line})` : ''}: ${c.error.en.slice(c.file.length + 2)}`;
  const l = c.loads!;
  const notes = l.notices.length ? `; warnings: ${l.notices.join(', ')}` : '';
  return `loads ${l.rows.toLocaleString('en-US')} rows${notes}${l.noticeText?.length ? ` (“${l.noticeText.join('”, “')}”)` : ''}`;
}

async function main(): Promise<void> {
  rmSync(FILES_DIR, { recursive: true, force: true });
  mkdirSync(FILES_DIR, { recursive: true });
  mkdirSync(BASE_DIR, { recursive: true });
  for (const [name, build] of Object.entries(BASE_FILES)) writeFileSync(join(BASE_DIR, name), build());
  const manifest = [];
  for (const c of CASES) {
    let size: number | null = null;
    let hash: string | null = null;
    if (c.build) {
      const bytes = await c.build();
      if (bytes.length >= 5 * 2 ** 20) throw new Error(`${c.file} is ${bytes.length} bytes: too large to commit; make it a large case`);
      writeFileSync(join(FILES_DIR, c.file), bytes);
      size = bytes.length;
      hash = sha256(bytes);
    }
    manifest.push({
      file: c.file,
      ...(c.name ? { name: c.name } : {}),
      wrong: c.wrong,
      ...(c.large ? { generatedAtTestTime: true } : { size, sha256: hash }),
      expected: c.error ? { error: c.error } : { loads: c.loads },
      ...(c.e2e ? { e2e: true } : {}),
    });
  }
  writeFileSync(join(CORPUS_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const rows = CASES.map((c) => `| \`${c.file}\`${c.large ? ' *(test time)*' : ''}${c.e2e ? ' · e2e' : ''} | ${c.wrong.replaceAll('|', '\\|')} | ${outcome(c).replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
  writeFileSync(
    join(CORPUS_DIR, 'README.md'),
    `# Hostile-input corpus

${CASES.length} files that break, confuse or attack the loader, written by \`generate.ts\` from \`cases.ts\` (\`npx tsx test/corpus/generate.ts\`).
\`files/\` holds the small ones (committed); the large ones are written at test time into the system temp dir.
Each is loaded on top of \`base/\` (order lines and a customer master, graded, with a manual adjustment):

- \`test/integration/corpus-ingest.test.ts\`: every file through \`loadFile\` on DuckDB-WASM in Node: the exact message in English and Chinese, its row or line, the table's values and warnings; tables loaded before stay as they were.
- \`test/integration/corpus-session.test.ts\`: every file through the page's controller and session: the grading, the adjustment and the base tables survive; files that load are graded with finite scores under every normalisation; formula cells come out neutralised in the CSV export.
- \`test/e2e/corpus.e2e.test.ts\`: the files marked e2e through the real file input in Chromium: the message on the file card, no script run, no request to another origin.

| file | what is wrong | what the user sees |
|---|---|---|
${rows.join('\n')}
`,
  );
  const files = readdirSync(FILES_DIR);
  const total = files.reduce((k, f) => k + statSync(join(FILES_DIR, f)).size, 0);
  console.log(`${CASES.length} cases, ${files.length} files written (${Math.round(total / 1024)} kB), ${CASES.filter((c) => c.large).length} generated at test time.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

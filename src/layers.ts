// The layers of src/, lowest first: the one place the order is written.
// A module may import from its own folder and from any lower layer, never from a
// higher one, nor from another folder of its own layer (folders of one layer do
// not know each other). `.` is the root: main.ts and App.svelte, the entry.
// test/unit/layers.test.ts reads every import in src/ and checks it against this list.

export const LAYERS: readonly (readonly string[])[] = [
  ['lang'], //       the page's two languages: Lang, Text, fill, the locale, shared words
  ['sql'], //        quoting, literals, the catalog of tables and views
  ['db'], //         the engines (DuckDB-WASM, node, native) and the serial queue
  ['results'], //    Arrow results into plain rows
  ['model'], //      the grading config and the pure SQL builders of each step
  ['ingest'], //     files into tables, mapping detection
  ['pipeline'], //   runs the model's SQL over an engine, step by step
  ['charts', 'export'], // Vega-Lite specs and their SQL; the graded-customers export
  ['notebook'], //   the analyst's SQL cells
  ['cli', 'app'], // the command line; the page state (Svelte runes)
  ['ui'], //         Svelte components: render and dispatch
  ['.'], //          main.ts, App.svelte
];

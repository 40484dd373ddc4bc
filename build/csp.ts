// The Content-Security-Policy the build ships, as a <meta> in dist/index.html
// (a static host need not send any header). Added at build time only: the
// dev server injects its own client and styles.
//
// - script-src: our own files only, no inline script, no eval; 'wasm-unsafe-eval'
//   lets WebAssembly compile (DuckDB's worker is same-origin).
// - connect-src 'self': fetch() can reach nothing but our own origin (sample, wasm).
// - style-src allows inline styles: vega-embed and vega-tooltip inject their
//   stylesheets and Svelte sets style properties; a style cannot run script.
// - img-src data:/blob:: chart PNG/SVG exports are built as data/blob URLs.
// - worker-src blob:: fflate (inside read-excel-file) unzips a workbook part over
//   512 kB in a worker made from a Blob of its own code; blocked, the read hung.
// frame-ancestors, report-uri and sandbox have no effect in a <meta>; a host
// that can send headers may add them (README, "Build and host").

import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'worker-src': "'self' blob:",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
};

export const CSP = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

export function cspPlugin(): Plugin {
  return {
    name: 'tierscope-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) throw new Error('index.html has an inline <script>; the CSP forbids it.');
        return html.replace(/<meta charset="UTF-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
      },
    },
  };
}

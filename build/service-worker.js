// Tierscope's service worker: after one visit the app opens with the network
// off. The build fills in the list of its own files (relative to this script,
// so it works under any sub-path) and a version that changes with any of them.
//
// - install: cache every file of this build (the wasm included);
// - the page (navigation): network first, so a new deployment is seen when
//   online; the cached page when the network or the host is down;
// - everything else of ours: from the cache, else the network;
// - a new version waits until every tab of the old one is closed (no
//   skipWaiting), so an open tab never loads a chunk of another build.
// Nothing here ever talks to another origin, and customer files never pass
// through it (they are read from disk, not fetched).

const ASSETS = /*ASSETS*/ [];
const VERSION = /*VERSION*/ 'dev';
const CACHE = `tierscope-${VERSION}`;
const PAGE = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('tierscope-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// 'reachable': does the host answer? Asked from here, not the page, so a failed
// probe while offline is not a console error on the page.
async function reachable() {
  try {
    await fetch(new URL('./sw.js', PAGE), { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

self.addEventListener('message', (event) => {
  if (event.data === 'version') event.source?.postMessage({ version: VERSION });
  if (event.data === 'reachable') event.waitUntil(reachable().then((ok) => event.source?.postMessage({ reachable: ok })));
});

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok) return response;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const hit = (await cache.match(PAGE)) ?? (await cache.match(new URL('index.html', PAGE).href));
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(PAGE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  event.respondWith(
    (async () => {
      const hit = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
      return hit ?? fetch(request);
    })(),
  );
});

// Offline use: registers the build's service worker (dist/sw.js, by a relative
// URL so any sub-path works) and tells the page whether it can open without
// the network and whether it is offline now. The dev server has no sw.js.
// navigator.onLine alone is not trusted (Chromium may say true while every
// request fails, e.g. after a reload served by the worker), so "online" is
// confirmed by the worker asking the host (a page without a worker, e.g. the
// dev server, goes by navigator.onLine).

export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'failed';

export class OfflineStatus {
  state = $state<OfflineState>('unsupported');
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Why offline use is not available (a registration error), for the tooltip. */
  detail = $state<string | null>(null);

  #retry: ReturnType<typeof setInterval> | null = null;

  async register(url = './sw.js'): Promise<void> {
    if (typeof window === 'undefined') return;
    window.addEventListener('online', () => void this.check());
    window.addEventListener('offline', () => this.#set(false));
    void this.check();
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    this.state = 'installing';
    try {
      const registration = await navigator.serviceWorker.register(url);
      // An install that fails (a file of the build could not be cached) makes the worker redundant.
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'redundant' && !registration.active) {
          this.state = 'failed';
          this.detail = 'the service worker could not cache the app';
        }
      });
      // ready resolves once a worker is active, i.e. its install (the whole build cached) succeeded.
      await navigator.serviceWorker.ready;
      this.state = 'ready';
    } catch (e) {
      this.state = 'failed';
      this.detail = e instanceof Error ? e.message : String(e);
    }
  }

  /** Asks the host itself, through the worker: any answer (even a 404) means online, a network error offline. */
  async check(): Promise<boolean> {
    let online = navigator.onLine;
    const worker = navigator.serviceWorker?.controller;
    if (online && worker) online = await askWorker(worker);
    this.#set(online);
    return online;
  }

  #set(online: boolean): void {
    this.online = online;
    // While offline, look again now and then: no 'online' event comes when navigator.onLine never changed.
    if (!online && this.#retry === null) this.#retry = setInterval(() => void this.check(), 30_000);
    if (online && this.#retry !== null) {
      clearInterval(this.#retry);
      this.#retry = null;
    }
  }
}

function askWorker(worker: ServiceWorker): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(true), 10_000);
    const onMessage = (e: MessageEvent) => {
      if (e.data && typeof e.data === 'object' && 'reachable' in e.data) done(e.data.reachable === true);
    };
    function done(ok: boolean) {
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('message', onMessage);
      resolve(ok);
    }
    navigator.serviceWorker.addEventListener('message', onMessage);
    worker.postMessage('reachable');
  });
}

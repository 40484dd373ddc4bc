// Offline use: registers the build's service worker (dist/sw.js, by a relative
// URL so any sub-path works) and tells the page whether it can open without
// the network and whether it is offline now. The dev server has no sw.js.

export type OfflineState = 'unsupported' | 'installing' | 'ready' | 'failed';

export class OfflineStatus {
  state = $state<OfflineState>('unsupported');
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Why offline use is not available (a registration error), for the tooltip. */
  detail = $state<string | null>(null);

  async register(url = './sw.js'): Promise<void> {
    if (typeof window === 'undefined') return;
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
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
}

// A small key-value store for the kept session: IndexedDB through idb-keyval
// (values are structured-cloned, so Blobs/Files are stored as they are, not
// read into memory). Errors are sorted into what the page says about them.

import { clear, createStore, del, get, keys, set, type UseStore } from 'idb-keyval';

export interface KvStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

export type StorageProblem = 'quota' | 'unavailable' | 'other';

/** Storage full, storage not there (private mode, disabled, blocked), or something else. */
export function storageProblem(e: unknown): StorageProblem {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return 'quota';
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || name === 'NotAllowedError' || name === 'ReferenceError' || /indexedDB/i.test(message)) return 'unavailable';
  return 'other';
}

/** The store in this browser's IndexedDB; null where there is no IndexedDB at all. */
export function openIdbStore(dbName = 'tierscope', storeName = 'keep'): KvStore | null {
  let store: UseStore;
  try {
    if (typeof indexedDB === 'undefined') return null;
    store = createStore(dbName, storeName);
  } catch {
    return null;
  }
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    keys: async () => (await keys(store)).map(String),
    clear: () => clear(store),
  };
}

// Saved scenarios in localStorage. Read back as untrusted (another tab, an old
// version, a user's edit): entries that no longer parse are skipped, not fatal.

import { scenarioFromJson, scenarioToJson, type Scenario } from '../model/scenario';
import type { ScenarioStore } from './session.svelte';

const KEY = 'tierscope.scenarios.v1';

export function localScenarioStore(storage: Storage | null = globalThis.localStorage ?? null): ScenarioStore {
  return {
    load() {
      try {
        const raw = storage?.getItem(KEY);
        if (!raw) return [];
        const list: unknown = JSON.parse(raw);
        if (!Array.isArray(list)) return [];
        const out: Scenario[] = [];
        for (const item of list) {
          try {
            out.push(scenarioFromJson(JSON.stringify(item)));
          } catch {
            // A scenario that no longer fits the current model is left out.
          }
        }
        return out;
      } catch {
        return [];
      }
    },
    save(list) {
      try {
        storage?.setItem(KEY, `[${list.map(scenarioToJson).join(',')}]`);
      } catch {
        // Storage full or unavailable (private mode): scenarios live for this visit only.
      }
    },
  };
}

/** "Start fresh": the saved scenarios go too. */
export function clearLocalScenarios(storage: Storage | null = globalThis.localStorage ?? null): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}

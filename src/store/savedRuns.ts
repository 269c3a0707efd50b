// The saved-runs slice: the list of runs in IndexedDB, the one opened for viewing, the two picked for
// comparison, and storage use. The repository is injected, so tests run it on fake stores.

import { createStore, type StateCreator } from 'zustand/vanilla';
import { MemoryRunRepository } from '../persist/memoryRunStore';
import type { RunSummary, SavedRun } from '../persist/runRecord';
import {
  attempt,
  openDefaultRepository,
  type PersistError,
  type PersistResult,
  type RunRepository,
} from '../persist/runStore';
import { requestPersistence, type StorageInfo, type StorageLike, storageInfo } from '../persist/storage';
import type { ConfigIssue } from '../persist/trainingConfig';

/** Runs overlaid at most in the comparison (each gets its own line style). */
export const MAX_COMPARED = 6;

export interface SavedRunsDeps {
  openRepository: () => Promise<PersistResult<RunRepository>>;
  storage?: StorageLike;
}

export interface SavedRunsSlice {
  savedRuns: RunSummary[];
  /** 'memory': IndexedDB is unavailable, runs are kept until the page reloads. */
  savedRunsState: 'idle' | 'loading' | 'ready' | 'memory';
  /** The last failure, shown by the panel until dismissed. */
  savedRunsError: PersistError | null;
  storage: StorageInfo | null;
  /** The run opened for viewing, with its weights and predictions loaded. */
  openedRun: SavedRun | null;
  /** Ids of up to two runs whose loss curves are drawn together. */
  compareIds: string[];
  /** What the last applied configuration (link, imported file, saved run) changed, and what it could not. */
  configNotice: ConfigNotice | null;

  loadSavedRuns: () => Promise<void>;
  /** Saves a finished or stopped run; on failure nothing saved earlier changes and the error is kept. */
  saveRun: (run: SavedRun) => Promise<PersistResult<void>>;
  deleteSavedRun: (id: string) => Promise<PersistResult<void>>;
  openSavedRun: (id: string) => Promise<PersistResult<SavedRun>>;
  /** Loads a run with its weights and predictions without opening it (for exports). */
  fetchSavedRun: (id: string) => Promise<PersistResult<SavedRun>>;
  closeSavedRun: () => void;
  toggleCompare: (id: string) => void;
  dismissSavedRunsError: () => void;
  refreshStorage: () => Promise<void>;
  setConfigNotice: (notice: ConfigNotice | null) => void;
}

export interface ConfigNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** Settings that could not be used, each with its reason. */
  issues: ConfigIssue[];
}

export function createSavedRunsSlice(
  deps: SavedRunsDeps,
): StateCreator<SavedRunsSlice, [], [], SavedRunsSlice> {
  return (set, get) => {
    let repository: Promise<RunRepository> | null = null;

    /** Opens IndexedDB once; falls back to memory (and says so) when it is unavailable. */
    const repo = (): Promise<RunRepository> => {
      repository ??= deps.openRepository().then((opened) => {
        if (opened.ok) return opened.value;
        set({ savedRunsState: 'memory', savedRunsError: opened.error });
        return new MemoryRunRepository();
      });
      return repository;
    };

    const fail = <T>(result: PersistResult<T>): PersistResult<T> => {
      if (!result.ok) set({ savedRunsError: result.error });
      return result;
    };

    const fetchRun = async (id: string): Promise<PersistResult<SavedRun>> => {
      const r = await repo();
      const found = await attempt('open the run', () => r.get(id));
      if (!found.ok) return found;
      if (!found.value) {
        return { ok: false, error: { kind: 'run-not-found', id, message: 'This run is no longer saved.' } };
      }
      return { ok: true, value: found.value };
    };

    return {
      savedRuns: [],
      savedRunsState: 'idle',
      savedRunsError: null,
      storage: null,
      openedRun: null,
      compareIds: [],
      configNotice: null,

      loadSavedRuns: async () => {
        set({ savedRunsState: 'loading' });
        const r = await repo();
        const listed = fail(await attempt('list saved runs', () => r.list()));
        if (get().savedRunsState === 'loading') set({ savedRunsState: 'ready' });
        if (listed.ok) set({ savedRuns: listed.value });
        await requestPersistence(deps.storage);
        await get().refreshStorage();
      },

      saveRun: async (run) => {
        const r = await repo();
        const saved = fail(await attempt(`save the run "${run.name}"`, () => r.put(run)));
        if (saved.ok) {
          const { payload: _payload, ...summary } = run;
          set({
            savedRuns: [summary, ...get().savedRuns.filter((s) => s.id !== run.id)].sort(
              (a, b) => b.createdAt - a.createdAt,
            ),
          });
        }
        await get().refreshStorage();
        return saved;
      },

      deleteSavedRun: async (id) => {
        const r = await repo();
        const deleted = fail(await attempt('delete the run', () => r.delete(id)));
        if (deleted.ok) {
          set({
            savedRuns: get().savedRuns.filter((s) => s.id !== id),
            compareIds: get().compareIds.filter((c) => c !== id),
            openedRun: get().openedRun?.id === id ? null : get().openedRun,
          });
        }
        await get().refreshStorage();
        return deleted;
      },

      openSavedRun: async (id) => {
        const found = fail(await fetchRun(id));
        if (found.ok) set({ openedRun: found.value });
        return found;
      },

      fetchSavedRun: async (id) => fail(await fetchRun(id)),

      closeSavedRun: () => set({ openedRun: null }),

      toggleCompare: (id) => {
        const ids = get().compareIds;
        if (ids.includes(id)) set({ compareIds: ids.filter((c) => c !== id) });
        else set({ compareIds: [...ids, id].slice(-MAX_COMPARED) }); // one more replaces the oldest pick
      },

      dismissSavedRunsError: () => set({ savedRunsError: null }),

      refreshStorage: async () => set({ storage: await storageInfo(deps.storage) }),

      setConfigNotice: (configNotice) => set({ configNotice }),
    };
  };
}

export function createSavedRunsStore(deps: SavedRunsDeps) {
  return createStore<SavedRunsSlice>()(createSavedRunsSlice(deps));
}

/** The page's saved-runs store, backed by the browser's IndexedDB. */
export const savedRunsStore = createSavedRunsStore({ openRepository: openDefaultRepository });

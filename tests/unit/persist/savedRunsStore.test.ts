import { describe, expect, it } from 'vitest';
import { MemoryRunRepository } from '../../../src/persist/memoryRunStore';
import type { SavedRun } from '../../../src/persist/runRecord';
import type { RunRepository } from '../../../src/persist/runStore';
import type { StorageLike } from '../../../src/persist/storage';
import { createSavedRunsStore } from '../../../src/store/savedRuns';
import { makeRun } from './fixtures';

/** A store that fills up: every put after `capacity` runs fails like a browser with a full quota. */
class FullRepository extends MemoryRunRepository {
  constructor(private readonly capacity: number) {
    super();
  }
  override async put(run: SavedRun): Promise<void> {
    if (this.runs.size >= this.capacity)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return super.put(run);
  }
}

function fakeStorage(): StorageLike & { persistCalls: number } {
  const s = {
    persistCalls: 0,
    granted: false,
    estimate: async () => ({ usage: 2048, quota: 1 << 30 }),
    persisted: async () => s.granted,
    persist: async () => {
      s.persistCalls++;
      s.granted = true;
      return true;
    },
  };
  return s;
}

const storeOver = (repo: RunRepository, storage: StorageLike = fakeStorage()) =>
  createSavedRunsStore({ openRepository: async () => ({ ok: true, value: repo }), storage });

describe('saved runs store', () => {
  it('lists what the repository holds, asks for persistent storage and reports usage', async () => {
    const repo = new MemoryRunRepository();
    await repo.put(makeRun('old', 1));
    const storage = fakeStorage();
    const store = storeOver(repo, storage);
    await store.getState().loadSavedRuns();
    const s = store.getState();
    expect(s.savedRunsState).toBe('ready');
    expect(s.savedRuns.map((r) => r.id)).toEqual(['old']);
    expect(storage.persistCalls).toBe(1);
    expect(s.storage).toEqual({ usage: 2048, quota: 1 << 30, persisted: true });
  });

  it('on a full quota: reports it clearly, keeps every run saved before, and a reload still lists them', async () => {
    const repo = new FullRepository(2);
    const store = storeOver(repo);
    await store.getState().loadSavedRuns();
    expect((await store.getState().saveRun(makeRun('r1', 1))).ok).toBe(true);
    expect((await store.getState().saveRun(makeRun('r2', 2))).ok).toBe(true);

    const third = await store.getState().saveRun(makeRun('r3', 3));
    expect(third.ok).toBe(false);
    const error = store.getState().savedRunsError;
    expect(error?.kind).toBe('quota-exceeded');
    expect(error?.message).toMatch(/Browser storage is full, so save the run "run r3" did not complete/);
    expect(error?.message).toMatch(/Runs saved earlier are untouched/);
    expect(store.getState().savedRuns.map((r) => r.id)).toEqual(['r2', 'r1']);

    // A fresh page over the same storage: the two earlier runs, complete with weights.
    const reloaded = storeOver(repo);
    await reloaded.getState().loadSavedRuns();
    expect(reloaded.getState().savedRuns.map((r) => r.id)).toEqual(['r2', 'r1']);
    const opened = await reloaded.getState().openSavedRun('r1');
    expect(opened.ok && [...(opened.value.payload.weights.lstm ?? [])]).toEqual([0, 0.5, -1.25]);

    // Deleting a run makes room, and the next save succeeds.
    store.getState().dismissSavedRunsError();
    await store.getState().deleteSavedRun('r1');
    expect((await store.getState().saveRun(makeRun('r3', 3))).ok).toBe(true);
    expect(store.getState().savedRuns.map((r) => r.id)).toEqual(['r3', 'r2']);
    expect(store.getState().savedRunsError).toBeNull();
  });

  it('falls back to memory with a message when IndexedDB cannot be opened', async () => {
    const store = createSavedRunsStore({
      openRepository: async () => ({
        ok: false,
        error: { kind: 'storage-unavailable', message: 'Saved runs are unavailable in this browser window.' },
      }),
      storage: {},
    });
    await store.getState().loadSavedRuns();
    expect(store.getState().savedRunsState).toBe('memory');
    expect(store.getState().savedRunsError?.kind).toBe('storage-unavailable');
    expect((await store.getState().saveRun(makeRun('m', 1))).ok).toBe(true);
    expect(store.getState().savedRuns).toHaveLength(1);
    expect(store.getState().storage).toEqual({ usage: null, quota: null, persisted: null });
  });

  it('opens, compares at most six runs, and forgets a deleted run everywhere', async () => {
    const repo = new MemoryRunRepository();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const [t, id] of ids.entries()) await repo.put(makeRun(id, t + 1));
    const store = storeOver(repo);
    await store.getState().loadSavedRuns();
    const { toggleCompare } = store.getState();
    for (const id of ids) toggleCompare(id);
    // a seventh pick replaces the oldest
    expect(store.getState().compareIds).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
    for (const id of ['b', 'd', 'e', 'f', 'g']) toggleCompare(id);
    expect(store.getState().compareIds).toEqual(['c']);
    await store.getState().openSavedRun('c');
    expect(store.getState().openedRun?.id).toBe('c');
    await store.getState().deleteSavedRun('c');
    expect(store.getState().openedRun).toBeNull();
    expect(store.getState().compareIds).toEqual([]);
    const missing = await store.getState().openSavedRun('c');
    expect(missing.ok).toBe(false);
    expect(store.getState().savedRunsError?.kind).toBe('run-not-found');
  });
});

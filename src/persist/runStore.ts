// Saved runs in IndexedDB (through `idb`), behind a small interface so tests inject failing stores.
// Two object stores: `runs` holds summaries (listed on every page load) and `payloads` the weights and
// predictions (read only when a run is opened or exported). A save writes both in one transaction, so a
// failure — a full quota included — leaves the database exactly as it was: nothing saved earlier is lost.

import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type RunPayload, type RunSummary, type SavedRun, splitRun } from './runRecord';

export interface RunRepository {
  /** Summaries of every saved run, newest first. */
  list(): Promise<RunSummary[]>;
  get(id: string): Promise<SavedRun | undefined>;
  put(run: SavedRun): Promise<void>;
  delete(id: string): Promise<void>;
}

export type PersistError =
  | { kind: 'quota-exceeded'; message: string }
  | { kind: 'storage-unavailable'; message: string }
  | { kind: 'storage-failed'; message: string }
  | { kind: 'run-not-found'; id: string; message: string };

export type PersistResult<T> = { ok: true; value: T } | { ok: false; error: PersistError };

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunSummary; indexes: { createdAt: number } };
  payloads: { key: string; value: RunPayload };
}

export const DB_NAME = 'forecast-lab';
const DB_VERSION = 1;

export class IdbRunRepository implements RunRepository {
  private constructor(private readonly db: IDBPDatabase<RunsDb>) {}

  static async open(name = DB_NAME): Promise<IdbRunRepository> {
    const db = await openDB<RunsDb>(name, DB_VERSION, {
      upgrade(database) {
        const runs = database.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('createdAt', 'createdAt');
        database.createObjectStore('payloads', { keyPath: 'id' });
      },
    });
    return new IdbRunRepository(db);
  }

  async list(): Promise<RunSummary[]> {
    const all = await this.db.getAllFromIndex('runs', 'createdAt');
    return all.reverse();
  }

  async get(id: string): Promise<SavedRun | undefined> {
    const tx = this.db.transaction(['runs', 'payloads'], 'readonly');
    const [summary, payload] = await Promise.all([
      tx.objectStore('runs').get(id),
      tx.objectStore('payloads').get(id),
      tx.done,
    ]);
    if (!summary) return undefined;
    return { ...summary, payload: payload ?? { id, weights: {}, predictions: null } };
  }

  async put(run: SavedRun): Promise<void> {
    const { summary, payload } = splitRun(run);
    const tx = this.db.transaction(['runs', 'payloads'], 'readwrite');
    // Either both writes land or neither: any failure aborts the whole transaction.
    await Promise.all([
      tx.objectStore('payloads').put(payload),
      tx.objectStore('runs').put(summary),
      tx.done,
    ]);
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'payloads'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('payloads').delete(id), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}

/** True for the browser's "storage is full" errors, whatever wrapper they arrive in. */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { name?: unknown; code?: unknown; cause?: unknown; inner?: unknown };
  if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED' || err.code === 22) {
    return true;
  }
  return isQuotaError(err.cause) || isQuotaError(err.inner);
}

/** Turns whatever a repository threw into a PersistError with a message for the user. */
export function toPersistError(e: unknown, action: string): PersistError {
  if (isQuotaError(e)) {
    return {
      kind: 'quota-exceeded',
      message:
        `Browser storage is full, so ${action} did not complete. Runs saved earlier are untouched. ` +
        'Delete old runs (or export them first) to make room.',
    };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { kind: 'storage-failed', message: `Could not ${action}: ${detail}` };
}

/** Wraps a repository call: never throws, returns the value or a PersistError. */
export async function attempt<T>(action: string, run: () => Promise<T>): Promise<PersistResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    return { ok: false, error: toPersistError(e, action) };
  }
}

/** Opens the browser's database, or says why saved runs are unavailable (private windows, old browsers). */
export async function openDefaultRepository(): Promise<PersistResult<RunRepository>> {
  if (typeof indexedDB === 'undefined') {
    return {
      ok: false,
      error: {
        kind: 'storage-unavailable',
        message: 'This browser has no IndexedDB, so runs cannot be saved. Export them to keep them.',
      },
    };
  }
  try {
    return { ok: true, value: await IdbRunRepository.open() };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: {
        kind: 'storage-unavailable',
        message: `Saved runs are unavailable in this browser window (${detail}). Export runs to keep them.`,
      },
    };
  }
}

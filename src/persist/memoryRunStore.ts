// Saved runs kept in memory: the fallback when IndexedDB is unavailable (runs last until reload),
// and the base of the fake stores the tests inject.

import type { RunSummary, SavedRun } from './runRecord';
import type { RunRepository } from './runStore';

export class MemoryRunRepository implements RunRepository {
  protected readonly runs = new Map<string, SavedRun>();

  async list(): Promise<RunSummary[]> {
    return [...this.runs.values()]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(({ payload: _payload, ...summary }) => structuredClone(summary));
  }

  async get(id: string): Promise<SavedRun | undefined> {
    const run = this.runs.get(id);
    return run && structuredClone(run);
  }

  async put(run: SavedRun): Promise<void> {
    this.runs.set(run.id, structuredClone(run));
  }

  async delete(id: string): Promise<void> {
    this.runs.delete(id);
  }
}

// One counter for the ids of training runs and tuning sweeps: every id the store sends the worker is new, so
// a message's runId says which of the two it belongs to (a sweep's 'notice' has no 'tune-' prefix).

export interface RunIds {
  /** A run id never handed out before by this store (1, 2, …). */
  next(): number;
}

export function runIdCounter(): RunIds {
  let last = 0;
  return { next: () => ++last };
}

// One counter for the ids of training runs and tuning sweeps: every id the store sends the worker is new, so
// a late message of a replaced or cleared run or sweep never matches the current one's id. Which of the two a
// message belongs to comes from its scope (MESSAGE_SCOPE in the worker protocol), not from its id.

export interface RunIds {
  /** A run id never handed out before by this store (1, 2, …). */
  next(): number;
}

export function runIdCounter(): RunIds {
  let last = 0;
  return { next: () => ++last };
}

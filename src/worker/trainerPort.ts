// The page's handle on the training worker: what the store talks to, and what tests fake.

import type { FromWorker, ToWorker } from './protocol';

export interface TrainerPort {
  post(message: ToWorker): void;
  /** Replaces the message handler. */
  listen(handler: (message: FromWorker) => void): void;
  terminate(): void;
}

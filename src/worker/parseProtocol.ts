// Messages between the page and the CSV parsing worker (src/worker/parse.worker.ts).

import type { ParseOptions, ParseOutcome, ParseProgress } from '../data/types';

/** Page → worker: parse this file. `id` pairs the replies with the request. */
export interface ParseRequest {
  type: 'parse';
  id: number;
  file: Blob;
  options: ParseOptions;
  /** Where to send a copy of the parsed table too (the data worker), so the page need not. */
  forward?: MessagePort;
}

/** Worker → page: after each chunk. */
export interface ParseProgressMessage {
  type: 'progress';
  id: number;
  progress: ParseProgress;
}

/** Worker → page: the outcome (the table's typed arrays are transferred, not copied). */
export interface ParseDoneMessage {
  type: 'done';
  id: number;
  outcome: ParseOutcome;
}

export type ParseWorkerMessage = ParseProgressMessage | ParseDoneMessage;

// Messages between the page and the CSV parsing worker (src/worker/parse.worker.ts).

import type { LoadOutcome, ParseOptions, ParseProgress } from '../data/types';

/** Page → worker: parse this file. `id` pairs the replies with the request. */
export interface ParseRequest {
  type: 'parse';
  id: number;
  file: Blob;
  options: ParseOptions;
  /** Where the parsed table goes (to the training worker, which owns it), as table `tableId`. */
  forward: MessagePort;
  tableId: number;
}

/** Worker → page: after each chunk. */
export interface ParseProgressMessage {
  type: 'progress';
  id: number;
  progress: ParseProgress;
}

/** Worker → page: the outcome, with the table's view (the table itself went to the training worker). */
export interface ParseDoneMessage {
  type: 'done';
  id: number;
  outcome: LoadOutcome;
}

export type ParseWorkerMessage = ParseProgressMessage | ParseDoneMessage;

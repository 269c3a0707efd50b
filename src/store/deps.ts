// What the store needs from the outside world: parsing, dataset preparation and the training worker.
// The app wires the real ones (src/store/index.ts); tests pass small fakes.

import type { PrepareAnswer } from '../data/summary';
import type {
  ColumnRole,
  ParsedTable,
  ParseOptions,
  ParseOutcome,
  ParseProgress,
  PrepareOptions,
} from '../data/types';
import type { TrainerPort } from '../worker/trainerPort';

export type { TrainerPort };

export interface SampleInfo {
  id: string;
  name: string;
  description: string;
  /** Roles that suit the sample (used instead of the parser's generic suggestion). */
  roles?: ColumnRole;
}

export interface PlaygroundDeps {
  samples: SampleInfo[];
  loadSample(
    id: string,
    onProgress?: (p: ParseProgress) => void,
    options?: ParseOptions,
  ): Promise<ParseOutcome>;
  parseFile(
    file: File,
    onProgress?: (p: ParseProgress) => void,
    options?: ParseOptions,
  ): Promise<ParseOutcome>;
  /** Prepares the table off the page (the data worker) and answers with a summary; `suggest` on load. */
  prepare(
    table: ParsedTable,
    roles: ColumnRole,
    options: PrepareOptions,
    suggest: boolean,
  ): Promise<PrepareAnswer>;
  /** Settings changes within this many ms are prepared once (default 0). */
  prepareDebounceMs?: number;
  createTrainer(): TrainerPort;
}

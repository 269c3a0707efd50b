// What the store needs from the outside world: parsing (which answers with the table's view; the table
// itself goes to the training worker), dataset preparation and the training worker.
// The app wires the real ones (src/store/index.ts); tests pass small fakes.

import type { PrepareAnswer } from '../data/summary';
import type {
  ColumnRole,
  LoadOutcome,
  ParseOptions,
  ParseProgress,
  PrepareOptions,
  TableView,
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
  ): Promise<LoadOutcome>;
  parseFile(
    file: File,
    onProgress?: (p: ParseProgress) => void,
    options?: ParseOptions,
  ): Promise<LoadOutcome>;
  /** Prepares the table off the page (in the worker that holds it) and answers with a summary; `suggest` on load. */
  prepare(
    table: TableView,
    roles: ColumnRole,
    options: PrepareOptions,
    suggest: boolean,
  ): Promise<PrepareAnswer>;
  /** Settings changes within this many ms are prepared once (default 0). */
  prepareDebounceMs?: number;
  createTrainer(): TrainerPort;
}

// How compared runs are ordered and their curves named. Pure: the compare view only shows what these return.

import { type CellKind, MODEL_NAME } from '../config';
import type { RunSummary } from './runRecord';
import { type ConfigDifference, configDifferences, describeDifferences } from './trainingConfig';

/** The runs oldest first, so that what changed reads from the earlier run to the later one. */
function oldestFirst<T extends Pick<RunSummary, 'createdAt'>>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => a.createdAt - b.createdAt);
}

const OTHER_CELL: Record<CellKind, CellKind> = { lstm: 'gru', gru: 'lstm' };

/**
 * The differences that bear on one network's curves: its own settings and the shared ones (data, window), not
 * the other network's nor the sweep's.
 */
function differencesFor(differences: readonly ConfigDifference[], cell: CellKind): ConfigDifference[] {
  return differences.filter((d) => !d.key.startsWith(`${OTHER_CELL[cell]}.`) && !d.key.startsWith('tune.'));
}

interface RunComparison<T extends RunSummary> {
  /** The runs, oldest first. */
  runs: T[];
  differences: ConfigDifference[];
  /** The curve label of run `run`'s network `cell`. */
  label: (run: number, cell: CellKind) => string;
}

/**
 * The runs oldest first, the settings that differ between them, and a label per curve: the settings that differ
 * for that network ("LSTM hidden units 64 · LSTM"), or the run's name when none of them does, so that a network
 * whose settings stayed the same is never named by the other's change.
 */
export function compareRuns<T extends RunSummary>(runs: readonly T[]): RunComparison<T> {
  const ordered = oldestFirst(runs);
  const differences = configDifferences(ordered.map((r) => r.config));
  const label = (run: number, cell: CellKind) => {
    const own = differencesFor(differences, cell);
    const what = own.length > 0 ? describeDifferences(own, run) : ordered[run].name;
    return `${what} · ${MODEL_NAME[cell]}`;
  };
  return { runs: ordered, differences, label };
}

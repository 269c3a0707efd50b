// Window length from the data: long enough to see at least one full season (`seasonFor`: the calendar's,
// else the autocorrelation's), short enough to leave the training part plenty of windows. The playground
// applies it when a dataset loads; the evaluation suite uses the same function, so the figures in
// eval/RESULTS.md are what a new user gets.

import { prepareDataset } from './prepare';
import { type SeasonChoice, seasonFor } from './season';
import type { ColumnRole, ParsedTable, PrepareOptions } from './types';

/** Windows of this many seasons when the training rows allow it (chosen on the evaluation suite). */
export const SEASONS_PER_WINDOW = 2;
/** Window length when no season is found. */
export const WINDOW_WITHOUT_SEASON = 24;
/** The training part keeps at least this many times the window length in rows. */
const TRAIN_ROWS_PER_WINDOW = 4;
const MIN_WINDOW = 4;
const MAX_WINDOW = 128;

/** The suggested window length for a season of `season` steps and `trainRows` training rows. */
export function suggestedInputLength(season: number, trainRows: number): number {
  const m = Math.max(1, Math.floor(season));
  const preferred = m > 1 ? SEASONS_PER_WINDOW * m : WINDOW_WITHOUT_SEASON;
  const room = Math.floor(trainRows / TRAIN_ROWS_PER_WINDOW);
  let T = Math.min(preferred, room);
  // one full season even when that leaves fewer training windows, as long as half the rows remain
  if (m > 1 && T < m && m <= trainRows / 2) T = m;
  return Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, T));
}

export interface WindowSuggestion {
  inputLength: number;
  /** The season the window is made of (1 = none). */
  season: number;
  /** Where that season came from (the calendar or the training rows' autocorrelation) and why. */
  seasonChoice: SeasonChoice;
  /** One sentence for the UI saying why. */
  reason: string;
}

/** The window length for `table` with these roles, or null when the roles cannot be prepared at all. */
export function suggestWindow(
  table: ParsedTable,
  roles: ColumnRole,
  options: PrepareOptions,
): WindowSuggestion | null {
  const probe = prepareDataset(table, roles, {
    ...options,
    window: { inputLength: 1, horizon: 1, stride: 1 },
  });
  if (!probe.ok) return null;
  const ds = probe.dataset;
  const trainRows = ds.splits.train.end - ds.splits.train.start;
  const seasonChoice = seasonFor(ds);
  const season = seasonChoice.m;
  const inputLength = suggestedInputLength(season, trainRows);
  const reason =
    season > 1
      ? `Window ${inputLength}: ${inputLength >= SEASONS_PER_WINDOW * season ? `${SEASONS_PER_WINDOW} seasons` : inputLength >= season ? 'one season or more' : 'as long as the training rows allow'} of ${season} steps; ${seasonChoice.why}.`
      : `Window ${inputLength}: no season; ${seasonChoice.why}.`;
  return { inputLength, season, seasonChoice, reason };
}

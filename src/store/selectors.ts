// Derived values components read; each returns a primitive or a stable reference.

import type { CellKind } from '../config';
import { sameTestPoints } from './chartRows';
import { type DatasetShape, settingsParamCount } from './modelSettings';
import type { PlaygroundState, ResultsData } from './types';

/** Model input/output sizes from the prepared dataset, or from the chosen roles while it is not ready. */
export function datasetShape(state: PlaygroundState): DatasetShape {
  const prepared = state.prepared;
  if (prepared?.ok) {
    return { inputSize: prepared.summary.inputSize, outputSize: prepared.summary.outputSize };
  }
  return {
    inputSize: Math.max(1, state.roles.features.length),
    outputSize: Math.max(1, state.roles.targets.length) * state.prepareOptions.window.horizon,
  };
}

export const selectParamCount = (cell: CellKind) => (state: PlaygroundState) =>
  settingsParamCount(cell, state.models[cell], datasetShape(state));

/** A run is going until its 'finished': while it evaluates, its results are still arriving (and not saved yet). */
export const selectIsRunning = (state: PlaygroundState) =>
  state.runStatus === 'starting' ||
  state.runStatus === 'training' ||
  state.runStatus === 'paused' ||
  state.runStatus === 'stopping' ||
  state.runStatus === 'evaluating';

/** The data part of a start or tune request: the worker's table, and how to prepare and score it. */
export function dataRequest(state: PlaygroundState, tableId: number) {
  return {
    tableId,
    roles: state.roles,
    options: state.prepareOptions,
    season: state.season,
    forecastSteps: state.forecastSteps,
    engine: state.engine,
  };
}

/** The loaded data's identity, which results computed on it carry; null before any data. */
export function loadedData(state: PlaygroundState): ResultsData | null {
  const { table, source } = state;
  if (!table) return null;
  return {
    fingerprint: table.fingerprint,
    pivoted: table.report.pivoted !== undefined,
    name: source?.name ?? 'the data',
  };
}

/** The same file read the same way (a file loaded again is the same data). */
export function sameData(a: ResultsData | null, b: ResultsData | null): boolean {
  return a !== null && b !== null && a.fingerprint === b.fingerprint && a.pivoted === b.pivoted;
}

/** The name of the data these results were computed on when it is not the data loaded now, else null. */
function otherData(data: ResultsData | null, state: PlaygroundState): string | null {
  const loaded = loadedData(state);
  if (!data || !loaded || sameData(data, loaded)) return null;
  return data.name;
}

/** The run's results belong to data loaded before this one: its name, else null. */
export const selectRunFromOtherData = (state: PlaygroundState) => otherData(state.runData, state);

/** The sweep's results belong to data loaded before this one: its name, else null. */
export const selectSweepFromOtherData = (state: PlaygroundState) => otherData(state.tuneData, state);

/** The sweep and the run were scored on the same data and the same test points, so they compare. */
export function sweepMatchesRun(state: PlaygroundState): boolean {
  const { runData, tuneData, context, tuneContext } = state;
  return (
    sameData(runData, tuneData) &&
    context !== null &&
    tuneContext !== null &&
    sameTestPoints(context, tuneContext)
  );
}

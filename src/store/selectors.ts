// Derived values components read; each returns a primitive or a stable reference.

import type { CellKind } from '../config';
import { type DatasetShape, settingsParamCount } from './modelSettings';
import type { PlaygroundState } from './types';

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

export const selectIsRunning = (state: PlaygroundState) =>
  state.runStatus === 'starting' ||
  state.runStatus === 'training' ||
  state.runStatus === 'paused' ||
  state.runStatus === 'stopping';

/** Window counts per split of the prepared dataset, or null. */
export const selectWindowCounts = (state: PlaygroundState) => state.prepared;

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

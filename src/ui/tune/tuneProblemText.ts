// The sentence the Tune form shows when the sweep cannot start with its settings, could not start, or failed.

import type { SweepList, SweepSettingsProblem } from '../../config';
import type { TuneProblem } from '../../store/problems';

const LIST_NAME: Record<SweepList, string> = {
  hiddenSizes: 'hidden sizes',
  layers: 'layers',
  learningRates: 'learning rates',
  dropouts: 'dropouts',
};

const GRID_LABEL: Record<Extract<SweepSettingsProblem, { kind: 'bad-grid-value' }>['setting'], string> = {
  hiddenSize: 'Hidden size',
  numLayers: 'Layers',
  lr: 'Learning rate',
  dropout: 'Dropout',
};

const COUNT_LABEL = { seeds: 'Seeds per setting', topK: 'Ensemble size' } as const;

export function tuneProblemText(problem: TuneProblem): string {
  switch (problem.kind) {
    case 'no-data':
      return 'Load a dataset first.';
    case 'data':
      return problem.error.message;
    case 'sweep-failed':
      return problem.error.message;
    case 'no-cells':
      return 'Choose LSTM, GRU or both.';
    case 'empty-list':
      return `Give at least one value for ${LIST_NAME[problem.list]}.`;
    case 'bad-window-length':
      return `Window length ${problem.value}: a whole number from ${problem.min} to ${problem.max}.`;
    case 'bad-grid-value':
      return `${GRID_LABEL[problem.setting]} ${problem.value}: ${problem.problem}`;
    case 'too-many-models':
      return `${problem.count} models is more than ${problem.max}: narrow the grid.`;
    case 'no-ensemble':
      return 'The ensemble needs at least one model.';
    case 'bad-count':
      return `${COUNT_LABEL[problem.setting]}: a whole number from ${problem.min} to ${problem.max}.`;
  }
}

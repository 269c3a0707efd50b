// The page's wording of every problem the store holds: why a run or a sweep could not start (or a sweep
// failed), and why a model file could not be opened. One example of each kind, with its exact sentence.
import { describe, expect, it } from 'vitest';
import type { DataError } from '../../src/data/types';
import type { ModelFileProblem, StartProblem, TuneProblem } from '../../src/store/problems';
import { modelFileProblemText } from '../../src/ui/runs/modelFileProblemText';
import { startProblemText } from '../../src/ui/training/startProblemText';
import { tuneProblemText } from '../../src/ui/tune/tuneProblemText';

const tooFewRows: DataError = {
  kind: 'too-few-rows',
  needed: 40,
  got: 12,
  split: 'train',
  message: 'The training part has 12 rows; a window needs 40.',
};

describe('startProblemText', () => {
  const cases: Record<StartProblem['kind'], [StartProblem, string]> = {
    'no-data': [{ kind: 'no-data' }, 'Load a dataset first.'],
    data: [{ kind: 'data', error: tooFewRows }, 'The training part has 12 rows; a window needs 40.'],
    'invalid-setting': [
      { kind: 'invalid-setting', model: 'lstm', field: 'batchSize', problem: 'Between 1 and 1024.' },
      'LSTM setting "batchSize": Between 1 and 1024.',
    ],
  };
  it.each(Object.entries(cases))('%s', (_, [problem, text]) => {
    expect(startProblemText(problem)).toBe(text);
  });
});

describe('tuneProblemText', () => {
  const cases: Record<TuneProblem['kind'], [TuneProblem, string]> = {
    'no-data': [{ kind: 'no-data' }, 'Load a dataset first.'],
    data: [{ kind: 'data', error: tooFewRows }, 'The training part has 12 rows; a window needs 40.'],
    'sweep-failed': [
      { kind: 'sweep-failed', error: { kind: 'training-failed', model: null, message: 'Out of luck.' } },
      'Out of luck.',
    ],
    'no-cells': [{ kind: 'no-cells' }, 'Choose LSTM, GRU or both.'],
    'empty-list': [
      { kind: 'empty-list', list: 'learningRates' },
      'Give at least one value for learning rates.',
    ],
    'bad-window-length': [
      { kind: 'bad-window-length', value: 4097, min: 1, max: 4096 },
      'Window length 4097: a whole number from 1 to 4096.',
    ],
    'bad-grid-value': [
      { kind: 'bad-grid-value', setting: 'hiddenSize', value: 0, problem: 'Between 1 and 512.' },
      'Hidden size 0: Between 1 and 512.',
    ],
    'too-many-models': [
      { kind: 'too-many-models', count: 65, max: 64 },
      '65 models is more than 64: narrow the grid.',
    ],
    'no-ensemble': [{ kind: 'no-ensemble' }, 'The ensemble needs at least one model.'],
    'bad-count': [
      { kind: 'bad-count', setting: 'seeds', min: 1, max: 5 },
      'Seeds per setting: a whole number from 1 to 5.',
    ],
  };
  it.each(Object.entries(cases))('%s', (_, [problem, text]) => {
    expect(tuneProblemText(problem)).toBe(text);
  });

  it('names every grid list and count setting', () => {
    expect(tuneProblemText({ kind: 'empty-list', list: 'hiddenSizes' })).toBe(
      'Give at least one value for hidden sizes.',
    );
    expect(tuneProblemText({ kind: 'empty-list', list: 'layers' })).toBe(
      'Give at least one value for layers.',
    );
    expect(tuneProblemText({ kind: 'empty-list', list: 'dropouts' })).toBe(
      'Give at least one value for dropouts.',
    );
    expect(
      tuneProblemText({ kind: 'bad-grid-value', setting: 'numLayers', value: 9, problem: 'Too many.' }),
    ).toBe('Layers 9: Too many.');
    expect(tuneProblemText({ kind: 'bad-grid-value', setting: 'lr', value: 5, problem: 'Too high.' })).toBe(
      'Learning rate 5: Too high.',
    );
    expect(
      tuneProblemText({ kind: 'bad-grid-value', setting: 'dropout', value: 1, problem: 'Too high.' }),
    ).toBe('Dropout 1: Too high.');
    expect(tuneProblemText({ kind: 'bad-count', setting: 'topK', min: 1, max: 10 })).toBe(
      'Ensemble size: a whole number from 1 to 10.',
    );
  });
});

describe('modelFileProblemText', () => {
  const cases: Record<ModelFileProblem['kind'], [ModelFileProblem, string]> = {
    'no-weights-file': [
      { kind: 'no-weights-file' },
      'Choose a .safetensors weights file (from a PyTorch project, with its config.json).',
    ],
    'bad-project-config': [
      { kind: 'bad-project-config', message: 'config.json is not valid JSON.' },
      'config.json is not valid JSON.',
    ],
    'bad-weights': [
      { kind: 'bad-weights', fileName: 'run.safetensors', message: 'It holds no weights.' },
      'run.safetensors: It holds no weights.',
    ],
    'unusable-settings': [
      {
        kind: 'unusable-settings',
        fileName: 'run.safetensors',
        issue: { key: 'lstm.hiddenSize', message: 'LSTM hidden units: expected a number' },
      },
      "The run's settings in run.safetensors cannot be used: LSTM hidden units: expected a number.",
    ],
    'no-data': [{ kind: 'no-data', issue: null }, 'Load the data this model was trained on first.'],
  };
  it.each(Object.entries(cases))('%s', (_, [problem, text]) => {
    expect(modelFileProblemText(problem)).toBe(text);
  });

  it('says why the data could not be loaded, when a setting could not be applied', () => {
    const issue = { key: 'sample', message: 'There is no bundled sample "moon"; the current data is kept.' };
    expect(modelFileProblemText({ kind: 'no-data', issue })).toBe(
      'Load the data this model was trained on first (There is no bundled sample "moon"; the current data is kept.).',
    );
  });
});

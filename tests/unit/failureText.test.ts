// The page's wording of every training failure: text, level and the one-click action it offers.
import { describe, expect, it } from 'vitest';
import type { DataError } from '../../src/data/types';
import { describeFailure, formatLearningRate } from '../../src/ui/training/failureText';
import { modelNoteText } from '../../src/ui/training/modelNoteText';
import type { FailureKind, TrainingFailure } from '../../src/worker/protocol';

// the sentences e2e/playground.spec.ts and e2e/no-webgpu.spec.ts look for
const E2E_DEVICE_LOST =
  /The GPU device was lost .*(A new GPU device was created; training continues on WebGPU|training continues on the CPU engine)/;

type NanLoss = Extract<TrainingFailure, { kind: 'nan-loss' }>;
const nanLoss = (over: Partial<NanLoss> = {}): NanLoss => ({
  kind: 'nan-loss',
  model: 'gru',
  epoch: 2,
  step: 3,
  value: Number.NaN,
  lr: 1e-3,
  suggestedLr: 1e-4,
  clipNorm: 0,
  keptEpoch: 1,
  ...over,
});

/** One example of every kind the worker makes (data errors are covered below). */
const EXAMPLES = {
  'no-webgpu': { kind: 'no-webgpu', reason: 'WebGPU is not available in this browser' },
  'device-lost': {
    kind: 'device-lost',
    reason: 'destroyed',
    account: 'A new GPU device was created; training continues on WebGPU.',
    continuesOn: 'webgpu',
    resumed: [
      { model: 'lstm', atEpoch: 3, fromEpoch: 2 },
      { model: 'gru', atEpoch: 1, fromEpoch: null },
    ],
  },
  'out-of-memory': {
    kind: 'out-of-memory',
    model: 'lstm',
    detail: 'Out of GPU memory allocating 2 GiB.',
  },
  'gpu-error': { kind: 'gpu-error', model: 'lstm', detail: 'The GPU reported an error: bad bind group' },
  'nan-loss': nanLoss(),
  'training-failed': { kind: 'training-failed', model: null, message: 'x is undefined' },
  'worker-crashed': { kind: 'worker-crashed', message: 'Uncaught RangeError' },
  'weights-mismatch': { kind: 'weights-mismatch', model: 'gru', got: 100, needed: 3393 },
} satisfies Record<Exclude<FailureKind, DataError['kind']>, TrainingFailure>;

describe('describeFailure', () => {
  it('words every kind, with the level and action it calls for', () => {
    const views = Object.fromEntries(
      Object.entries(EXAMPLES).map(([kind, failure]) => [kind, describeFailure(failure)]),
    );
    expect(views['no-webgpu']).toEqual({
      level: 'info',
      text: 'Training on the CPU engine: WebGPU is not available in this browser.',
      action: null,
    });
    expect(views['device-lost']).toEqual({
      level: 'warning',
      text:
        'The GPU device was lost (destroyed). A new GPU device was created; training continues on WebGPU. ' +
        'LSTM resumes at epoch 3 from the weights and optimiser state saved after epoch 2; GRU restarts from ' +
        'its initial weights.',
      action: null,
    });
    expect(views['out-of-memory']).toEqual({
      level: 'error',
      text: 'LSTM stopped: Out of GPU memory allocating 2 GiB. The GPU ran out of memory: try a smaller batch size, hidden size or window length.',
      action: { kind: 'use-cpu-engine', restart: true, label: 'Train both on the CPU engine' },
    });
    expect(views['gpu-error']).toEqual({
      level: 'error',
      text: 'LSTM stopped: The GPU reported an error: bad bind group',
      action: { kind: 'use-cpu-engine', restart: true, label: 'Train both on the CPU engine' },
    });
    expect(views['nan-loss']).toEqual({
      level: 'error',
      text:
        'GRU stopped: the loss became NaN at epoch 2, step 3. Try a lower learning rate (e.g. 1e-4) or enable ' +
        'gradient clipping (e.g. 1.0). Predictions use its weights from epoch 1.',
      action: {
        kind: 'set-learning-rate',
        model: 'gru',
        lr: 1e-4,
        label: 'Lower the GRU learning rate to 1e-4',
      },
    });
    expect(views['training-failed']).toEqual({
      level: 'error',
      text: 'Training failed: x is undefined',
      action: null,
    });
    expect(views['weights-mismatch']).toEqual({
      level: 'warning',
      text: 'The saved GRU weights (100 values) do not fit this model (3393 needed): it starts from fresh weights.',
      action: null,
    });
    expect(views['worker-crashed']).toEqual({
      level: 'error',
      text: 'The training worker crashed: Uncaught RangeError',
      action: null,
    });
  });

  it('keeps the sentences the browser tests look for', () => {
    expect(describeFailure(EXAMPLES['device-lost']).text).toMatch(E2E_DEVICE_LOST);
    const fellBack = describeFailure({
      ...EXAMPLES['device-lost'],
      account: 'The GPU could not be recreated (no adapter); training continues on the CPU engine.',
      continuesOn: 'cpu',
    });
    expect(fellBack.text).toMatch(E2E_DEVICE_LOST);
    expect(describeFailure(EXAMPLES['no-webgpu']).text).toContain('Training on the CPU engine');
    expect(describeFailure(nanLoss()).text).toContain('stopped: the loss became');
  });

  it('offers the CPU engine for the next runs after a device loss that fell back to it', () => {
    const view = describeFailure({ ...EXAMPLES['device-lost'], continuesOn: 'cpu', resumed: [] });
    expect(view.text).toBe(
      'The GPU device was lost (destroyed). A new GPU device was created; training continues on WebGPU.',
    );
    expect(view.action).toEqual({
      kind: 'use-cpu-engine',
      restart: false,
      label: 'Train on the CPU engine next time',
    });
  });

  it('suggests the rate it names, only within the setting limits, and mentions clipping and kept weights', () => {
    const infinite = describeFailure(
      nanLoss({
        model: 'lstm',
        value: Number.POSITIVE_INFINITY,
        lr: 3e-3,
        suggestedLr: 3e-3 / 10,
        clipNorm: 1,
        keptEpoch: null,
      }),
    );
    expect(infinite.text).toBe(
      'LSTM stopped: the loss became Infinity at epoch 2, step 3. Try a lower learning rate (e.g. 3e-4) or a ' +
        'smaller clipping norm than 1. It has no usable weights, so it has no predictions.',
    );
    expect(infinite.action).toMatchObject({ kind: 'set-learning-rate', model: 'lstm', lr: 3e-4 });
    // 1e-7 is below the smallest learning rate the settings accept
    expect(describeFailure(nanLoss({ lr: 1e-6, suggestedLr: 1e-7 })).action).toBeNull();
    expect(formatLearningRate(0.05)).toBe('0.05');
    expect(formatLearningRate(5.5e-4)).toBe('6e-4');
  });

  it('shows a data error with the sentence src/data wrote', () => {
    const view = describeFailure({
      kind: 'too-few-rows',
      needed: 40,
      got: 12,
      split: 'train',
      message: 'The training part has 12 rows; a window needs 40.',
    });
    expect(view).toEqual({
      level: 'error',
      text: 'The training part has 12 rows; a window needs 40.',
      action: null,
    });
  });

  it('names the model an unexpected error stopped', () => {
    expect(describeFailure({ kind: 'training-failed', model: 'lstm', message: 'boom' }).text).toBe(
      'LSTM stopped: boom',
    );
  });
});

describe('modelNoteText', () => {
  it('words every status change as the progress panel shows it', () => {
    expect(modelNoteText('lstm', { kind: 'training', compilingKernels: true })).toBe(
      'LSTM is training. The first step compiles the GPU kernels, which can take a while.',
    );
    expect(modelNoteText('gru', { kind: 'training', compilingKernels: false })).toBe('GRU is training.');
    expect(modelNoteText('lstm', { kind: 'kernels-ready', afterMs: 1234 })).toBe(
      'LSTM is training (kernels ready after 1.2 s).',
    );
    expect(modelNoteText('gru', { kind: 'stopped', epoch: 4, step: 2 })).toBe(
      'GRU was stopped at epoch 4, step 2.',
    );
    expect(modelNoteText('lstm', { kind: 'early-stopped', epoch: 9, patience: 1, bestEpoch: 8 })).toBe(
      'LSTM stopped early at epoch 9: validation loss did not improve for 1 epoch. Using the weights of epoch 8.',
    );
    expect(modelNoteText('gru', { kind: 'finished', epochs: 3, bestEpoch: 3 })).toBe(
      'GRU finished 3 epochs; best validation loss at epoch 3.',
    );
    expect(modelNoteText('gru', { kind: 'failed', failure: nanLoss() })).toBe(
      describeFailure(nanLoss()).text,
    );
  });
});

it('a reason that ends with a full stop is not given a second one', () => {
  const view = describeFailure({
    kind: 'no-webgpu',
    reason: 'WebGPU is present but no GPU adapter was found.',
  });
  expect(view.text).toBe('Training on the CPU engine: WebGPU is present but no GPU adapter was found.');
});

// The one place that words a training failure for the page: its text, how loud it is, and what the user
// can do about it. The worker sends failures as data (src/worker/failures.ts); data errors arrive with
// src/data's own sentence, which is shown as it is.

import { type CellKind, MODEL_NAME, settingProblem } from '../../config';
import type { ResumedModel, TrainingFailure } from '../../worker/protocol';

export type FailureLevel = 'info' | 'warning' | 'error';

/** Something the page can do about a failure, in one click. */
export type FailureAction =
  /** Sets a model's learning rate in its settings card (the next run uses it). */
  | { kind: 'set-learning-rate'; model: CellKind; lr: number; label: string }
  /** Sets the Engine menu to the CPU engine; `restart` also trains both again at once. */
  | { kind: 'use-cpu-engine'; restart: boolean; label: string };

export interface FailureView {
  level: FailureLevel;
  text: string;
  action: FailureAction | null;
}

/** A learning rate as the page writes it: two significant digits from 1e-3 up, else one (3e-4). */
export function formatLearningRate(lr: number): string {
  return lr >= 1e-3 ? String(Number(lr.toPrecision(2))) : lr.toExponential(0);
}

const OOM_HINT = ' The GPU ran out of memory: try a smaller batch size, hidden size or window length.';

function resumedText({ model, atEpoch, fromEpoch }: ResumedModel): string {
  return fromEpoch !== null
    ? `${MODEL_NAME[model]} resumes at epoch ${atEpoch} from the weights and optimiser state saved after epoch ${fromEpoch}`
    : `${MODEL_NAME[model]} restarts from its initial weights`;
}

export function describeFailure(failure: TrainingFailure): FailureView {
  const error = (text: string, action: FailureAction | null = null): FailureView => ({
    level: 'error',
    text,
    action,
  });
  switch (failure.kind) {
    case 'no-webgpu':
      return {
        level: 'info',
        text: `Training on the CPU engine: ${failure.reason.replace(/\.$/, '')}.`,
        action: null,
      };
    case 'device-lost': {
      const { reason, account, resumed, continuesOn } = failure;
      const models = resumed.length > 0 ? ` ${resumed.map(resumedText).join('; ')}.` : '';
      return {
        level: 'warning',
        text: `The GPU device was lost (${reason}). ${account}${models}`,
        action:
          continuesOn === 'cpu'
            ? { kind: 'use-cpu-engine', restart: false, label: 'Train on the CPU engine next time' }
            : null,
      };
    }
    case 'out-of-memory':
      return error(`${MODEL_NAME[failure.model]} stopped: ${failure.detail}${OOM_HINT}`, {
        kind: 'use-cpu-engine',
        restart: true,
        label: 'Train both on the CPU engine',
      });
    case 'gpu-error':
      return error(`${MODEL_NAME[failure.model]} stopped: ${failure.detail}`, {
        kind: 'use-cpu-engine',
        restart: true,
        label: 'Train both on the CPU engine',
      });
    case 'nan-loss': {
      const { model, value, epoch, step, suggestedLr, clipNorm, keptEpoch } = failure;
      const lr = formatLearningRate(suggestedLr);
      const suggestion =
        `Try a lower learning rate (e.g. ${lr})` +
        (clipNorm > 0
          ? ` or a smaller clipping norm than ${clipNorm}.`
          : ' or enable gradient clipping (e.g. 1.0).');
      const kept =
        keptEpoch !== null
          ? ` Predictions use its weights from epoch ${keptEpoch}.`
          : ' It has no usable weights, so it has no predictions.';
      // the rate as written above, so the settings card shows what the message said
      const rounded = Number(lr);
      const allowed = settingProblem('lr', rounded) === null && rounded < failure.lr;
      return error(
        `${MODEL_NAME[model]} stopped: the loss became ${value} at epoch ${epoch}, step ${step}. ${suggestion}${kept}`,
        allowed
          ? {
              kind: 'set-learning-rate',
              model,
              lr: rounded,
              label: `Lower the ${MODEL_NAME[model]} learning rate to ${lr}`,
            }
          : null,
      );
    }
    case 'training-failed':
      return error(
        failure.model !== null
          ? `${MODEL_NAME[failure.model]} stopped: ${failure.message}`
          : `Training failed: ${failure.message}`,
      );
    case 'worker-crashed':
      return error(`The training worker crashed: ${failure.message}`);
    case 'weights-mismatch':
      return {
        level: 'warning',
        text: `The saved ${MODEL_NAME[failure.model]} weights (${failure.got} values) do not fit this model (${failure.needed} needed): it starts from fresh weights.`,
        action: null,
      };
    default:
      // a data error: src/data wrote its sentence for the user
      return error(failure.message);
  }
}

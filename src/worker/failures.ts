// Everything that can go wrong in a training run that the user caused or should hear about, as data.
// The worker builds these where they arise and posts them as they are; the page words them and offers
// an action (src/ui/training/failureText.ts). Data errors keep the sentence src/data wrote for them.

import type { DataError } from '../data/types';
import type { CellKind } from '../engine/types';

/** A model that was recreated after a device loss: from its weights after `fromEpoch`, or from scratch. */
export interface ResumedModel {
  model: CellKind;
  /** The epoch it trains next. */
  atEpoch: number;
  /** The epoch whose end-of-epoch weights it starts from; null = its initial weights. */
  fromEpoch: number | null;
}

export type TrainingFailure =
  /** The table could not be prepared (e.g. too few rows for a window); `message` is src/data's own. */
  | DataError
  /** The run trains on the CPU engine; `reason` says why, as a clause ("the CPU engine was chosen"). */
  | { kind: 'no-webgpu'; reason: string }
  /**
   * The GPU device was lost mid-run and the engine provider recovered. `reason` is the device's
   * ('destroyed', 'unknown') or the error's message; `account` is the provider's sentence about what it
   * did; `continuesOn` is the engine the models were recreated on (null when none was still training).
   */
  | {
      kind: 'device-lost';
      reason: string;
      account: string;
      continuesOn: 'webgpu' | 'cpu' | null;
      resumed: ResumedModel[];
    }
  /** One model ran out of GPU memory; `detail` is the engine's message. */
  | { kind: 'out-of-memory'; model: CellKind; detail: string }
  /** The GPU reported a validation or internal error for one model. */
  | { kind: 'gpu-error'; model: CellKind; detail: string }
  /**
   * One model's loss became NaN or infinite at 1-based `step` of `epoch`. `keptEpoch` is the epoch whose
   * weights its predictions use (null: none, so it has no predictions).
   */
  | {
      kind: 'nan-loss';
      model: CellKind;
      epoch: number;
      step: number;
      value: number;
      lr: number;
      /** A tenth of `lr`. */
      suggestedLr: number;
      /** The clipping norm in use; 0 = off. */
      clipNorm: number;
      keptEpoch: number | null;
    }
  /** Something unexpected: one model (`model`) or the whole run (null) stopped; `message` is the error's. */
  | { kind: 'training-failed'; model: CellKind | null; message: string }
  /** Resuming from saved weights that do not fit the model's current shape: it starts fresh instead. */
  | { kind: 'weights-mismatch'; model: CellKind; got: number; needed: number }
  /** The training worker itself crashed; `message` is the browser's. */
  | { kind: 'worker-crashed'; message: string };

export type FailureKind = TrainingFailure['kind'];

/** Failures that stop one model while the other trains on. */
export type ModelFailure = Extract<
  TrainingFailure,
  { kind: 'out-of-memory' | 'gpu-error' | 'nan-loss' | 'training-failed' }
>;

/** Failures that end the whole run (the 'failed' message); each carries a `message`. */
export type RunFailure = Extract<
  TrainingFailure,
  { kind: DataError['kind'] | 'training-failed' | 'worker-crashed' }
>;

// ───────────────────────────── classifying thrown errors (worker side) ─────────────────────────────

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err)
    return String((err as { message: unknown }).message);
  return String(err);
}

/** The `kind` the GPU engine puts on its errors (GpuEngineError), if any. */
function errorKind(err: unknown): string | null {
  if (err && typeof err === 'object' && 'kind' in err) return String((err as { kind: unknown }).kind);
  return null;
}

/** For a lost GPU device, its short reason ('destroyed', 'unknown') or else its message; null for other errors. */
export function lostDeviceReason(err: unknown): string | null {
  if (errorKind(err) !== 'device-lost') return null;
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : errorMessage(err);
}

/** What an error thrown by one model's step or evaluation means for that model (device loss excluded). */
export function modelFailure(model: CellKind, err: unknown): ModelFailure {
  const kind = errorKind(err);
  if (kind === 'out-of-memory' || kind === 'gpu-error') return { kind, model, detail: errorMessage(err) };
  return { kind: 'training-failed', model, message: errorMessage(err) };
}

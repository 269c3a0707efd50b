// GPU failures as typed values. The engine rejects its promises with a GpuEngineError, an Error that
// carries the failure's `kind` (and `reason` for a lost device) beside its human message.

export type GpuFailure =
  | { kind: 'device-lost'; reason: string; message: string }
  | { kind: 'gpu-error'; message: string }
  | { kind: 'out-of-memory'; message: string };

export class GpuEngineError extends Error {
  readonly kind: GpuFailure['kind'];
  readonly failure: GpuFailure;

  constructor(failure: GpuFailure) {
    super(failure.message);
    this.name = 'GpuEngineError';
    this.kind = failure.kind;
    this.failure = failure;
  }

  /** Present for a lost device: 'destroyed' or 'unknown' (the GPUDeviceLostReason). */
  get reason(): string | undefined {
    return this.failure.kind === 'device-lost' ? this.failure.reason : undefined;
  }
}

export function deviceLost(reason: string, detail: string): GpuEngineError {
  return new GpuEngineError({
    kind: 'device-lost',
    reason,
    message: `The GPU device was lost (${reason})${detail ? `: ${detail}` : ''}. Training stopped; the last weights read back can be restored on a new device or on the CPU engine.`,
  });
}

export function gpuError(detail: string): GpuEngineError {
  return new GpuEngineError({ kind: 'gpu-error', message: `The GPU reported an error: ${detail}` });
}

export function outOfMemory(what: string, detail: string): GpuEngineError {
  return new GpuEngineError({
    kind: 'out-of-memory',
    message: `The GPU ran out of memory while allocating ${what}${detail ? ` (${detail})` : ''}. Try a smaller batch, window or hidden size.`,
  });
}

/**
 * Runs `allocate` inside out-of-memory and validation error scopes and turns a captured error into a
 * typed GpuEngineError (allocation is where a too-large model fails).
 */
export async function allocating<T>(device: GPUDevice, what: string, allocate: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T | undefined;
  let thrown: unknown;
  try {
    result = allocate();
  } catch (err) {
    thrown = err;
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  if (memory) throw outOfMemory(what, memory.message);
  if (validation) throw gpuError(`${what}: ${validation.message}`);
  if (thrown) throw thrown;
  return result as T;
}

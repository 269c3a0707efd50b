import { describe, expect, it } from 'vitest';
import { allocating, GpuEngineError } from '../../src/engine/gpu/errors';

// allocating() turns what the GPU's error scopes caught into typed errors. A stand-in device whose
// scopes report a chosen error exercises the mapping (a real out-of-memory cannot be provoked safely
// on a shared machine); the GPU tests cover device loss and uncaptured errors on a real device.

function deviceReporting(errors: { 'out-of-memory'?: string; validation?: string }): GPUDevice {
  const stack: string[] = [];
  return {
    pushErrorScope: (filter: string) => stack.push(filter),
    popErrorScope: async () => {
      const filter = stack.pop() as 'out-of-memory' | 'validation';
      const message = errors[filter];
      return message ? { message } : null;
    },
  } as unknown as GPUDevice;
}

describe('allocating', () => {
  it('returns the value when no scope caught an error', async () => {
    expect(await allocating(deviceReporting({}), 'buffers', () => 42)).toBe(42);
  });

  it('reports an out-of-memory scope as kind out-of-memory with what was being allocated', async () => {
    const error = await allocating(
      deviceReporting({ 'out-of-memory': 'no room' }),
      'the model parameters',
      () => 1,
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GpuEngineError);
    expect(error).toMatchObject({ kind: 'out-of-memory' });
    expect((error as Error).message).toMatch(
      /ran out of memory while allocating the model parameters \(no room\)/,
    );
  });

  it('reports a validation scope as kind gpu-error', async () => {
    await expect(
      allocating(deviceReporting({ validation: 'size too large' }), 'x', () => 1),
    ).rejects.toMatchObject({
      kind: 'gpu-error',
      message: expect.stringMatching(/size too large/),
    });
  });
});

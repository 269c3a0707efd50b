// The optimiser step: one elementwise dispatch over the flat parameter buffer of every member for Adam,
// SGD (momentum) or RMSprop. Its state (moments) lives in flat buffers of the same length, so it can be
// read back and restored with the weights. Each member's learning rate and step come from the members
// uniform (see members.ts); the rest of the settings are shared and written once.
import adamSource from '../../../shaders/adam.wgsl?raw';
import rmspropSource from '../../../shaders/rmsprop.wgsl?raw';
import sgdSource from '../../../shaders/sgd.wgsl?raw';
import { OPTIMIZER_STATE, type OptimizerConfig, type OptimizerKind } from '../types';
import { grid1d, storageBuffer, uniformBuffer } from './buffers';
import { bindBuffers, computePipeline, type Dispatch, recordDispatch } from './pipelines';
import type { KernelSizes } from './sizes';

const SOURCES: Record<OptimizerKind, { name: string; code: string; entry: string }> = {
  adam: { name: 'adam.wgsl', code: adamSource, entry: 'adam_update' },
  sgd: { name: 'sgd.wgsl', code: sgdSource, entry: 'sgd_update' },
  rmsprop: { name: 'rmsprop.wgsl', code: rmspropSource, entry: 'rmsprop_update' },
};

export class OptimizerKernel {
  /** State buffers in OPTIMIZER_STATE order, (members · N) each (member-major), zero-initialised. */
  readonly state: GPUBuffer[];
  private readonly hyper: GPUBuffer;
  private readonly dispatch: Dispatch;

  constructor(
    device: GPUDevice,
    sizes: KernelSizes,
    readonly opt: OptimizerConfig,
    /** Parameters per member. */
    readonly n: number,
    buffers: { params: GPUBuffer; grads: GPUBuffer; gradScale: GPUBuffer; members: GPUBuffer },
    readonly members = 1,
  ) {
    const source = SOURCES[opt.kind];
    this.state = OPTIMIZER_STATE[opt.kind].map((name) =>
      storageBuffer(device, `optimizer ${name}`, n * members),
    );
    this.hyper = uniformBuffer(device, `${opt.kind} hyper`, 32);
    device.queue.writeBuffer(this.hyper, 0, hyperParameters(opt, n));
    const pipeline = computePipeline(device, source, source.entry, { WG: sizes.elementwise });
    this.dispatch = {
      pipeline,
      bindGroup: bindBuffers(device, pipeline, [
        buffers.params,
        buffers.grads,
        ...this.state,
        buffers.gradScale,
        this.hyper,
        buffers.members,
      ]),
      grid: [...grid1d(Math.ceil(n / sizes.elementwise), sizes.maxWorkgroupsPerDimension), members],
    };
  }

  /** Records the update of every member the members uniform marks active, at its own step. */
  record(pass: GPUComputePassEncoder): void {
    recordDispatch(pass, this.dispatch);
  }

  destroy(): void {
    this.hyper.destroy();
    for (const buffer of this.state) buffer.destroy();
  }
}

/** The shared uniform block of each optimiser shader, byte for byte (see the `Hyper` structs). */
export function hyperParameters(opt: OptimizerConfig, n: number): ArrayBuffer {
  const bytes = new ArrayBuffer(32);
  const f = new Float32Array(bytes);
  const u = new Uint32Array(bytes);
  switch (opt.kind) {
    case 'adam':
      f.set([opt.beta1, opt.beta2, opt.eps, opt.weightDecay]);
      u[4] = n;
      break;
    case 'sgd':
      f.set([opt.momentum, opt.weightDecay]);
      u[2] = n;
      break;
    case 'rmsprop':
      f.set([opt.alpha, opt.eps, opt.weightDecay]);
      u[3] = n;
      break;
  }
  return bytes;
}

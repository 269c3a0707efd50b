// The optimiser step: one elementwise dispatch over the flat parameter buffer for Adam, SGD (momentum)
// or RMSprop. Its state (moments) lives in flat buffers of the same length, so it can be read back
// and restored with the weights.
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
  /** State buffers in OPTIMIZER_STATE order, (N) each, zero-initialised. */
  readonly state: GPUBuffer[];
  private readonly hyper: GPUBuffer;
  private readonly dispatch: Dispatch;

  constructor(
    private readonly device: GPUDevice,
    sizes: KernelSizes,
    readonly opt: OptimizerConfig,
    readonly n: number,
    buffers: { params: GPUBuffer; grads: GPUBuffer; gradScale: GPUBuffer },
  ) {
    const source = SOURCES[opt.kind];
    this.state = OPTIMIZER_STATE[opt.kind].map((name) => storageBuffer(device, `optimizer ${name}`, n));
    this.hyper = uniformBuffer(device, `${opt.kind} hyper`, 32);
    const pipeline = computePipeline(device, source, source.entry, { WG: sizes.elementwise });
    this.dispatch = {
      pipeline,
      bindGroup: bindBuffers(device, pipeline, [
        buffers.params,
        buffers.grads,
        ...this.state,
        buffers.gradScale,
        this.hyper,
      ]),
      grid: grid1d(Math.ceil(n / sizes.elementwise), sizes.maxWorkgroupsPerDimension),
    };
  }

  /** Queues this step's hyper-parameters (ordered before the next submit) and records the dispatch. */
  record(pass: GPUComputePassEncoder, step: number): void {
    this.device.queue.writeBuffer(this.hyper, 0, hyperParameters(this.opt, step, this.n));
    recordDispatch(pass, this.dispatch);
  }

  destroy(): void {
    this.hyper.destroy();
    for (const buffer of this.state) buffer.destroy();
  }
}

/** The uniform block of each optimiser shader, byte for byte (see the `Hyper` structs). */
export function hyperParameters(opt: OptimizerConfig, step: number, n: number): ArrayBuffer {
  const bytes = new ArrayBuffer(32);
  const f = new Float32Array(bytes);
  const u = new Uint32Array(bytes);
  switch (opt.kind) {
    case 'adam':
      f.set([
        opt.lr,
        opt.beta1,
        opt.beta2,
        opt.eps,
        opt.weightDecay,
        1 - opt.beta1 ** step,
        Math.sqrt(1 - opt.beta2 ** step),
      ]);
      u[7] = n;
      break;
    case 'sgd':
      f.set([opt.lr, opt.momentum, opt.weightDecay]);
      u[3] = step === 1 ? 1 : 0;
      u[4] = n;
      break;
    case 'rmsprop':
      f.set([opt.lr, opt.alpha, opt.eps, opt.weightDecay]);
      u[4] = n;
      break;
  }
  return bytes;
}

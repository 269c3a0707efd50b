import adamSource from '../../../shaders/adam.wgsl?raw';
import type { OptimizerConfig } from '../types';
import { grid1d, uniformBuffer } from './buffers';

/** Invocations per workgroup of adam_update; injected into the shader as the override `WG`. */
export const ADAM_WORKGROUP = 64;

/** Wraps shaders/adam.wgsl: records one Adam step over a flat parameter buffer into a compute pass. */
export class AdamKernel {
  private readonly pipeline: GPUComputePipeline;
  private readonly hyper: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly grid: [number, number];

  constructor(
    private readonly device: GPUDevice,
    readonly n: number,
    buffers: { params: GPUBuffer; grads: GPUBuffer; m: GPUBuffer; v: GPUBuffer; gradScale: GPUBuffer },
  ) {
    const module = device.createShaderModule({ label: 'adam.wgsl', code: adamSource });
    this.pipeline = device.createComputePipeline({
      label: 'adam_update',
      layout: 'auto',
      compute: { module, entryPoint: 'adam_update', constants: { WG: ADAM_WORKGROUP } },
    });
    this.hyper = uniformBuffer(device, 'adam hyper', 32);
    this.bindGroup = device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: buffers.params } },
        { binding: 1, resource: { buffer: buffers.grads } },
        { binding: 2, resource: { buffer: buffers.m } },
        { binding: 3, resource: { buffer: buffers.v } },
        { binding: 4, resource: { buffer: buffers.gradScale } },
        { binding: 5, resource: { buffer: this.hyper } },
      ],
    });
    this.grid = grid1d(Math.ceil(n / ADAM_WORKGROUP), device.limits.maxComputeWorkgroupsPerDimension);
  }

  /** Writes this step's hyper-parameters (queue write, no submit) and records the dispatch. */
  record(pass: GPUComputePassEncoder, step: number, opt: OptimizerConfig): void {
    const hyper = new ArrayBuffer(32);
    new Float32Array(hyper, 0, 7).set([
      opt.lr,
      opt.beta1,
      opt.beta2,
      opt.eps,
      opt.weightDecay,
      1 - opt.beta1 ** step,
      Math.sqrt(1 - opt.beta2 ** step),
    ]);
    new Uint32Array(hyper, 28, 1)[0] = this.n;
    this.device.queue.writeBuffer(this.hyper, 0, hyper);
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(this.grid[0], this.grid[1]);
  }

  destroy(): void {
    this.hyper.destroy();
  }
}

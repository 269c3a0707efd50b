// GpuModel: the WebGPU engine behind the ForecastModel interface. One flat parameter buffer and one
// flat gradient buffer (paramLayout order), a workspace of activations per batch shape, and a
// scheduler that records a whole training step into one submit. See README "Engine".
import { paramCount } from '../layout';
import { initParams } from '../reference/model';
import {
  type Batch,
  type EngineInfo,
  type ForecastModel,
  type ModelConfig,
  OPTIMIZER_STATE,
  type OptimizerConfig,
  type OptimizerSnapshot,
  type StepResult,
} from '../types';
import { MAP_READ_MODE, readFloats, storageBuffer, USAGE, uniformBuffer } from './buffers';
import type { GpuContext } from './device';
import { allocating, deviceLost, type GpuEngineError, gpuError } from './errors';
import { gradNorm, STATS } from './head';
import { OptimizerKernel } from './optimizer';
import { type Dispatch, destroyDispatch, recordDispatch } from './pipelines';
import { planRecurrence, type RecurrencePath } from './recurrence';
import { type PreparedStep, type SchedulableModel, Scheduler } from './scheduler';
import { type KernelSizes, kernelSizes } from './sizes';
import { type ModelBuffers, Workspace } from './workspace';

export interface GpuModelOptions {
  /** Share a scheduler to train several models interleaved (one submit per joint step). */
  scheduler?: Scheduler;
  /** Largest batch evaluate/predict run at once; longer inputs are split into chunks of this size. */
  maxBatch?: number;
  /** Loss readback slots: how many steps may be in flight before trainStep waits (default 3). */
  readbackSlots?: number;
  /** Force the recurrence path (tests exercise the per-step fallback on small shapes). */
  forceRecurrencePath?: RecurrencePath;
}

interface ReadbackSlot {
  buffer: GPUBuffer; // (4) MAP_READ copy of the stats buffer
  busy: Promise<unknown> | null;
}

const MAX_WORKSPACES = 4;

export class GpuModel implements ForecastModel, SchedulableModel {
  readonly scheduler: Scheduler;
  readonly n: number;
  private readonly device: GPUDevice;
  private readonly sizes: KernelSizes;
  private readonly buffers: ModelBuffers;
  private readonly optimizerKernel: OptimizerKernel;
  private readonly norm: Dispatch;
  private readonly ring: ReadbackSlot[];
  private readonly workspaces = new Map<string, Workspace>();
  private readonly maxBatch: number;
  private nextSlot = 0;
  /** Optimiser steps recorded; the next step is step + 1. */
  private step = 0;
  private failure: GpuEngineError | null = null;
  private disposed = false;
  /** 'fused' or the per-step reason; planned at creation (it depends on H and the limits, not on B or T). */
  private lastPath: string;
  private lastDispatches = 0;
  private readonly onError: (event: Event) => void;

  private constructor(
    private readonly gpu: GpuContext,
    readonly config: ModelConfig,
    readonly optimizer: OptimizerConfig,
    weights: Float32Array,
    private readonly options: GpuModelOptions,
  ) {
    this.device = gpu.device;
    this.sizes = kernelSizes(this.device.limits);
    this.n = paramCount(config);
    this.scheduler = options.scheduler ?? new Scheduler(this.device);
    this.maxBatch = options.maxBatch ?? 256;
    const device = this.device;
    this.buffers = {
      params: storageBuffer(device, 'params', weights),
      grads: storageBuffer(device, 'grads', this.n),
      stats: storageBuffer(device, 'stats', STATS.floats),
      step: uniformBuffer(device, 'step', 8),
    };
    this.optimizerKernel = new OptimizerKernel(device, this.sizes, optimizer, this.n, {
      params: this.buffers.params,
      grads: this.buffers.grads,
      gradScale: this.buffers.stats,
    });
    this.norm = gradNorm(device, this.sizes, this.n, optimizer.clipNorm, {
      grads: this.buffers.grads,
      stats: this.buffers.stats,
    });
    this.ring = Array.from({ length: Math.max(1, options.readbackSlots ?? 3) }, (_, i) => ({
      buffer: device.createBuffer({
        label: `loss readback ${i}`,
        size: STATS.floats * 4,
        usage: USAGE.MAP_READ | USAGE.COPY_DST,
      }),
      busy: null,
    }));
    const plan = planRecurrence(
      device.limits,
      config.cell,
      { T: 1, B: 1, H: config.hiddenSize },
      options.forceRecurrencePath ? { forcePath: options.forceRecurrencePath } : {},
    );
    this.lastPath = plan.path === 'fused' ? 'fused' : plan.reason;
    device.lost.then((info) => this.fail(deviceLost(info.reason, info.message)));
    this.onError = (event) => this.fail(gpuError((event as GPUUncapturedErrorEvent).error.message));
    device.addEventListener('uncapturederror', this.onError);
  }

  static async create(
    gpu: GpuContext,
    config: ModelConfig,
    optimizer: OptimizerConfig,
    initialWeights: Float32Array | undefined,
    options: GpuModelOptions,
  ): Promise<GpuModel> {
    const weights = initialWeights ?? initParams(config);
    const expected = paramCount(config);
    if (weights.length !== expected) {
      throw new Error(`expected ${expected} weights for this model, got ${weights.length}`);
    }
    return allocating(
      gpu.device,
      'the model parameters',
      () => new GpuModel(gpu, config, optimizer, weights, options),
    );
  }

  get info(): EngineInfo {
    return {
      kind: 'webgpu',
      description: this.gpu.summary.description,
      path: this.lastPath,
      dispatchesPerStep: this.lastDispatches,
      submitsPerStep: this.lastDispatches > 0 ? 1 : 0,
    };
  }

  /** Optimiser steps taken so far. */
  get steps(): number {
    return this.step;
  }

  assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new Error('this model has been disposed');
  }

  trainStep(batch: Batch): Promise<StepResult> {
    return this.scheduler.step([{ model: this, batch }])[0];
  }

  async prepareTrainStep(batch: Batch): Promise<PreparedStep> {
    const ws = await this.workspace(batch.timeSteps, batch.batchSize);
    const slot = this.ring[this.nextSlot];
    this.nextSlot = (this.nextSlot + 1) % this.ring.length;
    if (slot.busy) await slot.busy;
    this.assertUsable();
    this.upload(ws, batch.x, batch.y);
    const step = ++this.step;
    this.device.queue.writeBuffer(this.buffers.step, 0, new Uint32Array([step, 1]));
    this.lastPath = ws.path;
    return {
      record: (pass) => {
        for (const stage of ws.forward) stage.record(pass);
        for (const stage of ws.backward) stage.record(pass);
        recordDispatch(pass, this.norm);
        this.optimizerKernel.record(pass, step);
      },
      recordReadback: (encoder) => {
        encoder.copyBufferToBuffer(this.buffers.stats, 0, slot.buffer, 0, STATS.floats * 4);
      },
      result: (dispatches) => {
        this.lastDispatches = dispatches;
        const done = this.mapStats(slot).then((stats) => ({
          loss: stats[STATS.loss],
          gradNorm: stats[STATS.gradNorm],
        }));
        slot.busy = done.catch(() => undefined);
        return done;
      },
    };
  }

  async evaluate(batch: Batch): Promise<number> {
    const { batchSize: B, timeSteps: T } = batch;
    const F = this.config.inputSize;
    const O = this.config.outputSize;
    let sum = 0;
    for (let start = 0; start < B; start += this.maxBatch) {
      const b = Math.min(this.maxBatch, B - start);
      const x = batch.x.subarray(start * T * F, (start + b) * T * F);
      const y = batch.y.subarray(start * O, (start + b) * O);
      const { loss } = await this.forwardOnly(x, y, b, T);
      sum += loss * b;
    }
    return sum / B;
  }

  async predict(x: Float32Array, batchSize: number, timeSteps: number): Promise<Float32Array> {
    const F = this.config.inputSize;
    const O = this.config.outputSize;
    const out = new Float32Array(batchSize * O); // (B, O)
    for (let start = 0; start < batchSize; start += this.maxBatch) {
      const b = Math.min(this.maxBatch, batchSize - start);
      const chunk = x.subarray(start * timeSteps * F, (start + b) * timeSteps * F);
      const { pred } = await this.forwardOnly(chunk, null, b, timeSteps);
      out.set(pred, start * O);
    }
    return out;
  }

  /** Forward pass and head with dropout off, in its own submit; reads back the loss and predictions. */
  private forwardOnly(x: Float32Array, y: Float32Array | null, B: number, T: number) {
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      const ws = await this.workspace(T, B);
      this.upload(ws, x, y ?? new Float32Array(B * this.config.outputSize));
      this.device.queue.writeBuffer(this.buffers.step, 0, new Uint32Array([this.step, 0]));
      const encoder = this.device.createCommandEncoder({ label: 'forward' });
      const pass = encoder.beginComputePass();
      for (const stage of ws.forward) stage.record(pass);
      pass.end();
      this.device.queue.submit([encoder.finish()]);
      const pred = await this.guard(readFloats(this.device, ws.pred, B * this.config.outputSize));
      const stats = await this.guard(readFloats(this.device, this.buffers.stats, STATS.floats));
      return { pred, loss: stats[STATS.loss] };
    });
  }

  getWeights(): Promise<Float32Array> {
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      return this.guard(readFloats(this.device, this.buffers.params, this.n));
    });
  }

  setWeights(weights: Float32Array): Promise<void> {
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      this.writeWeights(weights);
    });
  }

  getOptimizerState(): Promise<OptimizerSnapshot> {
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      const buffers: Float32Array[] = [];
      for (const buffer of this.optimizerKernel.state) {
        buffers.push(await this.guard(readFloats(this.device, buffer, this.n)));
      }
      return { step: this.step, buffers };
    });
  }

  restore(weights: Float32Array, optimizerState: OptimizerSnapshot): Promise<void> {
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      const names = OPTIMIZER_STATE[this.optimizer.kind];
      if (optimizerState.buffers.length !== names.length) {
        throw new Error(
          `${this.optimizer.kind} keeps ${names.length} state buffers, got ${optimizerState.buffers.length}`,
        );
      }
      this.writeWeights(weights);
      this.optimizerKernel.state.forEach((buffer, i) => {
        const data = optimizerState.buffers[i];
        if (data.length !== this.n)
          throw new Error(`optimiser state ${names[i]} has ${data.length} values, expected ${this.n}`);
        this.device.queue.writeBuffer(buffer, 0, data as Float32Array<ArrayBuffer>);
      });
      this.step = optimizerState.step;
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.device.removeEventListener('uncapturederror', this.onError);
    for (const ws of this.workspaces.values()) ws.destroy();
    this.workspaces.clear();
    this.optimizerKernel.destroy();
    destroyDispatch(this.norm);
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
    for (const slot of this.ring) slot.buffer.destroy();
  }

  /** The failure that stopped this model, if any. */
  get error(): GpuEngineError | null {
    return this.failure;
  }

  /** Dispatches and buffers for a batch shape; built once per shape (a few are kept). */
  async workspace(T: number, B: number): Promise<Workspace> {
    const key = `${T}x${B}`;
    const cached = this.workspaces.get(key);
    if (cached) {
      this.workspaces.delete(key);
      this.workspaces.set(key, cached); // most recently used last
      return cached;
    }
    const ws = await allocating(
      this.device,
      `buffers for a batch of ${B} windows of ${T} steps`,
      () =>
        new Workspace(
          this.device,
          this.sizes,
          this.config,
          T,
          B,
          this.buffers,
          this.options.forceRecurrencePath,
        ),
    );
    this.workspaces.set(key, ws);
    if (this.workspaces.size > MAX_WORKSPACES) {
      const [oldest, old] = this.workspaces.entries().next().value as [string, Workspace];
      this.workspaces.delete(oldest);
      old.destroy();
    }
    return ws;
  }

  checkBatch(batch: Batch): void {
    const { batchSize: B, timeSteps: T } = batch;
    const { inputSize: F, outputSize: O } = this.config;
    if (!(Number.isInteger(B) && B > 0 && Number.isInteger(T) && T > 0)) {
      throw new Error(`a batch needs a positive whole batch size and window, got ${B} × ${T}`);
    }
    if (batch.x.length !== B * T * F) {
      throw new Error(`x has ${batch.x.length} values; a batch of ${B}×${T}×${F} needs ${B * T * F}`);
    }
    if (batch.y.length !== B * O) throw new Error(`y has ${batch.y.length} values; expected ${B * O}`);
  }

  private upload(ws: Workspace, x: Float32Array, y: Float32Array): void {
    this.checkBatch({ x, y, batchSize: ws.B, timeSteps: ws.T });
    this.device.queue.writeBuffer(ws.x, 0, x as Float32Array<ArrayBuffer>);
    this.device.queue.writeBuffer(ws.y, 0, y as Float32Array<ArrayBuffer>);
  }

  private writeWeights(weights: Float32Array): void {
    if (weights.length !== this.n)
      throw new Error(`expected ${this.n} weights for this model, got ${weights.length}`);
    this.device.queue.writeBuffer(this.buffers.params, 0, weights as Float32Array<ArrayBuffer>);
  }

  private async mapStats(slot: ReadbackSlot): Promise<Float32Array> {
    await this.guard(slot.buffer.mapAsync(MAP_READ_MODE));
    const stats = new Float32Array(slot.buffer.getMappedRange().slice(0));
    slot.buffer.unmap();
    if (this.failure) throw this.failure;
    return stats;
  }

  /** Turns a GPU promise rejected by a lost device into the model's typed failure. */
  private async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (err) {
      throw this.failure ?? deviceLost('unknown', String(err));
    }
  }

  private fail(error: GpuEngineError): void {
    this.failure ??= error;
  }
}

/**
 * A model trained on the GPU of `gpu`. Rejects with a GpuEngineError of kind 'out-of-memory' or
 * 'gpu-error' when its buffers cannot be created.
 */
export function createGpuModel(
  gpu: GpuContext,
  config: ModelConfig,
  optimizer: OptimizerConfig,
  initialWeights?: Float32Array,
  options: GpuModelOptions = {},
): Promise<GpuModel> {
  return GpuModel.create(gpu, config, optimizer, initialWeights, options);
}

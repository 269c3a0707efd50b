// GpuModel: the WebGPU engine behind the ForecastModel interface. A GpuModel is one member of a batched
// model (BatchedModel below): models of one shape whose parameters, gradients, optimiser state and
// activations live in shared buffers, member after member, so that every kernel runs all of them in one
// dispatch (the grid's z is the member, see shaders/members.wgsl). A lone model is the batched model of one
// member.
// The scheduler records a whole training step into one submit. See README "Engine". The batched model's parts
// with one job each are beside it: the loss readback ring (readbackRing.ts), the joining of forward passes
// (forwardJoin.ts) and the workspace per batch shape (workspaceCache.ts).
import { batchKey } from '../batching';
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
import { readFloats, storageBuffer } from './buffers';
import type { GpuContext } from './device';
import { allocating, deviceLost, type GpuEngineError, gpuError } from './errors';
import { type Forward, ForwardJoin, type ForwardPass } from './forwardJoin';
import { gradNorm, STATS } from './head';
import { MAX_MEMBERS, type MemberSettings, membersUniform, writeMembers } from './members';
import { OptimizerKernel } from './optimizer';
import { type Dispatch, destroyDispatch, recordDispatch } from './pipelines';
import { ReadbackRing, type ReadbackSlot } from './readbackRing';
import { planRecurrence, type RecurrencePath } from './recurrence';
import { type PreparedStep, type SchedulableModel, Scheduler } from './scheduler';
import { type KernelSizes, kernelSizes } from './sizes';
import { type ModelBuffers, Workspace } from './workspace';
import { WorkspaceCache } from './workspaceCache';

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

/** One joint training step of some members: opened by the first member prepared, closed at its submit. */
interface Round {
  ws: Workspace;
  slot: ReadbackSlot;
  active: boolean[];
  recorded: boolean;
  readback: boolean;
  stats: Promise<Float32Array> | null;
}

/** The members' shared engine: buffers, the joint step, forward passes, parameter I/O and failure guarding. */
class BatchedModel {
  readonly scheduler: Scheduler;
  /** Members of the batched model. */
  readonly members: number;
  /** Parameters per member. */
  readonly n: number;
  readonly buffers: ModelBuffers;
  readonly maxBatch: number;
  /** Optimiser steps each member has taken. */
  readonly steps: number[];
  failure: GpuEngineError | null = null;
  /** The recurrence path: planned at creation (it depends on H and the limits, not on B or T), then each step's. */
  path: RecurrencePath;
  /** Why that path: the plan's explanation (the UI shows it for the per-step fallback). */
  reason: string;
  dispatches = 0;
  private readonly device: GPUDevice;
  private readonly sizes: KernelSizes;
  readonly optimizerKernel: OptimizerKernel;
  private readonly norm: Dispatch;
  /** (members, 4) copies of the stats buffer, one per step in flight. */
  private readonly ring: ReadbackRing;
  private readonly workspaces: WorkspaceCache<Workspace>;
  private readonly forwards: ForwardJoin;
  private readonly released = new Set<number>();
  private round: Round | null = null;
  private destroyed = false;
  private readonly onError: (event: Event) => void;

  constructor(
    readonly gpu: GpuContext,
    /** Member 0's config: the shape every member shares. */
    readonly config: ModelConfig,
    readonly optimizer: OptimizerConfig,
    readonly settings: MemberSettings[],
    weights: Float32Array[],
    private readonly options: GpuModelOptions,
  ) {
    const device = gpu.device;
    this.device = device;
    this.members = settings.length;
    this.sizes = kernelSizes(device.limits);
    this.n = paramCount(config);
    this.steps = settings.map(() => 0);
    this.scheduler = options.scheduler ?? new Scheduler(device);
    this.maxBatch = options.maxBatch ?? 256;
    const all = new Float32Array(this.members * this.n);
    weights.forEach((w, m) => {
      all.set(w, m * this.n);
    });
    this.buffers = {
      params: storageBuffer(device, 'params', all),
      grads: storageBuffer(device, 'grads', this.members * this.n),
      stats: storageBuffer(device, 'stats', this.members * STATS.floats),
      members: membersUniform(device),
    };
    this.optimizerKernel = new OptimizerKernel(
      device,
      this.sizes,
      optimizer,
      this.n,
      {
        params: this.buffers.params,
        grads: this.buffers.grads,
        gradScale: this.buffers.stats,
        members: this.buffers.members,
      },
      this.members,
    );
    this.norm = gradNorm(
      device,
      this.sizes,
      this.n,
      optimizer.clipNorm,
      { grads: this.buffers.grads, stats: this.buffers.stats, members: this.buffers.members },
      this.members,
    );
    this.ring = new ReadbackRing(
      device,
      this.buffers.stats,
      this.members * STATS.floats * 4,
      options.readbackSlots ?? 3,
      (promise) => this.guard(promise),
    );
    this.workspaces = new WorkspaceCache((T, B) => this.buildWorkspace(T, B));
    this.forwards = new ForwardJoin(this.scheduler, (pass) => this.runForward(pass));
    const plan = planRecurrence(
      device.limits,
      config.cell,
      { T: 1, B: 1, H: config.hiddenSize },
      options.forceRecurrencePath ? { forcePath: options.forceRecurrencePath } : {},
    );
    this.path = plan.path;
    this.reason = plan.reason;
    device.lost.then((info) => this.fail(deviceLost(info.reason, info.message)));
    this.onError = (event) => this.fail(gpuError((event as GPUUncapturedErrorEvent).error.message));
    device.addEventListener('uncapturederror', this.onError);
  }

  assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.destroyed) throw new Error('this model has been disposed');
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

  /**
   * Member m's part of the joint step now open (opening it if none is): uploads its batch and counts its
   * step. Members prepared before the scheduler records share one set of dispatches and one submit.
   */
  async prepareMember(m: number, batch: Batch): Promise<PreparedStep> {
    let round = this.round;
    if (round && (round.ws.T !== batch.timeSteps || round.ws.B !== batch.batchSize)) {
      throw new Error(
        `members stepping together need batches of one shape: ${round.ws.B} × ${round.ws.T}, got ${batch.batchSize} × ${batch.timeSteps}`,
      );
    }
    if (!round) {
      const ws = await this.workspace(batch.timeSteps, batch.batchSize);
      const slot = await this.ring.next();
      round = {
        ws,
        slot,
        active: this.settings.map(() => false),
        recorded: false,
        readback: false,
        stats: null,
      };
      this.round = round;
    }
    this.assertUsable();
    this.upload(round.ws, m, batch.x, batch.y);
    round.active[m] = true;
    this.steps[m]++;
    const open = round;
    return {
      record: (pass) => {
        if (open.recorded) return;
        open.recorded = true;
        writeMembers(this.device, this.buffers.members, this.settings, this.optimizer, {
          active: open.active,
          steps: this.steps,
          dropoutOn: true,
        });
        for (const stage of open.ws.forward) stage.record(pass);
        for (const stage of open.ws.backward) stage.record(pass);
        recordDispatch(pass, this.norm);
        this.optimizerKernel.record(pass);
      },
      recordReadback: (encoder) => {
        if (open.readback) return;
        open.readback = true;
        this.ring.recordCopy(encoder, open.slot);
      },
      result: (dispatches) => {
        if (this.round === open) this.round = null;
        if (dispatches > 0) this.dispatches = dispatches;
        this.path = open.ws.path;
        this.reason = open.ws.reason;
        open.stats ??= this.ring.read(open.slot, () => {
          if (this.failure) throw this.failure;
        });
        return open.stats.then((stats) => ({
          loss: stats[m * STATS.floats + STATS.loss],
          gradNorm: stats[m * STATS.floats + STATS.gradNorm],
        }));
      },
    };
  }

  /**
   * Forward pass and head of member m, dropout off; resolves with its loss and predictions. Requests of other
   * members for batches of the same shape made before the pass is recorded (a sweep evaluates every member in
   * one tick) join it: one submit and one readback for all of them.
   */
  forwardOnly(m: number, x: Float32Array, y: Float32Array | null, B: number, T: number): Promise<Forward> {
    const targets = y ?? new Float32Array(B * this.config.outputSize);
    try {
      this.checkBatch({ x, y: targets, batchSize: B, timeSteps: T });
    } catch (err) {
      return Promise.reject(err);
    }
    return this.forwards.join({ m, x, y: targets }, B, T);
  }

  /** Closes the open forward pass, so work queued after this call runs after it (ForwardJoin.close). */
  closeForward(): void {
    this.forwards.close();
  }

  private async runForward(group: ForwardPass): Promise<Forward[]> {
    this.assertUsable();
    const { B, T } = group;
    const O = this.config.outputSize;
    const ws = await this.workspace(T, B);
    const active = this.settings.map(() => false);
    for (const { m, x, y } of group.requests) {
      this.upload(ws, m, x, y);
      active[m] = true;
    }
    writeMembers(this.device, this.buffers.members, this.settings, this.optimizer, {
      active,
      steps: this.steps,
      dropoutOn: false,
    });
    const encoder = this.device.createCommandEncoder({ label: 'forward' });
    const pass = encoder.beginComputePass();
    for (const stage of ws.forward) stage.record(pass);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    // one readback each for every member's predictions and stats (slices of members not asked for are unused)
    const pred = await this.guard(readFloats(this.device, ws.pred, this.members * B * O));
    const stats = await this.guard(readFloats(this.device, this.buffers.stats, this.members * STATS.floats));
    return group.requests.map(({ m }) => ({
      pred: pred.slice(m * B * O, (m + 1) * B * O),
      loss: stats[m * STATS.floats + STATS.loss],
    }));
  }

  /** Queues the members uniform so the next submit runs member m alone, at `step`. */
  runAlone(m: number, step: number, dropoutOn: boolean): void {
    const active = this.settings.map((_, i) => i === m);
    const steps = this.steps.map((s, i) => (i === m ? step : s));
    writeMembers(this.device, this.buffers.members, this.settings, this.optimizer, {
      active,
      steps,
      dropoutOn,
    });
  }

  readParams(m: number): Promise<Float32Array> {
    return this.guard(readFloats(this.device, this.buffers.params, this.n, m * this.n));
  }

  writeParams(m: number, weights: Float32Array): void {
    if (weights.length !== this.n)
      throw new Error(`expected ${this.n} weights for this model, got ${weights.length}`);
    this.device.queue.writeBuffer(this.buffers.params, m * this.n * 4, weights as Float32Array<ArrayBuffer>);
  }

  async readState(m: number): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const buffer of this.optimizerKernel.state) {
      out.push(await this.guard(readFloats(this.device, buffer, this.n, m * this.n)));
    }
    return out;
  }

  writeState(m: number, buffers: Float32Array[]): void {
    this.optimizerKernel.state.forEach((buffer, i) => {
      this.device.queue.writeBuffer(buffer, m * this.n * 4, buffers[i] as Float32Array<ArrayBuffer>);
    });
  }

  /** Dispatches and buffers for a batch shape; built once per shape (a few are kept). */
  workspace(T: number, B: number): Promise<Workspace> {
    return this.workspaces.get(T, B);
  }

  private buildWorkspace(T: number, B: number): Promise<Workspace> {
    const each = this.members === 1 ? '' : ` for each of ${this.members} models`;
    return allocating(
      this.device,
      `buffers for a batch of ${B} windows of ${T} steps${each}`,
      () =>
        new Workspace(
          this.device,
          this.sizes,
          this.config,
          T,
          B,
          this.buffers,
          this.members,
          this.options.forceRecurrencePath,
        ),
    );
  }

  /** Member m is done with the model; the buffers go when every member is. */
  release(m: number): void {
    this.released.add(m);
    if (this.released.size < this.members || this.destroyed) return;
    this.destroyed = true;
    this.device.removeEventListener('uncapturederror', this.onError);
    this.workspaces.destroy();
    this.optimizerKernel.destroy();
    destroyDispatch(this.norm);
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
    this.ring.destroy();
  }

  private upload(ws: Workspace, m: number, x: Float32Array, y: Float32Array): void {
    this.checkBatch({ x, y, batchSize: ws.B, timeSteps: ws.T });
    this.device.queue.writeBuffer(ws.x, m * x.byteLength, x as Float32Array<ArrayBuffer>);
    this.device.queue.writeBuffer(ws.y, m * y.byteLength, y as Float32Array<ArrayBuffer>);
  }

  /** Turns a GPU promise rejected by a lost device into the model's typed failure. */
  async guard<T>(promise: Promise<T>): Promise<T> {
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

/** One model on the GPU: member `index` of a batched model (the only member when trained alone). */
export class GpuModel implements ForecastModel, SchedulableModel {
  private disposed = false;

  constructor(
    private readonly batched: BatchedModel,
    readonly index: number,
    readonly config: ModelConfig,
    readonly optimizer: OptimizerConfig,
  ) {}

  get scheduler(): Scheduler {
    return this.batched.scheduler;
  }

  /** Parameters of this model. */
  get n(): number {
    return this.batched.n;
  }

  /** Models in the batched model this one belongs to (1 when trained alone). */
  get members(): number {
    return this.batched.members;
  }

  get info(): EngineInfo {
    const { batched } = this;
    return {
      kind: 'webgpu',
      description: batched.gpu.summary.description,
      // EngineInfo.path is display text: the per-step fallback shows why it was taken.
      path: batched.path === 'fused' ? 'fused' : batched.reason,
      dispatchesPerStep: batched.dispatches,
      submitsPerStep: batched.dispatches > 0 ? 1 : 0,
    };
  }

  /** Optimiser steps taken so far. */
  get steps(): number {
    return this.batched.steps[this.index];
  }

  /** The failure that stopped this model, if any. */
  get error(): GpuEngineError | null {
    return this.batched.failure;
  }

  assertUsable(): void {
    this.batched.assertUsable();
    if (this.disposed) throw new Error('this model has been disposed');
  }

  checkBatch(batch: Batch): void {
    this.batched.checkBatch(batch);
  }

  trainStep(batch: Batch): Promise<StepResult> {
    this.batched.closeForward();
    return this.scheduler.step([{ model: this, batch }])[0];
  }

  prepareTrainStep(batch: Batch): Promise<PreparedStep> {
    return this.batched.prepareMember(this.index, batch);
  }

  async evaluate(batch: Batch): Promise<number> {
    const { batchSize: B, timeSteps: T } = batch;
    const F = this.config.inputSize;
    const O = this.config.outputSize;
    const max = this.batched.maxBatch;
    let sum = 0;
    for (let start = 0; start < B; start += max) {
      const b = Math.min(max, B - start);
      const x = batch.x.subarray(start * T * F, (start + b) * T * F);
      const y = batch.y.subarray(start * O, (start + b) * O);
      const { loss } = await this.batched.forwardOnly(this.index, x, y, b, T);
      sum += loss * b;
    }
    return sum / B;
  }

  async predict(x: Float32Array, batchSize: number, timeSteps: number): Promise<Float32Array> {
    const F = this.config.inputSize;
    const O = this.config.outputSize;
    const max = this.batched.maxBatch;
    const out = new Float32Array(batchSize * O); // (B, O)
    for (let start = 0; start < batchSize; start += max) {
      const b = Math.min(max, batchSize - start);
      const chunk = x.subarray(start * timeSteps * F, (start + b) * timeSteps * F);
      const { pred } = await this.batched.forwardOnly(this.index, chunk, null, b, timeSteps);
      out.set(pred, start * O);
    }
    return out;
  }

  getWeights(): Promise<Float32Array> {
    this.batched.closeForward();
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      return this.batched.readParams(this.index);
    });
  }

  setWeights(weights: Float32Array): Promise<void> {
    this.batched.closeForward();
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      this.batched.writeParams(this.index, weights);
    });
  }

  getOptimizerState(): Promise<OptimizerSnapshot> {
    this.batched.closeForward();
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      return { step: this.steps, buffers: await this.batched.readState(this.index) };
    });
  }

  restore(weights: Float32Array, optimizerState: OptimizerSnapshot): Promise<void> {
    this.batched.closeForward();
    return this.scheduler.enqueue(async () => {
      this.assertUsable();
      const names = OPTIMIZER_STATE[this.optimizer.kind];
      if (optimizerState.buffers.length !== names.length) {
        throw new Error(
          `${this.optimizer.kind} keeps ${names.length} state buffers, got ${optimizerState.buffers.length}`,
        );
      }
      optimizerState.buffers.forEach((data, i) => {
        if (data.length !== this.n)
          throw new Error(`optimiser state ${names[i]} has ${data.length} values, expected ${this.n}`);
      });
      this.batched.writeParams(this.index, weights);
      this.batched.writeState(this.index, optimizerState.buffers);
      this.batched.steps[this.index] = optimizerState.step;
    });
  }

  /** Queues the members uniform so the next submit runs this model alone at `step` (for tracing a step). */
  runAlone(step: number, dropoutOn: boolean): void {
    this.batched.runAlone(this.index, step, dropoutOn);
  }

  /** Dispatches and buffers for a batch shape, shared by every member of the batched model. */
  workspace(T: number, B: number): Promise<Workspace> {
    return this.batched.workspace(T, B);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.batched.release(this.index);
  }
}

/**
 * A model trained on the GPU of `gpu`. Rejects with a GpuEngineError of kind 'out-of-memory' or
 * 'gpu-error' when its buffers cannot be created.
 */
export async function createGpuModel(
  gpu: GpuContext,
  config: ModelConfig,
  optimizer: OptimizerConfig,
  initialWeights?: Float32Array,
  options: GpuModelOptions = {},
): Promise<GpuModel> {
  const [model] = await createGpuModels(gpu, [config], [optimizer], [initialWeights], options);
  return model;
}

/**
 * Models of one shape (equal `batchKey`, src/engine/batching.ts) held as ONE batched model: every buffer
 * has a member dimension and every kernel a member axis in its grid, so a training step of all of them costs
 * the same dispatches and one submit as a step of one. Each returned GpuModel is one member and implements
 * ForecastModel on its own; members whose `trainStep` is called in the same tick (before any is awaited,
 * e.g. `Promise.all(models.map((m, k) => m.trainStep(batches[k])))`) step together in one batched step,
 * the others idle in it. Their batches must share T and B. Configs differ only in seed and dropout,
 * optimisers only in lr.
 */
export function createGpuModels(
  gpu: GpuContext,
  configs: ModelConfig[],
  optimizers: OptimizerConfig[],
  initialWeights: (Float32Array | undefined)[] = [],
  options: GpuModelOptions = {},
): Promise<GpuModel[]> {
  if (configs.length < 1 || configs.length > MAX_MEMBERS) {
    return Promise.reject(
      new Error(`a batched model holds 1 to ${MAX_MEMBERS} models, got ${configs.length}`),
    );
  }
  if (optimizers.length !== configs.length) {
    return Promise.reject(
      new Error(`${configs.length} models need as many optimisers, got ${optimizers.length}`),
    );
  }
  const key = batchKey(configs[0], optimizers[0]);
  const other = configs.findIndex((c, m) => batchKey(c, optimizers[m]) !== key);
  if (other >= 0) {
    return Promise.reject(
      new Error(`model ${other + 1} differs from model 1 in more than its seed, dropout and learning rate`),
    );
  }
  const n = paramCount(configs[0]);
  const weights = configs.map((config, m) => initialWeights[m] ?? initParams(config));
  const wrong = weights.findIndex((w) => w.length !== n);
  if (wrong >= 0) {
    return Promise.reject(new Error(`expected ${n} weights for this model, got ${weights[wrong].length}`));
  }
  const settings = configs.map((c, m) => ({ seed: c.seed, dropout: c.dropout, lr: optimizers[m].lr }));
  const what = configs.length === 1 ? 'the model parameters' : `the parameters of ${configs.length} models`;
  return allocating(gpu.device, what, () => {
    const batched = new BatchedModel(gpu, configs[0], optimizers[0], settings, weights, options);
    return configs.map((config, m) => new GpuModel(batched, m, config, optimizers[m]));
  });
}

// Tracing one training step of a GpuModel stage by stage, and the reference side: what each stage should
// have written, computed with the Float64 reference layer by layer, and a comparison that names the first
// stage (kernel) whose output disagrees. Used by the golden test when it fails, and by hand when debugging.
// The trace uses only what the model exposes to everyone: its scheduler, its workspaces and their stages.
import { readFloats } from '../../src/engine/gpu/buffers';
import type { GpuModel } from '../../src/engine/gpu/model';
import type { StageName, Workspace } from '../../src/engine/gpu/workspace';
import { paramLayout } from '../../src/engine/layout';
import { denseBackward, denseForward, mseBackward, mseLoss } from '../../src/engine/reference/dense';
import { inputProjection } from '../../src/engine/reference/gemms';
import { type GruCache, gruBackward, gruForward } from '../../src/engine/reference/gru';
import type { LayerParams } from '../../src/engine/reference/layer';
import { type LstmCache, lstmBackward, lstmForward } from '../../src/engine/reference/lstm';
import { dropoutMask, toTimeMajor } from '../../src/engine/reference/model';
import type { Batch, ModelConfig } from '../../src/engine/types';
import { relError } from './harness';

type Expected = Partial<Record<StageName, Record<string, ArrayLike<number>>>>;

/** What one stage of a traced step wrote (whole buffers; sizes may be padded to 16 bytes). */
export interface StageSnapshot {
  stage: StageName;
  buffers: Record<string, Float32Array>;
}

/** The buffers a stage writes, by the names the reference trace uses. */
function stageOutputs(stage: StageName, ws: Workspace): Record<string, GPUBuffer> {
  const model = ws.model;
  const layer = (prefix: string) => ws.layers[Number(stage.slice(prefix.length))];
  if (stage === 'head')
    return { pred: ws.pred, stats: model.stats, grads: model.grads, dhTop: ws.layers.at(-1)!.dh };
  if (stage.startsWith('projection_l')) return { xproj: layer('projection_l').xproj };
  if (stage.startsWith('recurrence_forward_l')) {
    const l = layer('recurrence_forward_l');
    return { h: l.h, gates: l.gates, ...(l.c ? { c: l.c } : {}), ...(l.hn ? { hn: l.hn } : {}) };
  }
  if (stage.startsWith('recurrence_backward_l')) {
    const l = layer('recurrence_backward_l');
    return { dgatesIn: l.dgatesIn, dgatesHid: l.dgatesHid };
  }
  if (stage.startsWith('weight_grads_l')) return { grads: model.grads };
  const below = ws.layers[Number(stage.slice('input_grad_l'.length)) - 1];
  return { dh: below.dh };
}

/**
 * Runs the forward and backward stages of the model's next training step (dropout as that step would draw
 * it) without the optimiser, each stage in its own pass, and snapshots what every stage wrote. Slow (one
 * copy per stage); the model's weights and step count are left as they were.
 */
export function traceStep(model: GpuModel, device: GPUDevice, batch: Batch): Promise<StageSnapshot[]> {
  return model.scheduler.enqueue(async () => {
    model.assertUsable();
    model.checkBatch(batch);
    const ws = await model.workspace(batch.timeSteps, batch.batchSize);
    device.queue.writeBuffer(ws.x, 0, batch.x as Float32Array<ArrayBuffer>);
    device.queue.writeBuffer(ws.y, 0, batch.y as Float32Array<ArrayBuffer>);
    model.runAlone(model.steps + 1, true);
    const snapshots: StageSnapshot[] = [];
    for (const stage of [...ws.forward, ...ws.backward]) {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      stage.record(pass);
      pass.end();
      device.queue.submit([encoder.finish()]);
      const buffers: Record<string, Float32Array> = {};
      for (const [name, buffer] of Object.entries(stageOutputs(stage.name, ws))) {
        buffers[name] = await readFloats(device, buffer, buffer.size / 4);
      }
      snapshots.push({ stage: stage.name, buffers });
    }
    return snapshots;
  });
}

/** Expected outputs of every stage of training step `step` (dropout drawn for that step). */
export function referenceTrace(
  config: ModelConfig,
  params: Float32Array,
  batch: Batch,
  step: number,
): Expected {
  const { cell, inputSize: F, hiddenSize: H, numLayers: L, outputSize: O } = config;
  const { batchSize: B, timeSteps: T } = batch;
  const G = cell === 'lstm' ? 4 : 3;
  const flat = Float64Array.from(params);
  const tensor = (name: string) => {
    const t = paramLayout(config).find((p) => p.name === name)!;
    return { view: flat.subarray(t.offset, t.offset + t.size), offset: t.offset, size: t.size };
  };
  const layers: LayerParams[] = [];
  for (let k = 0; k < L; k++) {
    layers.push({
      wIh: tensor(`weight_ih_l${k}`).view,
      wHh: tensor(`weight_hh_l${k}`).view,
      bIh: tensor(`bias_ih_l${k}`).view,
      bHh: tensor(`bias_hh_l${k}`).view,
    });
  }
  const expected: Expected = {};
  const inputs = [toTimeMajor(batch.x, B, T, F)];
  const caches: (LstmCache | GruCache)[] = [];
  const masks: (Float64Array | null)[] = [];
  for (let k = 0; k < L; k++) {
    const dims = { T, B, In: k === 0 ? F : H, H };
    expected[`projection_l${k}`] = {
      xproj: inputProjection(inputs[k], layers[k].wIh, layers[k].bIh, T * B, dims.In, G * H),
    };
    const cache =
      cell === 'lstm' ? lstmForward(inputs[k], layers[k], dims) : gruForward(inputs[k], layers[k], dims);
    caches.push(cache);
    expected[`recurrence_forward_l${k}`] = { ...cache };
    if (k < L - 1) {
      const out = cache.h.slice(B * H);
      const mask = config.dropout > 0 ? dropoutMask(config.seed, step, k, out.length, config.dropout) : null;
      if (mask) for (let i = 0; i < out.length; i++) out[i] *= mask[i];
      masks.push(mask);
      inputs.push(out);
    }
  }
  const lastH = caches[L - 1].h.subarray(T * B * H);
  const headW = tensor('head.weight');
  const headB = tensor('head.bias');
  const pred = denseForward(lastH, headW.view, headB.view, B, H, O);
  const head = denseBackward(mseBackward(pred, batch.y), lastH, headW.view, B, H, O);
  const grads = new Float64Array(flat.length).fill(Number.NaN); // NaN: not yet written, not compared
  grads.set(head.dw, headW.offset);
  grads.set(head.db, headB.offset);
  let dh: Float64Array = new Float64Array(T * B * H);
  dh.set(head.dh, (T - 1) * B * H);
  expected.head = {
    pred,
    stats: [Number.NaN, Number.NaN, mseLoss(pred, batch.y)],
    grads: grads.slice(),
    dhTop: dh,
  };
  for (let k = L - 1; k >= 0; k--) {
    const dims = { T, B, In: k === 0 ? F : H, H };
    const g =
      cell === 'lstm'
        ? lstmBackward(dh, inputs[k], layers[k], caches[k] as LstmCache, dims)
        : gruBackward(dh, inputs[k], layers[k], caches[k] as GruCache, dims);
    let dgatesHid = g.dgates;
    if (cell === 'gru') {
      // The hidden side's n block is dn_pre ⊙ r (r is the first activated gate).
      const gates = (caches[k] as GruCache).gates;
      dgatesHid = g.dgates.slice();
      for (let m = 0; m < T * B; m++) {
        for (let j = 0; j < H; j++) dgatesHid[m * 3 * H + 2 * H + j] *= gates[m * 3 * H + j];
      }
    }
    expected[`recurrence_backward_l${k}`] = { dgatesIn: g.dgates, dgatesHid };
    grads.set(g.dWih, tensor(`weight_ih_l${k}`).offset);
    grads.set(g.dWhh, tensor(`weight_hh_l${k}`).offset);
    grads.set(g.dbIh, tensor(`bias_ih_l${k}`).offset);
    grads.set(g.dbHh, tensor(`bias_hh_l${k}`).offset);
    expected[`weight_grads_l${k}`] = { grads: grads.slice() };
    if (k > 0) {
      dh = g.dx;
      const mask = masks[k - 1];
      if (mask) for (let i = 0; i < dh.length; i++) dh[i] *= mask[i];
      expected[`input_grad_l${k}`] = { dh };
    }
  }
  return expected;
}

export interface StageError {
  stage: StageName;
  buffer: string;
  error: number;
}

/** Relative error of every snapshot buffer against the reference (NaN entries of the reference are skipped). */
export function compareTrace(trace: StageSnapshot[], expected: Expected): StageError[] {
  const errors: StageError[] = [];
  for (const { stage, buffers } of trace) {
    for (const [name, gpu] of Object.entries(buffers) as [string, Float32Array][]) {
      const want = expected[stage]?.[name];
      if (!want) continue;
      const gpuKept: number[] = [];
      const cpuKept: number[] = [];
      for (let i = 0; i < want.length; i++) {
        if (Number.isNaN(want[i])) continue;
        gpuKept.push(gpu[i]);
        cpuKept.push(want[i]);
      }
      errors.push({ stage, buffer: name, error: relError(gpuKept, cpuKept) });
    }
  }
  return errors;
}

/** The first stage (in recording order) whose output is off by more than `tolerance`, or null. */
export function firstDivergence(errors: StageError[], tolerance: number): StageError | null {
  return errors.find((e) => !(e.error <= tolerance)) ?? null;
}

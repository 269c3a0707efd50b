// The whole forecaster on the CPU: L stacked recurrent layers → last hidden state → dense head → MSE.
// Dropout (PyTorch semantics) sits between recurrent layers, never after the last one.
// Parameters and gradients are flat vectors in `paramLayout` order (PyTorch state_dict order).
import { paramCount, paramLayout } from '../layout';
import { dropoutScale, dropoutStream, mulberry32 } from '../random';
import type { Batch, ModelConfig } from '../types';
import { denseBackward, denseForward, mseBackward, mseLoss } from './dense';
import { type GruCache, gruBackward, gruForward } from './gru';
import type { LayerDims, LayerParams } from './layer';
import { type LstmCache, lstmBackward, lstmForward } from './lstm';

/**
 * PyTorch's default initialisation, seeded: every recurrent tensor ~ uniform(−1/√H, 1/√H)
 * (nn.LSTM/nn.GRU reset_parameters), and the head's weight and bias ~ uniform(−1/√H, 1/√H)
 * (nn.Linear's kaiming_uniform(a=√5) on fan_in = H reduces to that bound). Values are drawn from
 * mulberry32(seed) in flat layout order.
 */
export function initParams(config: ModelConfig): Float32Array {
  const params = new Float32Array(paramCount(config));
  const rand = mulberry32(config.seed);
  const bound = 1 / Math.sqrt(config.hiddenSize);
  for (const tensor of paramLayout(config)) {
    for (let i = tensor.offset; i < tensor.offset + tensor.size; i++) params[i] = (rand() * 2 - 1) * bound;
  }
  return params;
}

/** Views (no copies) of one flat parameter or gradient vector, per layer and for the head. */
interface ModelViews {
  layers: LayerParams[];
  headW: Float64Array; // (O, H)
  headB: Float64Array; // (O)
}

function views(flat: Float64Array, config: ModelConfig): ModelViews {
  const byName = new Map(paramLayout(config).map((t) => [t.name, t]));
  const view = (name: string) => {
    const t = byName.get(name)!;
    return flat.subarray(t.offset, t.offset + t.size);
  };
  const layers: LayerParams[] = [];
  for (let k = 0; k < config.numLayers; k++) {
    layers.push({
      wIh: view(`weight_ih_l${k}`),
      wHh: view(`weight_hh_l${k}`),
      bIh: view(`bias_ih_l${k}`),
      bHh: view(`bias_hh_l${k}`),
    });
  }
  return { layers, headW: view('head.weight'), headB: view('head.bias') };
}

/** Rows firstRow .. firstRow+B of x (·, T, F), batch-major Float32 → (T, B, F) time-major Float64. */
export function toTimeMajor(
  x: ArrayLike<number>,
  B: number,
  T: number,
  F: number,
  firstRow = 0,
): Float64Array {
  const out = new Float64Array(T * B * F); // (T, B, F)
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) out[(t * B + b) * F + f] = x[((firstRow + b) * T + t) * F + f];
    }
  }
  return out;
}

/**
 * Inverted-dropout multipliers for the output of recurrent layer `layer`: (T, B, H) flat,
 * time-major, each 0 or 1/(1−p) from hashUniform(seed, dropoutStream(step, layer), index).
 */
export function dropoutMask(seed: number, step: number, layer: number, n: number, p: number): Float64Array {
  const mask = new Float64Array(n);
  const stream = dropoutStream(step, layer);
  for (let i = 0; i < n; i++) mask[i] = dropoutScale(seed, stream, i, p);
  return mask;
}

export interface RunOptions {
  /** Dropout is applied only when training (and config.dropout > 0). */
  training: boolean;
  /** Optimiser step (from 1): selects the dropout mask. */
  step: number;
}

/** A Batch whose arrays may be Float64 (finite-difference tests perturb inputs in Float64). */
export type NumericBatch = Omit<Batch, 'x' | 'y'> & { x: ArrayLike<number>; y: ArrayLike<number> };

const EVAL: RunOptions = { training: false, step: 0 };

type Cache = LstmCache | GruCache;

interface ForwardState {
  B: number;
  T: number;
  inputs: Float64Array[]; // per layer: its input (T, B, In), after dropout
  caches: Cache[];
  masks: (Float64Array | null)[]; // per layer k < L−1: the dropout mask on its output
  lastH: Float64Array; // (B, H) last layer's h_T
  pred: Float64Array; // (B, O)
}

function forward(
  params: Float64Array,
  config: ModelConfig,
  x: ArrayLike<number>,
  B: number,
  T: number,
  opts: RunOptions,
  firstRow = 0,
): ForwardState {
  const { inputSize: F, hiddenSize: H, numLayers: L, outputSize: O } = config;
  const v = views(params, config);
  const inputs = [toTimeMajor(x, B, T, F, firstRow)];
  const caches: Cache[] = [];
  const masks: (Float64Array | null)[] = [];
  const useDropout = opts.training && config.dropout > 0;
  for (let k = 0; k < L; k++) {
    const dims: LayerDims = { T, B, In: k === 0 ? F : H, H };
    const cache =
      config.cell === 'lstm'
        ? lstmForward(inputs[k], v.layers[k], dims)
        : gruForward(inputs[k], v.layers[k], dims);
    caches.push(cache);
    if (k < L - 1) {
      const out = cache.h.slice(B * H); // (T, B, H) h_1..h_T
      const mask = useDropout ? dropoutMask(config.seed, opts.step, k, out.length, config.dropout) : null;
      if (mask) for (let i = 0; i < out.length; i++) out[i] *= mask[i];
      masks.push(mask);
      inputs.push(out);
    }
  }
  const lastH = caches[L - 1].h.subarray(T * B * H); // (B, H)
  const pred = denseForward(lastH, v.headW, v.headB, B, H, O);
  return { B, T, inputs, caches, masks, lastH, pred };
}

export interface ForwardBackwardResult {
  loss: number;
  grads: Float64Array; // flat, paramLayout order
  pred: Float64Array; // (B, O)
  dx: Float64Array; // (B, T, F) gradient with respect to the input batch
}

/**
 * Loss, prediction and gradients of every parameter for one batch (no update).
 * Without opts the run is deterministic (dropout off).
 */
export function forwardBackward(
  params: Float64Array,
  config: ModelConfig,
  batch: NumericBatch,
  opts: RunOptions = EVAL,
): ForwardBackwardResult {
  const { hiddenSize: H, numLayers: L, outputSize: O } = config;
  const { batchSize: B, timeSteps: T } = batch;
  const state = forward(params, config, batch.x, B, T, opts);
  const v = views(params, config);
  const grads = new Float64Array(params.length);
  const g = views(grads, config);

  const loss = mseLoss(state.pred, batch.y);
  const head = denseBackward(mseBackward(state.pred, batch.y), state.lastH, v.headW, B, H, O);
  g.headW.set(head.dw);
  g.headB.set(head.db);

  // dLoss/dh_t for the layer being differentiated: only h_T of the top layer feeds the head.
  let dhAbove: Float64Array = new Float64Array(T * B * H); // (T, B, H)
  dhAbove.set(head.dh, (T - 1) * B * H);
  for (let k = L - 1; k >= 0; k--) {
    const dims: LayerDims = { T, B, In: k === 0 ? config.inputSize : H, H };
    const layerGrads =
      config.cell === 'lstm'
        ? lstmBackward(dhAbove, state.inputs[k], v.layers[k], state.caches[k] as LstmCache, dims)
        : gruBackward(dhAbove, state.inputs[k], v.layers[k], state.caches[k] as GruCache, dims);
    g.layers[k].wIh.set(layerGrads.dWih);
    g.layers[k].wHh.set(layerGrads.dWhh);
    g.layers[k].bIh.set(layerGrads.dbIh);
    g.layers[k].bHh.set(layerGrads.dbHh);
    dhAbove = layerGrads.dx; // (T, B, In): for k > 0 the gradient of layer k−1's dropped-out output
    const mask = k > 0 ? state.masks[k - 1] : null;
    if (mask) for (let i = 0; i < dhAbove.length; i++) dhAbove[i] *= mask[i];
  }
  const F = config.inputSize;
  const dx = new Float64Array(B * T * F); // (B, T, F) from the first layer's (T, B, F)
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      for (let f = 0; f < F; f++) dx[(b * T + t) * F + f] = dhAbove[(t * B + b) * F + f];
    }
  }
  return { loss, grads, pred: state.pred, dx };
}

/** Rows predicted together: bounds the forward caches ((T, rows, G·H) per layer) on large validation sets. */
const PREDICT_ROWS = 256;

/** Head outputs (B, O) for x (B, T, F), dropout off. */
export function predictBatch(
  params: Float64Array,
  config: ModelConfig,
  x: ArrayLike<number>,
  B: number,
  T: number,
): Float64Array {
  const O = config.outputSize;
  const pred = new Float64Array(B * O); // (B, O)
  for (let b0 = 0; b0 < B; b0 += PREDICT_ROWS) {
    const rows = Math.min(PREDICT_ROWS, B - b0);
    pred.set(forward(params, config, x, rows, T, EVAL, b0).pred, b0 * O);
  }
  return pred;
}

// Everything a batched model needs to run a batch of shape (T, B) per member on the GPU: activation and
// gradient buffers (its members back to back in each), the recurrences, and every other dispatch of a
// training step, created once and replayed. Each dispatch covers all the members.
import { findTensor, paramCount, paramLayout } from '../layout';
import { GATES, type ModelConfig } from '../types';
import { storageBuffer } from './buffers';
import { inputGrad, inputProjection, type LayerGemmShape, weightGrads } from './gemm';
import { denseMse } from './head';
import { type Dispatch, destroyDispatch, recordDispatch } from './pipelines';
import { createRecurrence, type RecurrenceKernel, type RecurrencePath } from './recurrence';
import type { KernelSizes } from './sizes';

/** The model-wide buffers every workspace binds. */
export interface ModelBuffers {
  params: GPUBuffer; // (members, N) flat per member, paramLayout order
  grads: GPUBuffer; // (members, N) same order; overwritten every step
  stats: GPUBuffer; // (members, 4) clip scale, grad norm, loss
  members: GPUBuffer; // uniform: the members taking part, each one's step and settings (members.ts)
}

/** A layer's buffers; each holds the members back to back, the shapes below per member. */
interface LayerBuffers {
  xproj: GPUBuffer; // (T, B, G·H)
  h: GPUBuffer; // (T+1, B, H)
  c?: GPUBuffer; // (T+1, B, H) LSTM
  hn?: GPUBuffer; // (T, B, H) GRU
  gates: GPUBuffer; // (T, B, G·H)
  dh: GPUBuffer; // (T, B, H)
  dgatesIn: GPUBuffer; // (T, B, G·H)
  dgatesHid: GPUBuffer; // (T, B, G·H); the same buffer as dgatesIn for the LSTM
}

/** The kernel stages of a step, in recording order; the debug hook and the tests address them by name. */
export type StageName =
  | `projection_l${number}`
  | `recurrence_forward_l${number}`
  | 'head'
  | `recurrence_backward_l${number}`
  | `weight_grads_l${number}`
  | `input_grad_l${number}`;

export interface Stage {
  name: StageName;
  record(pass: GPUComputePassEncoder): void;
}

export class Workspace {
  readonly x: GPUBuffer; // (members, B, T, F) the uploaded batches, batch-major
  readonly y: GPUBuffer; // (members, B, O)
  readonly pred: GPUBuffer; // (members, B, O)
  readonly layers: LayerBuffers[] = [];
  readonly recurrences: RecurrenceKernel[] = [];
  /** Forward stages (projection and recurrence per layer, then the head + loss). */
  readonly forward: Stage[] = [];
  /** Backward stages through the layers, top to bottom (the head's backward is fused into 'head'). */
  readonly backward: Stage[] = [];
  private readonly owned: GPUBuffer[] = [];
  private readonly dispatchList: Dispatch[] = [];

  constructor(
    device: GPUDevice,
    sizes: KernelSizes,
    readonly config: ModelConfig,
    readonly T: number,
    readonly B: number,
    /** The model-wide buffers the workspace's dispatches bind. */
    readonly model: ModelBuffers,
    /** Members of the batched model. */
    readonly members: number,
    forcePath?: RecurrencePath,
  ) {
    const { cell, inputSize: F, hiddenSize: H, numLayers: L, outputSize: O } = config;
    const G = GATES[cell];
    const N = G * H;
    const layout = paramLayout(config);
    const P = paramCount(config);
    // Sized per member; the buffer holds one per member.
    const buffer = (label: string, floats: number) => {
      const b = storageBuffer(device, label, members * floats);
      this.owned.push(b);
      return b;
    };
    this.x = buffer('x', B * T * F);
    this.y = buffer('y', B * O);
    this.pred = buffer('pred', B * O);

    for (let k = 0; k < L; k++) {
      const dgatesIn = buffer(`dgates_in l${k}`, T * B * N);
      this.layers.push({
        xproj: buffer(`xproj l${k}`, T * B * N),
        h: buffer(`h l${k}`, (T + 1) * B * H),
        c: cell === 'lstm' ? buffer(`c l${k}`, (T + 1) * B * H) : undefined,
        hn: cell === 'gru' ? buffer(`hn l${k}`, T * B * H) : undefined,
        gates: buffer(`gates l${k}`, T * B * N),
        // Zero-filled at creation: for the top layer only row T−1 is ever written (by the head).
        dh: buffer(`dh l${k}`, T * B * H),
        dgatesIn,
        dgatesHid: cell === 'lstm' ? dgatesIn : buffer(`dgates_hid l${k}`, T * B * N),
      });
    }

    const offset = (name: string) => findTensor(layout, name).offset;
    const gemm: Dispatch[][] = [];
    for (let k = 0; k < L; k++) {
      const layer = this.layers[k];
      const shape: LayerGemmShape = {
        T,
        B,
        In: k === 0 ? F : H,
        H,
        N,
        source: k === 0 ? { kind: 'batch' } : { kind: 'hidden', layerBelow: k - 1 },
        P,
        members,
      };
      const src = k === 0 ? this.x : this.layers[k - 1].h;
      const offsets = {
        wIh: offset(`weight_ih_l${k}`),
        wHh: offset(`weight_hh_l${k}`),
        bIh: offset(`bias_ih_l${k}`),
        bHh: offset(`bias_hh_l${k}`),
      };
      const recurrence = createRecurrence(
        device,
        cell,
        { T, B, H },
        {
          params: model.params,
          paramsPerMember: P,
          members: model.members,
          memberCount: members,
          wHhOffset: offsets.wHh,
          bHhOffset: offsets.bHh,
          xproj: layer.xproj,
          h: layer.h,
          c: layer.c,
          gates: layer.gates,
          hn: layer.hn,
          dh: layer.dh,
          dgatesIn: layer.dgatesIn,
          dgatesHid: layer.dgatesHid,
        },
        forcePath ? { forcePath } : {},
      );
      this.recurrences.push(recurrence);
      const projection = inputProjection(device, sizes, shape, offsets, {
        src,
        params: model.params,
        xproj: layer.xproj,
        members: model.members,
      });
      const wGrads = weightGrads(device, sizes, shape, offsets, {
        src,
        h: layer.h,
        dgatesIn: layer.dgatesIn,
        dgatesHid: layer.dgatesHid,
        grads: model.grads,
        members: model.members,
      });
      const dX =
        shape.source.kind === 'hidden'
          ? inputGrad(device, sizes, { ...shape, source: shape.source }, offsets, {
              dgatesIn: layer.dgatesIn,
              params: model.params,
              dhBelow: this.layers[k - 1].dh,
              members: model.members,
            })
          : undefined;
      gemm.push(dX ? [projection, wGrads, dX] : [projection, wGrads]);
      this.dispatchList.push(...gemm[k]);
      this.forward.push(
        { name: `projection_l${k}`, record: (pass) => recordDispatch(pass, projection) },
        { name: `recurrence_forward_l${k}`, record: (pass) => recurrence.recordForward(pass) },
      );
    }
    const head = denseMse(
      device,
      sizes,
      { T, B, H, O, P, members },
      { w: offset('head.weight'), b: offset('head.bias') },
      {
        hTop: this.layers[L - 1].h,
        params: model.params,
        y: this.y,
        pred: this.pred,
        grads: model.grads,
        dhTop: this.layers[L - 1].dh,
        stats: model.stats,
        members: model.members,
      },
    );
    this.dispatchList.push(head);
    this.forward.push({ name: 'head', record: (pass) => recordDispatch(pass, head) });
    for (let k = L - 1; k >= 0; k--) {
      const recurrence = this.recurrences[k];
      const [, wGrads, dX] = gemm[k];
      this.backward.push(
        { name: `recurrence_backward_l${k}`, record: (pass) => recurrence.recordBackward(pass) },
        { name: `weight_grads_l${k}`, record: (pass) => recordDispatch(pass, wGrads) },
      );
      if (dX) this.backward.push({ name: `input_grad_l${k}`, record: (pass) => recordDispatch(pass, dX) });
    }
  }

  /** 'per-step' when any layer's recurrence fell back to it, else 'fused'. */
  get path(): RecurrencePath {
    return this.deciding.path;
  }

  /** Why: the reason of the first layer on the per-step fallback, or of the first layer when all are fused. */
  get reason(): string {
    return this.deciding.reason;
  }

  private get deciding(): RecurrenceKernel {
    return this.recurrences.find((r) => r.path !== 'fused') ?? this.recurrences[0];
  }

  destroy(): void {
    for (const r of this.recurrences) r.destroy();
    for (const b of this.owned) b.destroy();
    for (const d of this.dispatchList) destroyDispatch(d);
  }
}

// The buffers a layer's recurrence reads and writes, and the interface both recurrence paths implement.
// Kept apart from recurrence.ts so the path implementations can name them without importing it.

import type { RecurrencePath } from './recurrencePlan';

export interface RecurrenceBindings {
  params: GPUBuffer; // flat parameters, P per member
  paramsPerMember: number; // P
  members: GPUBuffer; // the members uniform (shaders/members.wgsl); the dispatches run one grid slice per member
  memberCount: number; // every (T, B, ·) buffer below holds this many members back to back
  wHhOffset: number; // element offset of weight_hh_l{k}, (G·H, H)
  bHhOffset: number; // element offset of bias_hh_l{k}, (G·H)
  xproj: GPUBuffer; // (T, B, G·H) read: x_t·W_ihᵀ + b_ih for every t
  h: GPUBuffer; // (T+1, B, H) written; h[0] = 0
  c?: GPUBuffer; // LSTM only: (T+1, B, H) written; c[0] = 0
  gates: GPUBuffer; // (T, B, G·H) written: activated gates kept for backward
  hn?: GPUBuffer; // GRU only: (T, B, H) written: W_hn·h_{t−1} + b_hn
  dh: GPUBuffer; // (T, B, H) read: dLoss/dh_t arriving from above, every t
  dgatesIn: GPUBuffer; // (T, B, G·H) written: pre-activation gate gradients, input side
  dgatesHid: GPUBuffer; // (T, B, G·H) written: hidden side. LSTM: equal to dgatesIn (may be the same buffer);
  // GRU: the n block is dn_pre ⊙ r, the r and z blocks equal dgatesIn's
}

export interface RecurrenceKernel {
  readonly path: RecurrencePath;
  /** Why this path was chosen (shown in the UI). */
  readonly reason: string;
  readonly dispatchesForward: number;
  readonly dispatchesBackward: number;
  /** Fills h, c (LSTM) or hn (GRU), and gates. */
  recordForward(pass: GPUComputePassEncoder): void;
  /** Fills dgatesIn and dgatesHid. Reads dh and what recordForward wrote. */
  recordBackward(pass: GPUComputePassEncoder): void;
  destroy(): void;
}

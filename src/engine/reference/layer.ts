// Shared types for one recurrent layer (LSTM or GRU), in PyTorch's parameter layout.
// All buffers are time-major and row-major: x (T, B, In), h (T+1, B, H).

/** Sizes of one recurrent layer's problem: T time steps, B batch rows, In inputs, H hidden units. */
export interface LayerDims {
  T: number;
  B: number;
  In: number;
  H: number;
}

/** One layer's parameters; G = 4 (LSTM i,f,g,o) or 3 (GRU r,z,n), gate-major rows like PyTorch. */
export interface LayerParams {
  wIh: Float64Array; // (G·H, In)
  wHh: Float64Array; // (G·H, H)
  bIh: Float64Array; // (G·H)
  bHh: Float64Array; // (G·H)
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

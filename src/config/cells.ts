// The two recurrent cells the playground trains side by side, and the names people see for them.
// engine/types.ts re-exports the union.

export type CellKind = 'lstm' | 'gru';

/** Both cells, in the order the page shows and trains them. */
export const CELLS: readonly CellKind[] = ['lstm', 'gru'];

export const MODEL_NAME: Record<CellKind, string> = { lstm: 'LSTM', gru: 'GRU' };

/**
 * The network whose forecast the page presents as "the network" and puts into the combination of models.
 * A fixed choice by evidence: on the M3 sample (eval/m3) the GRU beat the per-series pick by lower
 * validation loss on monthly and quarterly series alike, so picking per series only adds noise.
 */
export const PAGE_NETWORK: CellKind = 'gru';

/**
 * Models refit on every row for the forecast past the data, from consecutive seeds; the forecast is their
 * element-wise median (worker/refit.ts). Chosen on the M3 sample (eval/m3, README design notes): one
 * network's M3 score moves a lot with its seed, because a seed now and then runs off on a series, and the
 * median of three holds against one such member.
 */
export const REFIT_MEMBERS = 3;

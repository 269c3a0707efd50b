// The two recurrent cells the playground trains side by side, and the names people see for them.
// engine/types.ts re-exports the union.

export type CellKind = 'lstm' | 'gru';

/** Both cells, in the order the page shows and trains them. */
export const CELLS: readonly CellKind[] = ['lstm', 'gru'];

export const MODEL_NAME: Record<CellKind, string> = { lstm: 'LSTM', gru: 'GRU' };

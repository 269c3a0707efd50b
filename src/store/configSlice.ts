// Config slice: the settings of the two models and the engine preference.

import { type CellKind, DEFAULT_MODEL_SETTINGS } from '../config';
import type { ConfigSlice, Slice } from './types';

export const createConfigSlice: Slice<ConfigSlice> = (set, get) => ({
  models: { lstm: { ...DEFAULT_MODEL_SETTINGS }, gru: { ...DEFAULT_MODEL_SETTINGS } },
  engine: 'auto',
  setModelSetting: (cell, key, value) => {
    const models = get().models;
    set({ models: { ...models, [cell]: { ...models[cell], [key]: value } } });
  },
  setModelSettings: (cell, settings) => {
    const models = get().models;
    set({ models: { ...models, [cell]: { ...models[cell], ...settings } } });
  },
  copySettings: (from) => {
    const models = get().models;
    const to: CellKind = from === 'lstm' ? 'gru' : 'lstm';
    set({ models: { ...models, [to]: { ...models[from] } } });
  },
  resetModelSettings: (cell) => {
    const models = get().models;
    set({ models: { ...models, [cell]: { ...DEFAULT_MODEL_SETTINGS } } });
  },
  setEngine: (engine) => set({ engine }),
});

// Config slice: the settings of the two models and the engine preference.

import type { CellKind } from '../engine/types';
import type { EnginePreference } from '../worker/protocol';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from './modelSettings';
import type { Slice } from './types';

export interface ConfigState {
  models: Record<CellKind, ModelSettings>;
  engine: EnginePreference;
}

export interface ConfigActions {
  setModelSetting<K extends keyof ModelSettings>(cell: CellKind, key: K, value: ModelSettings[K]): void;
  /** Replaces a model's settings (e.g. from a saved run or a shared link). */
  setModelSettings(cell: CellKind, settings: Partial<ModelSettings>): void;
  /** Copies one model's settings to the other. */
  copySettings(from: CellKind): void;
  resetModelSettings(cell: CellKind): void;
  setEngine(engine: EnginePreference): void;
}

export type ConfigSlice = ConfigState & ConfigActions;

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

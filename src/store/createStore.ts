import { createStore } from 'zustand/vanilla';
import { createConfigSlice } from './configSlice';
import { createDataSlice } from './dataSlice';
import type { PlaygroundDeps } from './deps';
import { createTrainingSlice } from './trainingSlice';
import { createTuneSlice } from './tuneSlice';
import type { PlaygroundState } from './types';

/** The playground's one store, built from its slices. */
export function createPlaygroundStore(deps: PlaygroundDeps) {
  return createStore<PlaygroundState>()((set, get) => ({
    ...createDataSlice(deps)(set, get),
    ...createConfigSlice(set, get),
    ...createTrainingSlice(deps)(set, get),
    ...createTuneSlice(set, get),
  }));
}

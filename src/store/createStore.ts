import { createStore } from 'zustand/vanilla';
import { createConfigSlice } from './configSlice';
import { createDataSlice } from './dataSlice';
import type { PlaygroundDeps } from './deps';
import { runIdCounter } from './runIds';
import { createTrainingSlice } from './trainingSlice';
import { createTuneSlice } from './tuneSlice';
import type { PlaygroundState } from './types';

/** The playground's one store, built from its slices. */
export function createPlaygroundStore(deps: PlaygroundDeps) {
  const runIds = runIdCounter(); // shared: a run's and a sweep's ids never coincide
  return createStore<PlaygroundState>()((set, get) => ({
    ...createDataSlice(deps)(set, get),
    ...createConfigSlice(set, get),
    ...createTrainingSlice(deps, runIds)(set, get),
    ...createTuneSlice(runIds)(set, get),
  }));
}

// The app's store instance and the hook components use to read single fields from it.
import { useStore } from 'zustand';
import { appDeps } from './appDeps';
import { createPlaygroundStore } from './createStore';
import type { PlaygroundState } from './types';

export const playgroundStore = createPlaygroundStore(appDeps);

export function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(playgroundStore, selector);
}

export type { PlaygroundState } from './types';

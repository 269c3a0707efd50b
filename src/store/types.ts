import type { StoreApi } from 'zustand/vanilla';
import type { ConfigSlice } from './configSlice';
import type { DataSlice } from './dataSlice';
import type { TrainingSlice } from './trainingSlice';

export type PlaygroundState = DataSlice & ConfigSlice & TrainingSlice;

/** A slice creator: receives the whole store's set/get and returns its own part. */
export type Slice<T> = (
  set: StoreApi<PlaygroundState>['setState'],
  get: StoreApi<PlaygroundState>['getState'],
) => T;

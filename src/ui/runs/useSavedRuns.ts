import { useStore } from 'zustand';
import { type SavedRunsSlice, savedRunsStore } from '../../store/savedRuns';

/** Reads one field of the saved-runs store; re-renders only when it changes. */
export function useSavedRuns<T>(selector: (state: SavedRunsSlice) => T): T {
  return useStore(savedRunsStore, selector);
}

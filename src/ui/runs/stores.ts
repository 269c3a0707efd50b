import { playgroundStore } from '../../store';
import { savedRunsStore } from '../../store/savedRuns';

/** The two stores the share and import actions work on. */
export const stores = { playground: playgroundStore, savedRuns: savedRunsStore };

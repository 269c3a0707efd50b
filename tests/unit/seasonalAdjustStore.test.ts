// The seasonal adjustment option through the store: to the worker's requests and the data summary, and
// from saved runs, where a run saved before the option existed applies it as off.

import { describe, expect, it } from 'vitest';
import { createPlaygroundStore } from '../../src/store/createStore';
import type { PlaygroundDeps, TrainerPort } from '../../src/store/deps';
import { applyTrainingConfig, configFromPlayground } from '../../src/store/savedRunsConfig';
import type { ToWorker } from '../../src/worker/protocol';
import { fakeDataWorker } from './fakeDataWorker';

/** Ten years of months with a ±30 % season. */
const MONTHLY = [
  'date,sales',
  ...Array.from({ length: 120 }, (_, t) => {
    const date = `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
    return `${date},${(100 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + (t % 5) * 0.4).toFixed(3)}`;
  }),
].join('\n');

function storeWithSample() {
  const data = fakeDataWorker();
  const posted: ToWorker[] = [];
  const trainer: TrainerPort = { post: (m) => posted.push(m), listen: () => {}, terminate: () => {} };
  const deps: PlaygroundDeps = {
    samples: [
      {
        id: 'monthly',
        name: 'Monthly sales',
        description: 'seasonal',
        roles: { timeColumn: 'date', targets: ['sales'], features: ['sales'] },
      },
    ],
    loadSample: () => data.parse(MONTHLY),
    parseFile: () => data.parse(MONTHLY),
    prepare: data.prepare,
    createTrainer: () => trainer,
  };
  return { store: createPlaygroundStore(deps), posted };
}

describe('the seasonal adjustment option in the store', () => {
  it('reaches the summary and the run request, and an older saved run applies it as off', async () => {
    const { store, posted } = storeWithSample();
    await store.getState().loadSample('monthly');
    store.getState().setPrepareOptions({ seasonalAdjust: 'auto' });
    await store.getState().whenPrepared();
    const prepared = store.getState().prepared;
    expect(prepared?.ok && prepared.summary.seasonalAdjustment).toEqual([
      { column: 'sales', text: 'Seasonally adjusted (multiplicative, season 12)' },
    ]);
    const saved = configFromPlayground(store.getState());
    expect(saved.data.prepare.seasonalAdjust).toBe('auto');

    const older = structuredClone(saved);
    delete older.data.prepare.seasonalAdjust; // a run saved before the option existed
    await applyTrainingConfig(store, older);
    expect(store.getState().prepareOptions.seasonalAdjust).toBe('off');
    await store.getState().whenPrepared();
    const after = store.getState().prepared;
    expect(after?.ok && after.summary.seasonalAdjustment).toEqual([]);
    expect(older.data.prepare.seasonalAdjust).toBeUndefined();

    await applyTrainingConfig(store, saved);
    await store.getState().whenPrepared();
    store.getState().trainBoth();
    const start = posted.find((m) => m.type === 'start');
    expect(start?.type === 'start' && start.options.seasonalAdjust).toBe('auto');
  });
});

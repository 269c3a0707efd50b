// The forecast past the data comes from a model refit on every row: rows the scored model never trained on
// (its validation and test parts) move the future, while the scored model, and so the test metrics, stay
// exactly as they were.

import { describe, expect, it } from 'vitest';
import { REFIT_MEMBERS } from '../../../src/config';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { DEFAULT_PREPARE_OPTIONS, type PreparedDataset } from '../../../src/data/types';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import type { FromWorker, ModelResult } from '../../../src/worker/protocol';
import { allRows, refitEpochs, refitForecast } from '../../../src/worker/refit';
import { TrainingSession } from '../../../src/worker/session';
import { oneByOne, setup } from '../sessionFixtures';

const N = 120;
const T = 8;

/** A monthly sine; rows [from, to) raised by `shift`. */
async function dataset(shift: number, from: number, to: number): Promise<PreparedDataset> {
  const rows = Array.from({ length: N }, (_, t) => {
    const v = 10 + Math.sin((2 * Math.PI * t) / 6) + (t >= from && t < to ? shift : 0);
    return `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01,${v.toFixed(6)}`;
  });
  const parsed = await parseCsvText(`date,value\n${rows.join('\n')}\n`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const roles = { timeColumn: 'date', targets: ['value'], features: ['value'] };
  const prepared = prepareDataset(parsed.table, roles, {
    ...DEFAULT_PREPARE_OPTIONS,
    seasonalAdjust: 'off',
    window: { inputLength: T, horizon: 1, stride: 1 },
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.dataset;
}

async function train(data: PreparedDataset, refit: boolean) {
  const messages: FromWorker[] = [];
  const loop = { batchSize: 8, epochs: 4, patience: 0 };
  const cell = (c: 'lstm' | 'gru') => {
    const s = setup(c, loop);
    return { ...s, config: { ...s.config, outputSize: 1 }, optimizer: { ...s.optimizer, lr: 1e-2 } };
  };
  const session = new TrainingSession(
    1,
    data,
    { lstm: cell('lstm'), gru: cell('gru') },
    oneByOne({ createModel: async (c, o, w) => createCpuModel(c, o, w), recover: async () => 'CPU engine' }),
    (m) => messages.push(m),
    { now: () => performance.now(), yieldToEvents: async () => {}, previewMs: 0, backtest: false, refit },
    { season: 0, forecastSteps: 6 },
  );
  await session.run();
  const results = messages.flatMap((m) => (m.type === 'result' ? [m.result] : []));
  const byCell = (c: string) => results.find((r) => r.model === c) as ModelResult;
  return { lstm: byCell('lstm'), gru: byCell('gru'), messages };
}

describe('refit on every row for the forecast past the data', () => {
  it('trains on all rows, none left to validate or test', async () => {
    const data = await dataset(0, 0, 0);
    const view = allRows(data);
    expect(view.windows.train.count).toBe(N - T);
    expect(view.windows.val.count).toBe(0);
    expect(view.windows.test.count).toBe(0);
    expect(refitEpochs(0)).toBe(1);
    expect(refitEpochs(7)).toBe(7);
  });

  it('learns from the last rows: a change planted there moves the forecast, not the scored model', async () => {
    // rows 103..111 (in the test part, rows 102..119) are raised; the last T rows, the forecast's inputs, are not
    const plain = await dataset(0, 0, 0);
    const planted = await dataset(3, 103, N - T);
    const [a, b] = [await train(plain, true), await train(planted, true)];
    for (const c of ['lstm', 'gru'] as const) {
      // the scored model trained on the training rows only, so it is the same model
      expect(Array.from(b[c].weights)).toEqual(Array.from(a[c].weights));
      expect(b[c].forecastSource).toEqual({
        kind: 'refit',
        rows: N,
        epochs: a[c].bestEpoch,
        members: REFIT_MEMBERS,
      });
      const moved = Math.max(...Array.from(a[c].forecast, (v, i) => Math.abs(v - b[c].forecast[i])));
      expect(moved).toBeGreaterThan(0.05);
    }
    // the session said it was refitting
    expect(b.messages.some((m) => m.type === 'model-status' && m.note.kind === 'refitting')).toBe(true);
  });

  it('without refit, the held-out model forecasts and the planted rows change nothing past the data', async () => {
    const a = await train(await dataset(0, 0, 0), false);
    const b = await train(await dataset(3, 103, N - T), false);
    for (const c of ['lstm', 'gru'] as const) {
      expect(b[c].forecastSource).toEqual({ kind: 'held-out', reason: null });
      expect(Array.from(b[c].forecast)).toEqual(Array.from(a[c].forecast));
    }
  });

  it('forecasts the element-wise median of its members, one per consecutive seed', async () => {
    const data = await dataset(0, 0, 0);
    const s = setup('gru', { batchSize: 8, epochs: 2, patience: 0 });
    const base = { ...s, config: { ...s.config, outputSize: 1 }, optimizer: { ...s.optimizer, lr: 1e-2 } };
    const engines = oneByOne({
      createModel: async (c, o, w) => createCpuModel(c, o, w),
      recover: async () => '',
    });
    const options = { now: () => performance.now(), yieldToEvents: async () => {}, stopped: () => false };
    const refit = (setupOf: typeof base, members: number) =>
      refitForecast('gru', data, setupOf, engines, 2, 6, (k) => k, options, members);
    // each member alone: the same settings with the seed moved on by 0, 1 and 2
    const alone = [];
    for (let i = 0; i < 3; i++) {
      const one = await refit({ ...base, config: { ...base.config, seed: base.config.seed + i } }, 1);
      alone.push(Array.from(one?.values ?? []));
    }
    expect(alone[1]).not.toEqual(alone[0]);
    const three = await refit(base, 3);
    expect(three?.source).toEqual({ kind: 'refit', rows: N, epochs: 2, members: 3 });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    for (let i = 0; i < 6; i++)
      expect(three?.values[i]).toBeCloseTo(median([alone[0][i], alone[1][i], alone[2][i]]), 6);
  });
});

// The 'change' formulation: exact inverses, and what it buys on a trending series.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/config';
import { decodeOutputs, encodeInputs, encodeTargets, formulationCodec } from '../../../src/data/formulation';
import { parseCsvText } from '../../../src/data/parse/parseCsv';
import { prepareDataset } from '../../../src/data/prepare';
import { fitScaler, makeScaler } from '../../../src/data/scaler';
import { DEFAULT_PREPARE_OPTIONS, type Formulation, type PrepareOptions } from '../../../src/data/types';
import { createCpuModel } from '../../../src/engine/reference/cpuModel';
import { modelSetup } from '../../../src/store/modelSettings';
import type { FromWorker, ModelResult } from '../../../src/worker/protocol';
import { TrainingSession } from '../../../src/worker/session';
import { oneByOne } from '../sessionFixtures';

describe('formulation transforms', () => {
  test('targets encoded then decoded come back exactly (values whose differences are exact in Float32)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }), // B
        fc.integer({ min: 1, max: 3 }), // horizon
        fc.integer({ min: 1, max: 3 }), // K
        fc.integer(),
        (B, horizon, K, seed) => {
          // integers below 2^20 are exact in Float32, and so are their differences
          const int = (i: number) => ((seed ^ (i * 2654435761)) >>> 12) - (1 << 19);
          const y = Float32Array.from({ length: B * horizon * K }, (_, i) => int(i));
          const anchors = Float32Array.from({ length: B * K }, (_, i) => int(1000 + i));
          const encoded = y.slice();
          encodeTargets('change', encoded, anchors, K);
          for (let b = 0; b < B; b++)
            for (let i = 0; i < horizon * K; i++)
              expect(encoded[b * horizon * K + i]).toBe(y[b * horizon * K + i] - anchors[b * K + (i % K)]);
          decodeOutputs('change', encoded, anchors, K);
          expect(Array.from(encoded)).toEqual(Array.from(y));
        },
      ),
    );
  });

  test('any Float32 targets come back within one rounding of the larger magnitude', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.float({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (values, anchorValues) => {
          const y = Float32Array.from(values); // (B=2, horizon=3, K=1)
          const anchors = Float32Array.from(anchorValues);
          const back = y.slice();
          encodeTargets('change', back, anchors, 1);
          decodeOutputs('change', back, anchors, 1);
          for (let i = 0; i < y.length; i++) {
            const size = Math.max(Math.abs(y[i]), Math.abs(anchors[Math.floor(i / 3)]));
            expect(Math.abs(back[i] - y[i])).toBeLessThanOrEqual(size * 2 ** -22);
          }
        },
      ),
    );
  });

  test("inputs become each column's change from the window's last row; 'level' changes nothing", () => {
    const x = Float32Array.from([1, 10, 2, 20, 4, 40]); // (B=1, T=3, F=2)
    const level = x.slice();
    encodeInputs('level', level, 1, 3, 2);
    expect(Array.from(level)).toEqual(Array.from(x));
    encodeInputs('change', x, 1, 3, 2);
    expect(Array.from(x)).toEqual([-3, -30, -2, -20, 0, 0]);
  });

  test('the codec encodes a window without touching it and decodes against the given last levels', () => {
    const codec = formulationCodec('change', 1, 1);
    const window = Float32Array.from([5, 6, 8]);
    expect(Array.from(codec.encode(window))).toEqual([-3, -2, 0]);
    expect(Array.from(window)).toEqual([5, 6, 8]);
    expect(Array.from(codec.decode(Float32Array.from([0.5, 1.5]), Float32Array.of(8)))).toEqual([8.5, 9.5]);
  });

  test("the 'changes' scaler makes one-step changes of the training rows unit variance, and inverts", () => {
    const values = Float64Array.from({ length: 50 }, (_, t) => 3 * t + (t % 2 === 0 ? 1 : -1));
    const params = fitScaler('changes', ['v'], values, 40);
    const scaler = makeScaler(params);
    const scaled = scaler.transform(0, values);
    const d = Array.from({ length: 39 }, (_, i) => scaled[i + 1] - scaled[i]);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    expect(sd).toBeCloseTo(1, 5);
    const back = scaler.inverse(0, scaled);
    for (let i = 0; i < values.length; i++) expect(back[i]).toBeCloseTo(values[i], 3);
  });
});

/** y_t = 0.5 t + 4 sin(2πt/12) + noise: the test part lies wholly above anything seen in training. */
function trendCsv(n: number): string {
  let state = 7;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  const rows = Array.from({ length: n }, (_, t) =>
    (0.5 * t + 4 * Math.sin((2 * Math.PI * t) / 12) + 0.5 * noise()).toFixed(4),
  );
  return `y\n${rows.join('\n')}\n`;
}

async function trainOnTrend(formulation: Formulation, scaler: PrepareOptions['scaler']) {
  const parsed = await parseCsvText(trendCsv(180));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const roles = { timeColumn: null, targets: ['y'], features: ['y'] };
  const options: PrepareOptions = {
    ...DEFAULT_PREPARE_OPTIONS,
    scaler,
    formulation,
    // about the formulation alone: the season stays in the series (with the changes scaler, an adjusted
    // trend's steps are small and the window's relative inputs large)
    seasonalAdjust: 'off',
    window: { inputLength: 12, horizon: 1, stride: 1 },
  };
  const prepared = prepareDataset(parsed.table, roles, options);
  if (!prepared.ok) throw new Error(prepared.error.message);
  const data = prepared.dataset;
  const trainEnd = data.splits.train.end;
  const trainMax = Math.max(...Array.from(data.values.subarray(0, trainEnd)));
  const testMin = Math.min(...Array.from(data.values.subarray(data.splits.test.start)));
  expect(testMin).toBeGreaterThan(trainMax);

  const settings = { ...DEFAULT_MODEL_SETTINGS, hiddenSize: 16, epochs: 25, batchSize: 16, patience: 0 };
  const shape = { inputSize: 1, outputSize: 1 };
  const messages: FromWorker[] = [];
  await new TrainingSession(
    1,
    data,
    { lstm: modelSetup('lstm', settings, shape), gru: modelSetup('gru', settings, shape) },
    oneByOne({ createModel: async (c, o, w) => createCpuModel(c, o, w), recover: async () => '' }),
    (m) => messages.push(m),
    { now: () => performance.now(), yieldToEvents: async () => {} },
    { season: 12, forecastSteps: 6 },
  ).run();
  const started = messages.find((m) => m.type === 'started');
  if (started?.type !== 'started') throw new Error('no start');
  const naive = started.baselines.find((b) => b.name === 'naive')!.metrics.rmse;
  const results = messages.flatMap((m) => (m.type === 'result' ? [m.result] : [])) as ModelResult[];
  return { naive, results, lastValue: data.values[data.length - 1] };
}

describe('forecasting a trend that leaves the training range', () => {
  test("with the default 'change' formulation both networks beat naive, and the forecast continues the series", async () => {
    const { naive, results, lastValue } = await trainOnTrend('change', 'changes');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.metrics.rmse).toBeLessThan(naive);
      expect(r.forecastMode).toBe('recursive');
      expect(r.forecast).toHaveLength(6);
      // one step on: within a few units of the last value (the series moves ~0.5 + season per step)
      expect(Math.abs(r.forecast[0] - lastValue)).toBeLessThan(5);
    }
  });

  test('predicting levels (the former formulation) loses to naive on the same series', async () => {
    const { naive, results } = await trainOnTrend('level', 'standard');
    for (const r of results) expect(r.metrics.rmse).toBeGreaterThan(naive);
  });
});

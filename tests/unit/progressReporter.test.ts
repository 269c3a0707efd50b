import { describe, expect, it } from 'vitest';
import type { CellKind } from '../../src/engine/types';
import { ProgressReporter } from '../../src/worker/progress';
import type { FromWorker, ModelProgress } from '../../src/worker/protocol';
import { FAKE_INFO } from './sessionFixtures';

function source(cell: CellKind, epochs: number, etaMs: number) {
  const progress: ModelProgress = {
    status: 'training',
    epoch: 1,
    epochs,
    step: 0,
    stepsPerEpoch: 5,
    samplesPerSec: 0,
    trainMs: 0,
    etaMs,
    lastLoss: 1,
    bestVal: 1,
    bestEpoch: 0,
    engine: FAKE_INFO,
  };
  return { cell, progress: () => progress };
}

describe('ProgressReporter', () => {
  it('keys each model by its cell, whatever the order of the sources, and waits for every cell', () => {
    const sent: FromWorker[] = [];
    let t = 0;
    const reporter = new ProgressReporter(
      3,
      (m) => sent.push(m),
      () => t,
      100,
    );
    reporter.start();
    reporter.add({ model: 'gru', epoch: 1, kind: 'epoch', train: 0.5, val: 0.4 });
    reporter.flush([source('gru', 7, 30)]);
    expect(sent).toEqual([]);
    t = 250;
    reporter.flush([source('gru', 7, 30), source('lstm', 2, 10)]);
    const [message] = sent;
    expect(message.type === 'progress' && message.models.lstm.epochs).toBe(2);
    expect(message.type === 'progress' && message.models.gru.epochs).toBe(7);
    expect(message).toMatchObject({
      runId: 3,
      elapsedMs: 250,
      etaMs: 40,
      points: [{ model: 'gru', epoch: 1 }],
    });
  });

  it('counts only active time and batches by the flush interval', () => {
    const sent: FromWorker[] = [];
    let t = 0;
    const reporter = new ProgressReporter(
      1,
      (m) => sent.push(m),
      () => t,
      100,
    );
    reporter.start();
    t = 40;
    expect(reporter.dueForRunningPoint()).toBe(false);
    t = 60;
    expect(reporter.dueForRunningPoint()).toBe(true);
    expect(reporter.due()).toBe(false);
    reporter.pause();
    t = 1000;
    reporter.resume();
    t = 1100;
    expect(reporter.due()).toBe(true);
    reporter.flush([source('lstm', 1, 0), source('gru', 1, 0)]);
    expect(sent[0]).toMatchObject({ elapsedMs: 160 });
    expect(reporter.due()).toBe(false);
  });
});

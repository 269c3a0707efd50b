// Trains one model until its loop ends (all epochs, early stopping or a non-finite loss) without
// reporting progress: the backtest's retraining runs many such trainings after the live run.

import type { Trainee } from './trainee';

export type TrainingEnd = 'finished' | 'early-stopped' | 'non-finite' | 'cancelled';

export interface TrainToEndOptions {
  now(): number;
  yieldToEvents(): Promise<void>;
  stopped(): boolean;
  /** Interval between yields to the event loop, ms (default 16). */
  yieldMs?: number;
}

export async function trainToEnd(trainee: Trainee, options: TrainToEndOptions): Promise<TrainingEnd> {
  const yieldMs = options.yieldMs ?? 16;
  let lastYield = options.now();
  trainee.status = 'training';
  for (;;) {
    if (options.stopped()) return 'cancelled';
    const outcome = await trainee.trainStep();
    if (outcome.kind === 'non-finite') return 'non-finite';
    if (outcome.epochDone) {
      const end = await trainee.endEpoch();
      if (end.verdict !== 'next') return end.verdict;
    }
    if (options.now() - lastYield >= yieldMs) {
      await options.yieldToEvents();
      lastYield = options.now();
    }
  }
}

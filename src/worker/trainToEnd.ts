// Trains one model, or several side by side, until its loop ends (all epochs, early stopping or a non-finite
// loss) without reporting progress: the backtest's retraining and the refit run such trainings after the
// live run.

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
  const [end] = await trainAllToEnd([trainee], options);
  return end;
}

/**
 * Trains several models step by step in turn until each one's loop ends. On the GPU their steps are queued
 * together (a batched model joins them into one pass); on the CPU they run one after the other.
 */
export async function trainAllToEnd(trainees: Trainee[], options: TrainToEndOptions): Promise<TrainingEnd[]> {
  const yieldMs = options.yieldMs ?? 16;
  let lastYield = options.now();
  const ends: (TrainingEnd | null)[] = trainees.map(() => null);
  for (const t of trainees) t.status = 'training';
  const stepOne = async (i: number) => {
    const t = trainees[i];
    const outcome = await t.trainStep();
    if (outcome.kind === 'non-finite') ends[i] = 'non-finite';
    else if (outcome.epochDone) {
      const end = await t.endEpoch();
      if (end.verdict !== 'next') ends[i] = end.verdict;
    }
  };
  for (;;) {
    if (options.stopped()) return trainees.map(() => 'cancelled');
    const active = ends.flatMap((e, i) => (e === null ? [i] : []));
    if (active.length === 0) return ends as TrainingEnd[];
    if (trainees[0].model.info.kind === 'webgpu') await Promise.all(active.map(stepOne));
    else for (const i of active) await stepOne(i);
    if (options.now() - lastYield >= yieldMs) {
      await options.yieldToEvents();
      lastYield = options.now();
    }
  }
}

// The real outside world for the app's store: bundled samples, the parse worker and the training worker
// (which owns the GPU, the parsed table and the prepared data).
import { SAMPLE_DATASETS } from '../data/samples';
import type { LoadOutcome } from '../data/types';
import { createTrainingWorker, type TrainingWorker } from '../worker/client';
import { type ParseInWorkerOptions, parseCsvInWorker } from '../worker/parseClient';
import type { GpuProbeResult } from '../worker/protocol';
import type { PlaygroundDeps } from './deps';

let worker: TrainingWorker | null = null;
/** The training worker, started on first use (loading a file uses it too: it keeps the table). */
function trainingWorker(): TrainingWorker {
  worker ??= createTrainingWorker();
  return worker;
}

/** Parses in the parse worker, which sends the table to the training worker and the page its view. */
function parseForTraining(file: Blob, options: ParseInWorkerOptions): Promise<LoadOutcome> {
  return parseCsvInWorker(file, trainingWorker().data.forwardedTable(), options);
}

/** The status panel's WebGPU probe, run by the training worker (the one that owns the GPU). */
export function probeGpu(): Promise<GpuProbeResult> {
  return trainingWorker().probeGpu();
}

export const appDeps: PlaygroundDeps = {
  samples: SAMPLE_DATASETS.map(({ id, name, description, suggestedRoles }) => ({
    id,
    name,
    description,
    roles: suggestedRoles,
  })),
  async loadSample(id, onProgress, options) {
    const sample = SAMPLE_DATASETS.find((s) => s.id === id);
    if (!sample)
      return { ok: false, error: { kind: 'read-failed', message: `There is no sample named "${id}".` } };
    const response = await fetch(`${import.meta.env.BASE_URL}${sample.path}`);
    if (!response.ok) {
      return {
        ok: false,
        error: {
          kind: 'read-failed',
          message: `The sample could not be downloaded (HTTP ${response.status}).`,
        },
      };
    }
    const file = new File([await response.blob()], sample.path.split('/').pop() ?? sample.id);
    return parseForTraining(file, { ...options, onProgress });
  },
  // Parsing runs in its own worker so a large file never blocks the page.
  parseFile: (file, onProgress, options) => parseForTraining(file, { ...options, onProgress }),
  prepare: (table, roles, options, suggest) =>
    trainingWorker().data.prepare(table.id, roles, options, suggest),
  prepareDebounceMs: 120,
  createTrainer: () => trainingWorker().trainer,
};

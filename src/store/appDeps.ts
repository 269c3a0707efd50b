// The real outside world for the app's store: the data pipeline, bundled samples and the training worker.
import { SAMPLE_DATASETS } from '../data/samples';
import type { ParseOutcome } from '../data/types';
import { createTrainerWorker } from '../worker/client';
import { createDataWorker, type DataPort } from '../worker/dataClient';
import { type ParseInWorkerOptions, parseCsvInWorker } from '../worker/parseClient';
import type { PlaygroundDeps } from './deps';

let data: DataPort | null = null;
/** The data worker, started on first use. */
function dataWorker(): DataPort {
  data ??= createDataWorker();
  return data;
}

/** Parses in the parse worker, which also hands the table to the data worker, so the page never copies it. */
async function parseForData(file: Blob, options: ParseInWorkerOptions): Promise<ParseOutcome> {
  const forwarded = dataWorker().forwardedTable();
  const outcome = await parseCsvInWorker(file, { ...options, forward: forwarded.port });
  if (outcome.ok) forwarded.adopt(outcome.table);
  else forwarded.cancel();
  return outcome;
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
    return parseForData(file, { ...options, onProgress });
  },
  // Parsing runs in its own worker so a large file never blocks the page.
  parseFile: (file, onProgress, options) => parseForData(file, { ...options, onProgress }),
  prepare: (table, roles, options, suggest) => dataWorker().prepare(table, roles, options, suggest),
  prepareDebounceMs: 120,
  createTrainer: createTrainerWorker,
};

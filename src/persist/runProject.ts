// A run's PyTorch project, made on the page from the run's project source (pytorchProject.ts `ProjectSource`):
// the one the worker sent as the run ended, or the one a saved run keeps. Runs saved before runs kept it
// cannot be exported; the problem says what they lack, so the page can say so before anyone clicks.

import { type CellKind, MODEL_NAME } from '../config';
import { type ProjectSource, projectInput, projectName, pytorchProject } from './pytorchProject';
import type { SavedRun } from './runRecord';
import type { TrainingConfig } from './trainingConfig';
import { zipFiles } from './zip';

/** A part of a project that a run does not have. */
export type ProjectPart = 'prepared-data' | 'initial-weights' | 'trained-weights';

export interface ProjectProblem {
  kind: 'project-parts-missing';
  cell: CellKind;
  missing: ProjectPart[];
  message: string;
}

export type RunProject =
  | { ok: true; name: string; zip: () => Uint8Array }
  | { ok: false; problem: ProjectProblem };

export interface ProjectRun {
  name: string;
  config: TrainingConfig;
  source: ProjectSource | null | undefined;
  trainedWeights: Float32Array | null | undefined;
}

const PART_TEXT: Record<ProjectPart, (model: string) => string> = {
  'prepared-data': () => 'the data as prepared (the cleaned series, its split rows and windows)',
  'initial-weights': (model) => `the weights the ${model} started from`,
  'trained-weights': (model) => `the ${model}'s trained weights`,
};

function missingParts(run: ProjectRun, cell: CellKind): ProjectPart[] {
  const missing: ProjectPart[] = [];
  if (!run.source) missing.push('prepared-data');
  if (!run.source?.models[cell]) missing.push('initial-weights');
  if (!run.trainedWeights) missing.push('trained-weights');
  return missing;
}

/** The project of the run's `cell`, zipped on demand, or which of its parts the run lacks. */
export function runProject(run: ProjectRun, cell: CellKind): RunProject {
  const missing = missingParts(run, cell);
  const input =
    missing.length === 0 && run.source
      ? projectInput(run.source, cell, {
          name: run.name,
          config: run.config,
          trainedWeights: run.trainedWeights ?? null,
        })
      : null;
  if (!input) {
    const model = MODEL_NAME[cell];
    const parts = missing.map((p) => PART_TEXT[p](model));
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
    return {
      ok: false,
      problem: {
        kind: 'project-parts-missing',
        cell,
        missing,
        message: `The ${model} cannot be exported as a PyTorch project: this run does not hold ${list} (runs saved by earlier versions of the page lack them). “Use these settings” and train it again to get a run that exports.`,
      },
    };
  }
  return { ok: true, name: `${projectName(run.name, cell)}.zip`, zip: () => zipFiles(pytorchProject(input)) };
}

/** The PyTorch project of a saved run's `cell`, from what the run keeps. */
export function savedRunProject(run: SavedRun, cell: CellKind): RunProject {
  return runProject(
    {
      name: run.name,
      config: run.config,
      source: run.payload.project,
      trainedWeights: run.payload.weights[cell],
    },
    cell,
  );
}

// Why an action of the store could not go ahead, as data made where it arises. The page words each union in
// one function beside the component that shows it: src/ui/training/startProblemText.ts,
// src/ui/tune/tuneProblemText.ts and src/ui/runs/modelFileProblemText.ts.

import type { CellKind, NumericSetting, SweepSettingsProblem } from '../config';
import type { DataError } from '../data/types';
import type { ConfigIssue } from '../persist/trainingConfig';
import type { RunFailure } from '../worker/protocol';

/** Why "Train both" could not start. */
export type StartProblem =
  | { kind: 'no-data' }
  /** The loaded table cannot be prepared with the current settings; `error.message` is src/data's sentence. */
  | { kind: 'data'; error: DataError }
  /** A model's setting is out of its range; `problem` is the sentence its settings card shows for it. */
  | { kind: 'invalid-setting'; model: CellKind; field: NumericSetting; problem: string };

/** Why the sweep could not start, or why it failed. */
export type TuneProblem =
  | { kind: 'no-data' }
  | { kind: 'data'; error: DataError }
  /** The sweep's own settings (checked by `sweepSettingsProblem`, as the Tune form does while they are edited). */
  | SweepSettingsProblem
  /** The worker ended the sweep; `error.message` says why. */
  | { kind: 'sweep-failed'; error: RunFailure };

/** Why the model files given could not be opened and evaluated. */
export type ModelFileProblem =
  | { kind: 'no-weights-file' }
  /** The config.json beside the weights is not a Forecast Lab project's; `message` is the reader's sentence. */
  | { kind: 'bad-project-config'; message: string }
  /** The .safetensors file cannot be read as a model; `message` is the reader's sentence. */
  | { kind: 'bad-weights'; fileName: string; message: string }
  /** The run's settings stored in the weights file do not validate; the first issue. */
  | { kind: 'unusable-settings'; fileName: string; issue: ConfigIssue }
  /** No table is loaded after applying the file's settings; `issue` is the first thing that could not be applied. */
  | { kind: 'no-data'; issue: ConfigIssue | null };

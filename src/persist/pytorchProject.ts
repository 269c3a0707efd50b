// A run as a PyTorch project: config.json (the run's exact settings and data preparation), data.csv (the
// cleaned series), the initial and trained weights, model.py / train.py / README.md / requirements.txt
// rendered from the templates in templates/pytorch/, and torchrun_compat.py (torchrun where Debian's is
// broken). The templates keep only the code the run's settings use: `#if key=value` … `#endif` blocks (they
// nest) and `{{name}}` placeholders. train.py forecasts past the data as the page does: the median of models
// refit on every row from consecutive seeds (src/worker/refit.ts), for the steps and times the page forecast
// and with as many refits (config.json `forecast`).

import modelTemplate from '../../templates/pytorch/model.py?raw';
import readmeTemplate from '../../templates/pytorch/README.md?raw';
import requirements from '../../templates/pytorch/requirements.txt?raw';
import torchrunCompat from '../../templates/pytorch/torchrun_compat.py?raw';
import trainTemplate from '../../templates/pytorch/train.py?raw';
import { type CellKind, MODEL_NAME } from '../config';
import type { Formulation } from '../data/formulation';
import type { SeasonalFactors } from '../data/seasonalAdjust';
import type {
  PreparedDataset,
  RowRange,
  ScalerKind,
  SplitName,
  Transform,
  WindowConfig,
} from '../data/types';
import type { ForecastMode } from '../engine/forecast';
import { paramLayout } from '../engine/layout';
import type { ModelConfig, OptimizerConfig } from '../engine/types';
import { stateDictName } from './modelExport';
import { writeSafetensors } from './safetensors';
import type { TrainingConfig } from './trainingConfig';

export interface ProjectInput {
  runName: string;
  model: ModelConfig;
  optimizer: OptimizerConfig;
  loop: { batchSize: number; epochs: number; patience: number };
  /** The prepared dataset's columns: the series columns, then calendar inputs. */
  columns: string[];
  /** How many of `columns` are series values (scaled); the rest are calendar inputs (not scaled). */
  seriesColumns: number;
  /** (N, C) cleaned values in original units. */
  values: Float32Array;
  /** (N) time of each row: ms since the epoch, a number, or the row index. */
  time: Float64Array;
  timeKind: 'datetime' | 'number' | 'index';
  featureIndex: number[];
  targetIndex: number[];
  splits: Record<SplitName, RowRange>;
  window: WindowConfig;
  scaler: ScalerKind;
  /** 'log': the scaler was fitted on the natural log of the series columns. */
  transform: Transform;
  /** Per series column: the seasonal factors divided out (or subtracted) before the transform; null: none. */
  seasonal?: (SeasonalFactors | null)[] | null;
  formulation: Formulation;
  /** Season of the seasonal-naive MASE denominator. */
  season: number;
  initialWeights: Float32Array;
  trainedWeights: Float32Array | null;
  /**
   * (steps) times of the steps the page forecast past the data (as `time`); absent for runs saved before
   * projects carried them, whose train.py then does not forecast.
   */
  forecastTime?: Float64Array | null;
  /** Models refit for the forecast past the data, whose median it is; absent (runs saved before it): one. */
  refitMembers?: number;
  /** The page's settings, kept in config.json so the run can be loaded back. */
  config: TrainingConfig;
}

/** The data part of a project: the dataset as prepared for the run. */
export type ProjectData = Pick<
  ProjectInput,
  | 'columns'
  | 'seriesColumns'
  | 'values'
  | 'time'
  | 'timeKind'
  | 'featureIndex'
  | 'targetIndex'
  | 'splits'
  | 'window'
  | 'scaler'
  | 'transform'
  | 'seasonal'
  | 'formulation'
>;

/** One network of a run as its project needs it: the shape it was trained with and the weights it started from. */
export interface ProjectModel {
  model: ModelConfig;
  optimizer: OptimizerConfig;
  loop: ProjectInput['loop'];
  initialWeights: Float32Array;
}

/**
 * What the projects of a run need besides its name, the page's settings and the trained weights. The worker
 * makes it when the run ends; a saved run keeps it, so its projects are made on the page.
 */
export interface ProjectSource {
  data: ProjectData;
  season: number;
  models: Partial<Record<CellKind, ProjectModel>>;
  /** Times of the steps forecast past the data; runs saved before it lack it. */
  forecastTime?: Float64Array;
  /** Models refit for that forecast, whose median it is (the page's refitMembers); runs saved before it: one. */
  refitMembers?: number;
}

/** The data part of a project, from a prepared dataset. */
export function projectData(
  d: Pick<
    PreparedDataset,
    | 'columns'
    | 'calendar'
    | 'values'
    | 'time'
    | 'timeKind'
    | 'featureIndex'
    | 'targetIndex'
    | 'splits'
    | 'windows'
    | 'scaler'
    | 'formulation'
  >,
): ProjectData {
  return {
    columns: d.columns,
    seriesColumns: d.columns.length - d.calendar.length,
    values: d.values,
    time: d.time,
    timeKind: d.timeKind,
    featureIndex: d.featureIndex,
    targetIndex: d.targetIndex,
    splits: d.splits,
    window: d.windows.config,
    scaler: d.scaler.kind,
    transform: d.scaler.log?.some(Boolean) ? 'log' : 'none',
    seasonal: d.scaler.seasonal?.slice(0, d.columns.length - d.calendar.length) ?? null,
    formulation: d.formulation,
  };
}

/** The project of one network of a run; null when the source has no such network. */
export function projectInput(
  source: ProjectSource,
  cell: CellKind,
  run: { name: string; config: TrainingConfig; trainedWeights: Float32Array | null },
): ProjectInput | null {
  const network = source.models[cell];
  if (!network) return null;
  return {
    runName: run.name,
    ...network,
    ...source.data,
    season: source.season,
    trainedWeights: run.trainedWeights,
    forecastTime: source.forecastTime ?? null,
    refitMembers: source.refitMembers ?? 1,
    config: run.config,
  };
}

/** The zip's file name (without .zip): the run's name made file-safe, the cell, and "pytorch". */
export function projectName(runName: string, cell: CellKind): string {
  return `${runName.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'run'}-${cell}-pytorch`;
}

export interface ProjectFile {
  path: string;
  data: Uint8Array;
}

/** Keeps the `#if` blocks whose condition holds, drops the others, and fills `{{name}}` placeholders. */
export function renderTemplate(
  template: string,
  flags: Record<string, string | boolean>,
  values: Record<string, string>,
): string {
  const out: string[] = [];
  const open: boolean[] = []; // the conditions of the blocks the line is in, outermost first
  for (const line of template.split('\n')) {
    const condition = /^\s*#if (\w+)(?:=([\w-]+))?\s*$/.exec(line);
    if (condition) {
      const value = flags[condition[1]];
      open.push(condition[2] === undefined ? value === true : value === condition[2]);
      continue;
    }
    if (/^\s*#endif\s*$/.test(line)) {
      if (open.pop() === undefined) throw new Error('template #endif without #if');
      continue;
    }
    if (open.every(Boolean)) out.push(line);
  }
  if (open.length > 0) throw new Error('template #if without #endif');
  return out.join('\n').replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`template placeholder {{${name}}} has no value`);
    return values[name];
  });
}

/** The optimiser as PyTorch builds it, with the page's hyperparameters. */
function optimizerLine(o: OptimizerConfig): { code: string; name: string } {
  const wd = o.weightDecay > 0 ? `, weight_decay=${o.weightDecay}` : '';
  switch (o.kind) {
    case 'adam':
      return {
        name: 'Adam',
        code: `torch.optim.Adam(trained.parameters(), lr=${o.lr}, betas=(${o.beta1}, ${o.beta2}), eps=${o.eps}${wd})`,
      };
    case 'sgd':
      return {
        name: 'SGD',
        code: `torch.optim.SGD(trained.parameters(), lr=${o.lr}, momentum=${o.momentum}${wd})`,
      };
    case 'rmsprop':
      return {
        name: 'RMSprop',
        code: `torch.optim.RMSprop(trained.parameters(), lr=${o.lr}, alpha=${o.alpha}, eps=${o.eps}${wd})`,
      };
  }
}

function weightsFile(model: ModelConfig, weights: Float32Array, producer: string): Uint8Array {
  return writeSafetensors(
    paramLayout(model).map((t) => ({
      name: stateDictName(t.name),
      shape: t.shape,
      data: weights.subarray(t.offset, t.offset + t.size),
    })),
    { format: 'pt', producer, model: JSON.stringify(model) },
  );
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** time, then every column; values with enough digits to read back the same float32. */
function dataCsv(input: ProjectInput): string {
  const C = input.columns.length;
  const lines = [['time', ...input.columns].map(csvCell).join(',')];
  for (let r = 0; r < input.time.length; r++) {
    const t = input.timeKind === 'datetime' ? new Date(input.time[r]).toISOString() : String(input.time[r]);
    const row = [t];
    for (let c = 0; c < C; c++) {
      const v = input.values[r * C + c];
      row.push(Number.isNaN(v) ? '' : String(Number(v.toPrecision(9))));
    }
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * How the page forecasts `steps` past the data (src/engine/forecast.ts): one call up to the horizon; past it,
 * recursive when every input is a target or a calendar column, else only the horizon.
 */
function forecastMode(input: ProjectInput, steps: number): ForecastMode {
  if (steps <= input.window.horizon) return 'direct';
  const { featureIndex: inputs, targetIndex: targets, seriesColumns } = input;
  const calendarInputs = inputs.filter((c) => c >= seriesColumns).length;
  const known =
    targets.every((c) => inputs.includes(c)) &&
    inputs.every((c) => targets.includes(c) || c >= seriesColumns) &&
    targets.length + calendarInputs === inputs.length;
  return known ? 'recursive' : 'horizon-only';
}

/** The `#if` flags of the templates: which code the run's settings use. */
function templateFlags(input: ProjectInput): Record<string, string | boolean> {
  const steps = input.forecastTime?.length ?? 0;
  const ahead = forecastMode(input, steps);
  const calendarInputs = input.featureIndex.some((c) => c >= input.seriesColumns);
  return {
    scaler: input.scaler,
    formulation: input.formulation,
    log: input.transform === 'log',
    seasonal: (input.seasonal ?? []).some(Boolean),
    clip: input.optimizer.clipNorm > 0,
    early_stopping: input.loop.patience > 0,
    forecast: steps > 0,
    ahead,
    // what the recursion puts in the window's new rows besides the predicted targets
    known: ahead !== 'recursive' ? 'none' : calendarInputs ? 'calendar' : 'targets',
    times: input.timeKind === 'datetime' ? 'iso' : 'number',
  };
}

/** The `{{name}}` values of the templates. */
function templateValues(input: ProjectInput): Record<string, string> {
  const { model, optimizer, loop } = input;
  const opt = optimizerLine(optimizer);
  return {
    run_name: input.runName.replaceAll('"', "'"),
    cell_name: MODEL_NAME[model.cell],
    rnn_class: model.cell === 'lstm' ? 'LSTM' : 'GRU',
    scaler: input.scaler,
    optimizer: opt.code,
    optimizer_name: opt.name,
    clip_norm: String(optimizer.clipNorm),
    clip_text: optimizer.clipNorm > 0 ? `, gradients clipped to a global norm of ${optimizer.clipNorm}` : '',
    patience: String(loop.patience),
    formulation: input.formulation,
    transform_text:
      ((input.seasonal ?? []).some(Boolean) ? 'seasonal adjustment fitted on the training rows, ' : '') +
      (input.transform === 'log' ? 'the natural log of the series, ' : ''),
    forecast_steps: String(input.forecastTime?.length ?? 0),
    forecast_text: input.forecastTime?.length
      ? ', then the refits on all rows and the forecast past the data'
      : '',
    refits_text:
      refitMembers(input) > 1
        ? `the median of ${refitMembers(input)} refits from consecutive seeds`
        : 'the forecast of one refit',
    transform_undone:
      (input.transform === 'log' ? ', the log' : '') +
      ((input.seasonal ?? []).some(Boolean) ? ', the seasonal adjustment' : ''),
  };
}

/** Models refit for the forecast past the data: the page's count, at least one. */
function refitMembers(input: ProjectInput): number {
  return Math.max(1, Math.floor(input.refitMembers ?? 1));
}

/**
 * config.json: the run's settings, its data preparation, and the steps it forecast past the data with the
 * number of refits whose median that forecast is.
 */
function projectConfig(input: ProjectInput) {
  const forecastTime = input.forecastTime ?? new Float64Array(0);
  return {
    format: 'forecast-lab/pytorch-project',
    version: 1,
    run: input.runName,
    model: input.model,
    optimizer: input.optimizer,
    loop: input.loop,
    data: {
      columns: input.columns,
      seriesColumns: input.seriesColumns,
      featureIndex: input.featureIndex,
      targetIndex: input.targetIndex,
      splits: Object.fromEntries(
        Object.entries(input.splits).map(([name, r]) => [name, [r.start, r.end]]),
      ) as Record<SplitName, [number, number]>,
      window: input.window,
      scaler: input.scaler,
      transform: input.transform,
      seasonal: input.seasonal ?? null,
      formulation: input.formulation,
      season: Math.max(1, Math.floor(input.season)),
    },
    // times as data.csv's rows hold them before formatting: ms since the epoch, numbers or row indices
    ...(forecastTime.length > 0
      ? {
          forecast: {
            steps: forecastTime.length,
            timeKind: input.timeKind,
            time: Array.from(forecastTime),
            refitMembers: refitMembers(input),
          },
        }
      : {}),
    page: input.config,
  };
}

/** The project's files, in the order they are listed in its README. */
export function pytorchProject(input: ProjectInput): ProjectFile[] {
  const { model } = input;
  const flags = templateFlags(input);
  const values = templateValues(input);
  const text = (path: string, body: string): ProjectFile => ({ path, data: new TextEncoder().encode(body) });
  const files: ProjectFile[] = [
    text('README.md', renderTemplate(readmeTemplate, flags, values)),
    text('config.json', `${JSON.stringify(projectConfig(input), null, 2)}\n`),
    text('data.csv', dataCsv(input)),
    { path: 'initial.safetensors', data: weightsFile(model, input.initialWeights, 'forecast-lab initial') },
  ];
  if (input.trainedWeights)
    files.push({
      path: 'trained.safetensors',
      data: weightsFile(model, input.trainedWeights, 'forecast-lab'),
    });
  files.push(
    text('model.py', renderTemplate(modelTemplate, flags, values)),
    text('train.py', renderTemplate(trainTemplate, flags, values)),
    text('torchrun_compat.py', torchrunCompat),
    text('requirements.txt', requirements),
  );
  return files;
}

// The full training setup a run is made from — data settings plus both models' settings, never the data —
// described once as a table of properties. The same table drives the shareable link (one query parameter
// per property, like tensorflow/playground's URL state), the config JSON import, and their validation.

import {
  CELLS,
  type CellKind,
  DEFAULT_MODEL_SETTINGS,
  isIntegerSetting,
  MODEL_NAME,
  type ModelSettings,
  type NumericSetting,
  OPTIMIZERS,
  SETTING_LIMITS,
  TUNE_LIMITS,
  TUNE_MODES,
  TUNE_PRESETS,
  type TuneSettings,
} from '../config';
import { FORMULATIONS } from '../data/formulation';
import { SEASONAL_ADJUST_OPTIONS } from '../data/seasonalAdjust';
import type { ColumnRole, PrepareOptions } from '../data/types';
import {
  CALENDAR_OPTIONS,
  DEFAULT_PREPARE_OPTIONS,
  DUPLICATE_POLICIES,
  MISSING_POLICIES,
  REINDEX_OPTIONS,
  SCALER_KINDS,
  TRANSFORMS,
} from '../data/types';

export type { ModelSettings };

export interface DataSettings {
  /** Id of a bundled sample dataset, or null for a file the user dropped (links then restore settings only). */
  sampleId: string | null;
  /** Column roles; empty `targets` means "use the dataset's suggested roles". */
  roles: ColumnRole;
  prepare: PrepareOptions;
  /** Season length of the seasonal naive, ETS, ARIMA and MASE; 0 = automatic (the calendar's, else detected). */
  season: number;
  /** Steps forecast past the end of the data. */
  forecastSteps: number;
}

export interface TrainingConfig {
  data: DataSettings;
  models: Record<CellKind, ModelSettings>;
  /** The tuning sweep's settings (the Tune panel). */
  tune: TuneSettings;
}

/** A fresh default config (each call, and each model inside it, owns its objects: no shared references). */
export function defaultTrainingConfig(): TrainingConfig {
  return {
    data: {
      sampleId: null,
      roles: { timeColumn: null, targets: [], features: [], seriesColumn: null, series: null },
      prepare: {
        ...structuredClone(DEFAULT_PREPARE_OPTIONS),
        // written out, so that links and files always carry it (absent means 'off', see CONFIG_PROPS)
        seasonalAdjust: DEFAULT_PREPARE_OPTIONS.seasonalAdjust ?? 'off',
      },
      season: 0,
      forecastSteps: 24,
    },
    models: { lstm: structuredClone(DEFAULT_MODEL_SETTINGS), gru: structuredClone(DEFAULT_MODEL_SETTINGS) },
    tune: structuredClone(TUNE_PRESETS.quick),
  };
}

// ───────────────────────────── The property table ─────────────────────────────

export type PropSpec =
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number; minExclusive?: boolean }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string'; nullable: boolean }
  | { type: 'list' }
  /** A list of numbers, each in range; `empty` whether none is allowed. */
  | { type: 'numbers'; min: number; max: number; integer: boolean; empty: boolean }
  /** A non-empty list of distinct values from `values`. */
  | { type: 'enums'; values: readonly string[] };

export interface Prop {
  /** Query parameter name. */
  key: string;
  /** Where the value lives in TrainingConfig. */
  path: readonly string[];
  /** Human label used in error messages. */
  label: string;
  spec: PropSpec;
  /**
   * What a configuration saved before this property existed means by leaving it out, when that is not
   * today's default (a link, file or saved run must keep producing the run it described).
   */
  absent?: unknown;
}

const SAMPLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function modelProps(cell: CellKind): Prop[] {
  // Ranges come from the playground's own limits, so a link can never hold what its inputs refuse.
  const p = (key: string, field: NumericSetting, label: string): Prop => ({
    key: `${cell}.${key}`,
    path: ['models', cell, field],
    label: `${MODEL_NAME[cell]} ${label}`,
    spec: { type: isIntegerSetting(field) ? 'int' : 'number', ...SETTING_LIMITS[field] },
  });
  return [
    p('layers', 'numLayers', 'layers'),
    p('hidden', 'hiddenSize', 'hidden units'),
    p('lr', 'lr', 'learning rate'),
    p('batch', 'batchSize', 'batch size'),
    p('epochs', 'epochs', 'epochs'),
    {
      key: `${cell}.opt`,
      path: ['models', cell, 'optimizer'],
      label: `${MODEL_NAME[cell]} optimiser`,
      spec: { type: 'enum', values: OPTIMIZERS },
    },
    p('momentum', 'momentum', 'momentum'),
    p('clip', 'clipNorm', 'gradient clipping'),
    p('dropout', 'dropout', 'dropout'),
    p('seed', 'seed', 'seed'),
    p('patience', 'patience', 'early-stopping patience'),
  ];
}

/** Every property of TrainingConfig, in URL order. A unit test checks the table covers every leaf. */
export const CONFIG_PROPS: readonly Prop[] = [
  {
    key: 'sample',
    path: ['data', 'sampleId'],
    label: 'sample dataset',
    spec: { type: 'string', nullable: true },
  },
  {
    key: 'time',
    path: ['data', 'roles', 'timeColumn'],
    label: 'time column',
    spec: { type: 'string', nullable: true },
  },
  { key: 'targets', path: ['data', 'roles', 'targets'], label: 'target columns', spec: { type: 'list' } },
  { key: 'features', path: ['data', 'roles', 'features'], label: 'feature columns', spec: { type: 'list' } },
  {
    key: 'seriesColumn',
    path: ['data', 'roles', 'seriesColumn'],
    label: 'series id column',
    spec: { type: 'string', nullable: true },
  },
  {
    key: 'series',
    path: ['data', 'roles', 'series'],
    label: 'series',
    spec: { type: 'string', nullable: true },
  },
  {
    key: 'missing',
    path: ['data', 'prepare', 'missing'],
    label: 'missing values',
    spec: { type: 'enum', values: MISSING_POLICIES },
  },
  {
    key: 'dupes',
    path: ['data', 'prepare', 'duplicates'],
    label: 'duplicate timestamps',
    spec: { type: 'enum', values: DUPLICATE_POLICIES },
  },
  {
    key: 'train',
    path: ['data', 'prepare', 'split', 'train'],
    label: 'train fraction',
    spec: fraction(true),
  },
  { key: 'val', path: ['data', 'prepare', 'split', 'val'], label: 'validation fraction', spec: fraction() },
  { key: 'test', path: ['data', 'prepare', 'split', 'test'], label: 'test fraction', spec: fraction() },
  {
    key: 'scaler',
    path: ['data', 'prepare', 'scaler'],
    label: 'scaler',
    spec: { type: 'enum', values: SCALER_KINDS },
  },
  {
    key: 'transform',
    path: ['data', 'prepare', 'transform'],
    label: 'transform',
    spec: { type: 'enum', values: TRANSFORMS },
  },
  {
    key: 'seasonalAdjust',
    path: ['data', 'prepare', 'seasonalAdjust'],
    label: 'seasonal adjustment',
    spec: { type: 'enum', values: SEASONAL_ADJUST_OPTIONS },
    absent: 'off',
  },
  {
    key: 'formulation',
    path: ['data', 'prepare', 'formulation'],
    label: 'formulation',
    spec: { type: 'enum', values: FORMULATIONS },
  },
  {
    key: 'calendar',
    path: ['data', 'prepare', 'calendar'],
    label: 'calendar features',
    spec: { type: 'enum', values: CALENDAR_OPTIONS },
  },
  {
    key: 'reindex',
    path: ['data', 'prepare', 'reindex'],
    label: 'missing time steps',
    spec: { type: 'enum', values: REINDEX_OPTIONS },
  },
  {
    key: 'window',
    path: ['data', 'prepare', 'window', 'inputLength'],
    label: 'window length',
    spec: { type: 'int', min: 1, max: 4096 },
  },
  {
    key: 'horizon',
    path: ['data', 'prepare', 'window', 'horizon'],
    label: 'horizon',
    spec: { type: 'int', min: 1, max: 1024 },
  },
  {
    key: 'stride',
    path: ['data', 'prepare', 'window', 'stride'],
    label: 'window stride',
    spec: { type: 'int', min: 1, max: 4096 },
  },
  {
    key: 'season',
    path: ['data', 'season'],
    label: 'season length',
    spec: { type: 'int', min: 0, max: 100_000 },
  },
  {
    key: 'forecast',
    path: ['data', 'forecastSteps'],
    label: 'forecast steps',
    spec: { type: 'int', min: 1, max: 1000 },
  },
  ...modelProps('lstm'),
  ...modelProps('gru'),
  ...tuneProps(),
];

function tuneProps(): Prop[] {
  const numbers = (key: string, field: keyof TuneSettings, label: string, limit: NumericSetting): Prop => ({
    key: `tune.${key}`,
    path: ['tune', field],
    label: `tuning ${label}`,
    spec: { type: 'numbers', ...SETTING_LIMITS[limit], integer: isIntegerSetting(limit), empty: false },
  });
  const int = (key: string, field: keyof TuneSettings, label: string, min: number, max: number): Prop => ({
    key: `tune.${key}`,
    path: ['tune', field],
    label: `tuning ${label}`,
    spec: { type: 'int', min, max },
  });
  return [
    {
      key: 'tune.cells',
      path: ['tune', 'cells'],
      label: 'tuning cells',
      spec: { type: 'enums', values: CELLS },
    },
    numbers('hidden', 'hiddenSizes', 'hidden sizes', 'hiddenSize'),
    numbers('layers', 'layers', 'layers', 'numLayers'),
    numbers('lr', 'learningRates', 'learning rates', 'lr'),
    numbers('dropout', 'dropouts', 'dropouts', 'dropout'),
    {
      key: 'tune.window',
      path: ['tune', 'windowLengths'],
      label: 'tuning window lengths',
      spec: { type: 'numbers', min: 1, max: 4096, integer: true, empty: true },
    },
    int('seeds', 'seeds', 'seeds per setting', TUNE_LIMITS.seeds.min, TUNE_LIMITS.seeds.max),
    {
      key: 'tune.mode',
      path: ['tune', 'mode'],
      label: 'tuning search',
      spec: { type: 'enum', values: TUNE_MODES },
    },
    int('samples', 'samples', 'models to sample', TUNE_LIMITS.samples.min, TUNE_LIMITS.samples.max),
    int('topK', 'topK', 'ensemble size', TUNE_LIMITS.topK.min, TUNE_LIMITS.topK.max),
  ];
}

function fraction(exclusiveZero = false): PropSpec {
  return { type: 'number', min: 0, max: 1, minExclusive: exclusiveZero };
}

// ───────────────────────────── Reading and checking values ─────────────────────────────

/**
 * `config` (a copy) with each property it lacks that has an `absent` meaning set to it: how a configuration
 * saved before those properties existed (a saved run, a link) is read.
 */
export function withAbsentSettings(config: TrainingConfig): TrainingConfig {
  const filled = structuredClone(config);
  for (const prop of CONFIG_PROPS) {
    if (prop.absent !== undefined && getAt(filled, prop.path) === undefined)
      setAt(filled, prop.path, prop.absent);
  }
  return filled;
}

export function getAt(obj: unknown, path: readonly string[]): unknown {
  let at = obj;
  for (const k of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[k];
  }
  return at;
}

export function setAt(obj: object, path: readonly string[], value: unknown): void {
  let at = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path[path.length - 1]] = value;
}

/** A value of the wrong type or range: which property, what was given, and a message for the user. */
export interface ConfigIssue {
  key: string;
  message: string;
}

export type Checked = { ok: true; value: unknown } | { ok: false; message: string };

/** Checks a typed value (from JSON) against a property's spec. */
export function checkValue(prop: Prop, value: unknown): Checked {
  const { spec, label } = prop;
  const bad = (why: string): Checked => ({ ok: false, message: `${label}: ${why}` });
  switch (spec.type) {
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return bad(`expected a number, got ${show(value)}`);
      if (spec.type === 'int' && !Number.isInteger(value))
        return bad(`expected a whole number, got ${value}`);
      const tooLow = spec.type === 'number' && spec.minExclusive ? value <= spec.min : value < spec.min;
      if (tooLow || value > spec.max) {
        const lower =
          spec.type === 'number' && spec.minExclusive ? `above ${spec.min}` : `at least ${spec.min}`;
        return bad(`${value} is out of range (must be ${lower} and at most ${spec.max})`);
      }
      return { ok: true, value };
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        return bad(`${show(value)} is not one of ${spec.values.join(', ')}`);
      }
      return { ok: true, value };
    case 'string':
      if (value === null && spec.nullable) return { ok: true, value };
      if (typeof value !== 'string' || value.length === 0) return bad(`expected a name, got ${show(value)}`);
      if (prop.key === 'sample' && !SAMPLE_ID.test(value)) return bad(`"${value}" is not a sample id`);
      return { ok: true, value };
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
        return bad(`expected a list of column names, got ${show(value)}`);
      }
      return { ok: true, value: [...value] };
    case 'numbers': {
      if (!Array.isArray(value)) return bad(`expected a list of numbers, got ${show(value)}`);
      if (value.length === 0 && !spec.empty) return bad('expected at least one value');
      for (const v of value) {
        if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`expected numbers, got ${show(v)}`);
        if (spec.integer && !Number.isInteger(v)) return bad(`expected whole numbers, got ${v}`);
        if (v < spec.min || v > spec.max) return bad(`${v} is out of range (${spec.min} to ${spec.max})`);
      }
      return { ok: true, value: [...value] };
    }
    case 'enums':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((v) => typeof v === 'string' && spec.values.includes(v)) ||
        new Set(value).size !== value.length
      ) {
        return bad(`expected distinct values among ${spec.values.join(', ')}, got ${show(value)}`);
      }
      return { ok: true, value: [...value] };
  }
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Cross-property rules the table cannot express. */
export function checkWhole(config: TrainingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { train, val, test } = config.data.prepare.split;
  if (Math.abs(train + val + test - 1) > 1e-6) {
    issues.push({
      key: 'train',
      message: `train, validation and test fractions must add up to 1 (they add up to ${+(train + val + test).toFixed(6)})`,
    });
  }
  return issues;
}

export type ValidatedConfig = { ok: true; config: TrainingConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates an untrusted object (an imported JSON file) as a TrainingConfig. Missing properties take their
 * `absent` meaning or else their defaults, so files from older versions still load and mean what they meant;
 * unknown properties are ignored; any property present with a wrong type or range is an issue, and the file
 * is refused.
 */
export function validateTrainingConfig(input: unknown): ValidatedConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ key: '', message: 'the configuration must be a JSON object' }] };
  }
  const config = defaultTrainingConfig();
  const issues: ConfigIssue[] = [];
  for (const prop of CONFIG_PROPS) {
    const value = getAt(input, prop.path);
    if (value === undefined) {
      if (prop.absent !== undefined) setAt(config, prop.path, prop.absent);
      continue;
    }
    const checked = checkValue(prop, value);
    if (checked.ok) setAt(config, prop.path, checked.value);
    else issues.push({ key: prop.key, message: checked.message });
  }
  if (issues.length === 0) issues.push(...checkWhole(config));
  return issues.length === 0 ? { ok: true, config } : { ok: false, issues };
}

/** One setting that differs between runs: its label and each run's value, as text. */
export interface ConfigDifference {
  key: string;
  label: string;
  values: string[];
}

function settingText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.join(', ') || '–';
  return String(value);
}

/** The settings (rows of CONFIG_PROPS) whose values are not the same in every one of `configs`. */
export function configDifferences(configs: TrainingConfig[]): ConfigDifference[] {
  const read = configs.map(withAbsentSettings);
  return CONFIG_PROPS.flatMap((prop) => {
    const values = read.map((c) => settingText(getAt(c, prop.path)));
    return new Set(values).size > 1 ? [{ key: prop.key, label: prop.label, values }] : [];
  });
}

/** "LSTM hidden units 32→64, window length 24→12" for two runs; for more, each run's own values. */
export function describeDifferences(differences: ConfigDifference[], run?: number): string {
  if (differences.length === 0) return 'the same settings';
  return differences
    .map((d) => `${d.label} ${run === undefined ? d.values.join('→') : d.values[run]}`)
    .join(', ');
}

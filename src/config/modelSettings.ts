// The settings a person chooses for one model: their defaults, allowed ranges and validation.
// Defaults were chosen on the evaluation suite (`npm run eval`, README "Design notes"): one layer of 32
// units, batch 32, Adam at 3e-3, up to 60 epochs with patience 8. They train each bundled sample in well
// under a minute on the CPU engine. The benchmark workloads (W1–W3) are defined in bench/, not here.

export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';

export const OPTIMIZERS: readonly OptimizerKind[] = ['adam', 'sgd', 'rmsprop'];

export interface ModelSettings {
  numLayers: number;
  hiddenSize: number;
  lr: number;
  batchSize: number;
  epochs: number;
  optimizer: OptimizerKind;
  /** SGD momentum (ignored by Adam and RMSprop). */
  momentum: number;
  /** Global-norm gradient clipping; 0 = off. */
  clipNorm: number;
  /** Dropout between recurrent layers; needs ≥ 2 layers to matter. */
  dropout: number;
  seed: number;
  /** Early-stopping patience in epochs; 0 = off. */
  patience: number;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  numLayers: 1,
  hiddenSize: 32,
  lr: 3e-3,
  batchSize: 32,
  epochs: 60,
  optimizer: 'adam',
  momentum: 0.9,
  clipNorm: 1,
  dropout: 0,
  seed: 42,
  patience: 8,
};

/** The numeric settings, each with a range. */
export type NumericSetting = Exclude<keyof ModelSettings, 'optimizer'>;

/** Allowed ranges, shared by the inputs (min/max/step), the shareable link and the validation below. */
export const SETTING_LIMITS: Record<NumericSetting, { min: number; max: number }> = {
  numLayers: { min: 1, max: 4 },
  hiddenSize: { min: 1, max: 512 },
  lr: { min: 1e-6, max: 1 },
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 1000 },
  momentum: { min: 0, max: 0.999 },
  clipNorm: { min: 0, max: 1000 },
  dropout: { min: 0, max: 0.9 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  patience: { min: 0, max: 1000 },
};

const INTEGER_SETTINGS = new Set<keyof ModelSettings>([
  'numLayers',
  'hiddenSize',
  'batchSize',
  'epochs',
  'seed',
  'patience',
]);

/** Whether a numeric setting only takes whole numbers. */
export function isIntegerSetting(key: NumericSetting): boolean {
  return INTEGER_SETTINGS.has(key);
}

/** A message for a setting outside its range, or null when it is fine. */
export function settingProblem(key: NumericSetting, value: number): string | null {
  const { min, max } = SETTING_LIMITS[key];
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (INTEGER_SETTINGS.has(key) && !Number.isInteger(value)) return 'Enter a whole number.';
  if (value < min || value > max) return `Between ${min} and ${max}.`;
  return null;
}

/** Every problem of a model's settings, by field. */
export function settingsProblems(settings: ModelSettings): Partial<Record<NumericSetting, string>> {
  const problems: Partial<Record<NumericSetting, string>> = {};
  for (const key of Object.keys(SETTING_LIMITS) as NumericSetting[]) {
    const problem = settingProblem(key, settings[key]);
    if (problem) problems[key] = problem;
  }
  return problems;
}

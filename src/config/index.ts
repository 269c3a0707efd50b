// Settings shared by every layer: cells, their names, model defaults and limits.
// A leaf module: it imports nothing from the rest of the project (.dependency-cruiser.cjs enforces it).

export { CELLS, type CellKind, MODEL_NAME, PAGE_NETWORK, REFIT_MEMBERS } from './cells';
export {
  DEFAULT_MODEL_SETTINGS,
  isIntegerSetting,
  type ModelSettings,
  type NumericSetting,
  OPTIMIZERS,
  type OptimizerKind,
  SETTING_LIMITS,
  settingProblem,
  settingsProblems,
} from './modelSettings';
export {
  clampTuneSetting,
  expandSweep,
  type SweepList,
  type SweepSettingsProblem,
  sweepSettingsProblem,
  TUNE_LIMITS,
  TUNE_MODES,
  TUNE_PRESETS,
  type TuneCandidate,
  type TunePreset,
  type TuneSettings,
} from './tune';

import {
  type CellKind,
  MODEL_NAME,
  type NumericSetting,
  type OptimizerKind,
  SETTING_LIMITS,
  settingProblem,
} from '../../config';
import { usePlayground } from '../../store';
import { selectIsRunning, selectParamCount } from '../../store/selectors';
import { NumberField, SelectField } from '../controls/Field';
import { formatInteger } from '../format';

const OPTIMIZERS: { value: OptimizerKind; label: string }[] = [
  { value: 'adam', label: 'Adam' },
  { value: 'sgd', label: 'SGD (momentum)' },
  { value: 'rmsprop', label: 'RMSprop' },
];

/** The settings of one model, with its parameter count updating as they change. */
export function ModelCard({ cell }: { cell: CellKind }) {
  const settings = usePlayground((s) => s.models[cell]);
  const params = usePlayground(selectParamCount(cell));
  const running = usePlayground(selectIsRunning);
  const set = usePlayground((s) => s.setModelSetting);
  const copy = usePlayground((s) => s.copySettings);
  const reset = usePlayground((s) => s.resetModelSettings);
  const name = MODEL_NAME[cell];
  const other = MODEL_NAME[cell === 'lstm' ? 'gru' : 'lstm'];
  const num = (key: NumericSetting, label: string, step?: number | 'any', hint?: string) => (
    <NumberField
      label={label}
      value={settings[key]}
      min={SETTING_LIMITS[key].min}
      max={SETTING_LIMITS[key].max}
      step={step}
      hint={hint}
      problem={settingProblem(key, settings[key])}
      onCommit={(v) => set(cell, key, v)}
    />
  );
  return (
    <section className={`card model-card model-card--${cell}`} aria-labelledby={`${cell}-settings-title`}>
      <header className="card-header">
        <h3 id={`${cell}-settings-title`}>
          <span className={`swatch swatch--${cell}`} aria-hidden="true" />
          {name}
        </h3>
        <output className="param-count" aria-label={`${name} parameters`}>
          {formatInteger(params)} parameters
        </output>
      </header>
      <fieldset className="field-grid">
        <legend className="visually-hidden">{name} settings</legend>
        {num('numLayers', 'Layers', 1)}
        {num('hiddenSize', 'Hidden size', 1)}
        {num('lr', 'Learning rate', 'any')}
        {num('batchSize', 'Batch size', 1)}
        {num('epochs', 'Epochs', 1)}
        <SelectField
          label="Optimiser"
          value={settings.optimizer}
          options={OPTIMIZERS}
          onChange={(v) => set(cell, 'optimizer', v)}
        />
        {settings.optimizer === 'sgd' && num('momentum', 'Momentum', 'any')}
        {num('clipNorm', 'Gradient clipping', 'any', '0 = off')}
        {num('dropout', 'Dropout', 0.05, settings.numLayers > 1 ? 'between layers' : 'needs ≥ 2 layers')}
        {num('seed', 'Seed', 1)}
        {num('patience', 'Early-stop patience', 1, 'epochs; 0 = off')}
      </fieldset>
      <div className="card-actions">
        {running && <span className="muted small">Changes apply to the next run.</span>}
        <button type="button" className="link-button" onClick={() => copy(cell)}>
          Copy to {other}
        </button>
        <button type="button" className="link-button" onClick={() => reset(cell)}>
          Reset
        </button>
      </div>
    </section>
  );
}

import { calendarCycles, describeCalendar } from '../../data/calendar';
import type { SeasonalAdjustOption } from '../../data/seasonalAdjust';
import type { SeasonalAdjustmentNote } from '../../data/summary';
import type {
  CalendarOption,
  Formulation,
  MissingPolicy,
  ReindexOption,
  ScalerKind,
  Transform,
} from '../../data/types';
import { usePlayground } from '../../store';
import { NumberField, SelectField } from '../controls/Field';

const MISSING: { value: MissingPolicy; label: string }[] = [
  { value: 'interpolate', label: 'Interpolate linearly' },
  { value: 'ffill', label: 'Carry the previous value' },
  { value: 'bfill', label: 'Carry the next value' },
  { value: 'mean', label: 'Training mean' },
  { value: 'zero', label: 'Zero' },
  { value: 'drop', label: 'Drop the row' },
];

const SCALERS: { value: ScalerKind; label: string }[] = [
  { value: 'standard', label: 'Standardise (mean 0, sd 1)' },
  { value: 'changes', label: 'Standardise the one-step changes' },
  { value: 'minmax', label: 'Min–max to [0, 1]' },
  { value: 'none', label: 'None' },
];

const TRANSFORM_CHOICES: { value: Transform; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'log', label: 'Log (positive values)' },
  { value: 'auto', label: 'Automatic' },
];

/** What 'Automatic' did with these rows, or what the choices are for. */
function transformHint(transform: Transform, logApplied: boolean | null): string {
  if (transform !== 'auto' || logApplied === null) return 'log: swings that grow with the level';
  return logApplied
    ? 'automatic: log, every value is positive'
    : 'automatic: none, some values are 0 or below';
}

// Short labels: a select shows its chosen label in a column of about 150 px at 390 px; the hint says when.
const SEASONAL_ADJUST_CHOICES: { value: SeasonalAdjustOption; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'off', label: 'Off' },
];

/** What the adjustment did, per target (named when there are several), or what 'Automatic' would do. */
function seasonalAdjustHint(notes: readonly SeasonalAdjustmentNote[] | null): string {
  if (!notes || notes.length === 0) return 'automatic: when the training part shows a season';
  if (notes.length === 1) return notes[0].text;
  return notes.map((n) => `${n.column}: ${n.text}`).join('; ');
}

const FORMULATION_OPTIONS: { value: Formulation; label: string }[] = [
  { value: 'change', label: 'Change from the last value' },
  { value: 'level', label: 'Level (the values as they are)' },
];

const REINDEX_CHOICES: { value: ReindexOption; label: string }[] = [
  { value: 'auto', label: 'Put back, then fill' },
  { value: 'off', label: 'Leave as they are' },
];

const CALENDAR_CHOICES: { value: CalendarOption; label: string }[] = [
  { value: 'off', label: 'None' },
  { value: 'auto', label: 'From the dates (sin/cos)' },
];

/** Window, horizon, chronological split, missing-value policy, scaler and the baseline's season. */
export function PrepareForm() {
  const options = usePlayground((s) => s.prepareOptions);
  const season = usePlayground((s) => s.season);
  const setWindow = usePlayground((s) => s.setWindow);
  const setOptions = usePlayground((s) => s.setPrepareOptions);
  const setSeason = usePlayground((s) => s.setSeason);
  const setShare = usePlayground((s) => s.setSplitShare);
  const forecastSteps = usePlayground((s) => s.forecastSteps);
  const setForecastSteps = usePlayground((s) => s.setForecastSteps);
  const suggestion = usePlayground((s) => s.windowSuggestion);
  const step = usePlayground((s) =>
    s.prepared?.ok && s.prepared.summary.timeKind === 'datetime'
      ? (s.prepared.summary.report.intervals?.medianMs ?? 0)
      : 0,
  );
  const calendarHint = describeCalendar(calendarCycles(step));
  const automatic = usePlayground((s) => (s.prepared?.ok ? s.prepared.summary.season : null));
  const seasonHint = automatic
    ? season >= 1
      ? `your choice; 0 = automatic (${automatic.m})`
      : `Automatic: ${automatic.m} — ${automatic.why}`
    : 'for the baselines and MASE; 0 = automatic';
  const adjustment = usePlayground((s) => (s.prepared?.ok ? s.prepared.summary.seasonalAdjustment : null));
  const logApplied = usePlayground((s) =>
    s.prepared?.ok ? (s.prepared.summary.scaler.log?.some(Boolean) ?? false) : null,
  );
  const { split } = options;
  return (
    <div className="field-grid">
      <NumberField
        label="Window length"
        value={options.window.inputLength}
        min={1}
        step={1}
        hint={
          suggestion && suggestion.inputLength === options.window.inputLength
            ? suggestion.reason
            : 'past steps the model sees'
        }
        onCommit={(v) => setWindow({ inputLength: v })}
      />
      <NumberField
        label="Horizon"
        value={options.window.horizon}
        min={1}
        step={1}
        hint="steps to forecast"
        onCommit={(v) => setWindow({ horizon: v })}
      />
      <NumberField
        label="Validation %"
        value={Math.round(split.val * 1000) / 10}
        min={0}
        max={90}
        step={1}
        onCommit={(v) => setShare('val', v)}
      />
      <NumberField
        label="Test %"
        value={Math.round(split.test * 1000) / 10}
        min={0}
        max={90}
        step={1}
        hint={`training: ${Math.round(split.train * 1000) / 10} %`}
        onCommit={(v) => setShare('test', v)}
      />
      <SelectField
        label="Missing values"
        value={options.missing}
        options={MISSING}
        onChange={(missing) => setOptions({ missing })}
      />
      <SelectField
        label="Scaler"
        value={options.scaler}
        options={SCALERS}
        onChange={(scaler) => setOptions({ scaler })}
      />
      <SelectField
        label="Transform"
        value={options.transform ?? 'none'}
        options={TRANSFORM_CHOICES}
        hint={transformHint(options.transform ?? 'none', logApplied)}
        onChange={(transform) => setOptions({ transform })}
      />
      <SelectField
        label="Seasonal adjustment"
        value={options.seasonalAdjust ?? 'off'}
        options={SEASONAL_ADJUST_CHOICES}
        hint={seasonalAdjustHint(adjustment)}
        onChange={(seasonalAdjust) => setOptions({ seasonalAdjust })}
      />
      <SelectField
        label="Networks predict"
        value={options.formulation}
        options={FORMULATION_OPTIONS}
        onChange={(formulation) => setOptions({ formulation })}
      />
      <SelectField
        label="Missing time steps"
        value={options.reindex ?? 'auto'}
        options={REINDEX_CHOICES}
        hint="gaps in a regular series, up to 5 % of the rows"
        onChange={(reindex) => setOptions({ reindex })}
      />
      <SelectField
        label="Calendar inputs"
        value={options.calendar}
        options={CALENDAR_CHOICES}
        hint={calendarHint}
        onChange={(calendar) => setOptions({ calendar })}
      />
      <NumberField
        label="Season length"
        value={season}
        min={0}
        step={1}
        hint={seasonHint}
        onCommit={setSeason}
      />
      <NumberField
        label="Forecast steps"
        value={forecastSteps}
        min={1}
        max={1000}
        step={1}
        hint="past the end of the data"
        onCommit={setForecastSteps}
      />
    </div>
  );
}

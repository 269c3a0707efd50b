import { useId, useState } from 'react';
import {
  CELLS,
  type CellKind,
  clampTuneSetting,
  DEFAULT_MODEL_SETTINGS,
  expandSweep,
  MODEL_NAME,
  type SweepSettingsProblem,
  sweepSettingsProblem,
  TUNE_LIMITS,
  TUNE_PRESETS,
  type TuneCandidate,
  type TunePreset,
  type TuneSettings,
} from '../../config';
import { usePlayground } from '../../store';
import { type SweepEstimate, sweepEstimate } from '../../store/tuneSlice';
import { CheckboxField, NumberField, SelectField } from '../controls/Field';
import { formatDuration } from '../format';
import { Notices } from '../training/Notices';
import { OtherDataNotice } from '../training/OtherDataNotice';
import { EnsembleResults } from './EnsembleResults';
import { Leaderboard } from './Leaderboard';
import { tuneProblemText } from './tuneProblemText';

/** A comma-separated list of numbers, committed when every entry parses. */
function ListField({
  label,
  values,
  onCommit,
  hint,
  allowEmpty = false,
}: {
  label: string;
  values: number[];
  onCommit(values: number[]): void;
  hint: string;
  /** An empty list is a choice (e.g. "the data panel's window"). */
  allowEmpty?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? values.join(', ');
  const parts = shown.split(/[,;\s]+/).filter((p) => p !== '');
  const numbers = parts.map(Number);
  const problem =
    parts.length === 0 && !allowEmpty
      ? 'Give at least one value.'
      : numbers.some((n) => !Number.isFinite(n))
        ? `"${parts[numbers.findIndex((n) => !Number.isFinite(n))]}" is not a number.`
        : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={shown}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-note`}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const p = next.split(/[,;\s]+/).filter((x) => x !== '');
          const n = p.map(Number);
          if ((p.length > 0 || allowEmpty) && n.every(Number.isFinite)) onCommit(n);
        }}
        onBlur={() => {
          if (!problem) setText(null);
        }}
      />
      <span id={`${id}-note`} className={problem ? 'field-problem' : 'field-hint'}>
        {problem ?? hint}
      </span>
    </div>
  );
}

/** "Quick (8 models)": each preset named with the number of models it trains, counted from the preset itself. */
const presetLabel = (preset: TunePreset, name: string) => {
  const cards = { lstm: DEFAULT_MODEL_SETTINGS, gru: DEFAULT_MODEL_SETTINGS };
  return `${name} (${expandSweep(TUNE_PRESETS[preset], cards).length} models)`;
};

const PRESETS: { value: TunePreset | 'custom'; label: string }[] = [
  { value: 'quick', label: presetLabel('quick', 'Quick') },
  { value: 'thorough', label: presetLabel('thorough', 'Thorough') },
  { value: 'custom', label: 'Custom' },
];

/** The sweep's settings, its size and time before it starts, and the start / stop button. */
function TuneForm() {
  const settings = usePlayground((s) => s.tuneSettings);
  const preset = usePlayground((s) => s.tunePreset);
  const problemAfterStart = usePlayground((s) => s.tuneProblem);
  const models = usePlayground((s) => s.models);
  const windowLength = usePlayground((s) => s.prepareOptions.window.inputLength);
  const set = usePlayground((s) => s.setTuneSettings);
  const applyPreset = usePlayground((s) => s.applyTunePreset);
  const candidates = expandSweep(settings, models, windowLength);
  const problem = sweepSettingsProblem(settings, candidates.length);
  const shown = problem ?? problemAfterStart;
  return (
    <div className="tune-form">
      <SelectField
        label="Sweep"
        value={preset}
        options={PRESETS}
        onChange={(v) => (v === 'custom' ? set({}) : applyPreset(v))}
      />
      <CellChoice settings={settings} set={set} />
      <SweepFields settings={settings} set={set} windowLength={windowLength} />
      <SweepSummary candidates={candidates} windowLength={windowLength} />
      {shown && (
        <p className="field-problem" role="alert">
          {tuneProblemText(shown)}
        </p>
      )}
      <TuneActions problem={problem} />
    </div>
  );
}

interface SettingsProps {
  settings: TuneSettings;
  set(settings: Partial<TuneSettings>): void;
}

/** Which cells the sweep trains. */
function CellChoice({ settings, set }: SettingsProps) {
  const toggleCell = (cell: CellKind, on: boolean) =>
    set({ cells: CELLS.filter((c) => (c === cell ? on : settings.cells.includes(c))) });
  return (
    <fieldset className="check-group">
      <legend>Cells</legend>
      {CELLS.map((cell) => (
        <CheckboxField
          key={cell}
          label={MODEL_NAME[cell]}
          checked={settings.cells.includes(cell)}
          onChange={(on) => toggleCell(cell, on)}
        />
      ))}
    </fieldset>
  );
}

/** The values the sweep tries, the seeds per setting, the ensemble size and grid or random search. */
function SweepFields({ settings, set, windowLength }: SettingsProps & { windowLength: number }) {
  return (
    <div className="field-grid">
      <ListField
        label="Hidden sizes"
        values={settings.hiddenSizes}
        onCommit={(hiddenSizes) => set({ hiddenSizes })}
        hint="e.g. 16, 32, 64"
      />
      <ListField
        label="Layers"
        values={settings.layers}
        onCommit={(layers) => set({ layers })}
        hint="e.g. 1, 2"
      />
      <ListField
        label="Learning rates"
        values={settings.learningRates}
        onCommit={(learningRates) => set({ learningRates })}
        hint="e.g. 0.001, 0.003, 0.01"
      />
      <ListField
        label="Dropouts"
        values={settings.dropouts}
        onCommit={(dropouts) => set({ dropouts })}
        hint="with 2+ layers only"
      />
      <ListField
        label="Window lengths"
        values={settings.windowLengths}
        onCommit={(windowLengths) => set({ windowLengths })}
        hint={`empty: ${windowLength}, as in the data panel`}
        allowEmpty
      />
      <NumberField
        label="Seeds per setting"
        value={settings.seeds}
        min={TUNE_LIMITS.seeds.min}
        max={TUNE_LIMITS.seeds.max}
        step={1}
        onCommit={(seeds) => set({ seeds: clampTuneSetting('seeds', seeds) })}
        hint="from each card's seed"
      />
      <NumberField
        label="Ensemble size"
        value={settings.topK}
        min={TUNE_LIMITS.topK.min}
        max={TUNE_LIMITS.topK.max}
        step={1}
        onCommit={(topK) => set({ topK: clampTuneSetting('topK', topK) })}
        hint="best models by validation"
      />
      <SelectField
        label="Search"
        value={settings.mode}
        options={[
          { value: 'grid', label: 'Every combination' },
          { value: 'random', label: 'A random sample' },
        ]}
        onChange={(mode) => set({ mode })}
      />
      {settings.mode === 'random' && (
        <NumberField
          label="Models to sample"
          value={settings.samples}
          min={TUNE_LIMITS.samples.min}
          max={TUNE_LIMITS.samples.max}
          step={1}
          onCommit={(samples) => set({ samples: clampTuneSetting('samples', samples) })}
        />
      )}
    </div>
  );
}

/** How many models the sweep trains and, once data is prepared, about how long that takes. */
function SweepSummary({ candidates, windowLength }: { candidates: TuneCandidate[]; windowLength: number }) {
  const prepared = usePlayground((s) => s.prepared);
  const pace = usePlayground((s) => s.lastRunPace);
  const preference = usePlayground((s) => s.engine);
  const running = usePlayground((s) => s.engines.lstm?.kind);
  // the engine the sweep will train on (WebGPU when asked for and not known otherwise)
  const engine = preference === 'cpu' ? 'cpu' : (running ?? pace?.engine ?? 'webgpu');
  const summary = prepared?.ok ? prepared.summary : null;
  const estimate = summary
    ? sweepEstimate(
        candidates,
        {
          inputSize: summary.inputSize,
          windowLength,
          trainWindows: summary.windows.train,
          valWindows: summary.windows.val,
        },
        pace,
        engine,
      )
    : null;
  return (
    <p className="tune-summary" aria-live="polite">
      {candidates.length} model{candidates.length === 1 ? '' : 's'}
      {estimate && ` · ${estimateText(estimate)}`}. Batch size, epochs, patience and optimiser come from each
      cell's card.
    </p>
  );
}

/** The estimate in words: with early stopping as the last run's, and the most it can take. */
function estimateText({ ms, fullMs, measured }: SweepEstimate): string {
  if (!measured)
    return `about ${formatDuration(fullMs)} if every model runs all its epochs (a rough guess: train both once to measure)`;
  return `about ${formatDuration(ms)} if models stop early as the last run's did, up to ${formatDuration(fullMs)} if every model runs all its epochs (from the last run's step time)`;
}

/** Start tuning, or stop the sweep that runs. */
function TuneActions({ problem }: { problem: SweepSettingsProblem | null }) {
  const status = usePlayground((s) => s.tuneStatus);
  const prepared = usePlayground((s) => s.prepared);
  const start = usePlayground((s) => s.startTune);
  const stop = usePlayground((s) => s.stopTune);
  const running = status === 'running' || status === 'stopping';
  return (
    <div className="tune-actions">
      {running ? (
        <button type="button" onClick={stop} disabled={status === 'stopping'}>
          Stop tuning
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={start}
          disabled={problem !== null || !prepared?.ok}
        >
          Start tuning
        </button>
      )}
    </div>
  );
}

/** Tuning: a sweep of models trained together, ranked on validation, and the ensemble of the best. */
export function TunePanel() {
  return (
    <>
      <p className="section-intro">
        Train many small models on this data at once, rank them by validation loss (the test part is not
        looked at), and average the best few.
      </p>
      <TuneForm />
      <OtherDataNotice of="sweep" />
      <Notices of="sweep" />
      <Leaderboard />
      <EnsembleResults />
    </>
  );
}

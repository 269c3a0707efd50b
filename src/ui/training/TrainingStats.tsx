import { type CellKind, MODEL_NAME } from '../../config';
import { usePlayground } from '../../store';
import { formatDuration, formatInteger, formatNumber } from '../format';
import { modelNoteText } from './modelNoteText';

const STATUS_LABEL = {
  waiting: 'waiting',
  training: 'training',
  'early-stopped': 'stopped early',
  finished: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
} as const;

function ModelStats({ cell }: { cell: CellKind }) {
  const progress = usePlayground((s) => s.progress[cell]);
  const status = usePlayground((s) => s.modelStatus[cell]);
  const engine = usePlayground((s) => s.engines[cell]);
  const name = MODEL_NAME[cell];
  return (
    <section className={`stats stats--${cell}`} aria-label={`${name} progress`}>
      <h3>
        <span className={`swatch swatch--${cell}`} aria-hidden="true" />
        {name} <span className={`badge badge--${status.status}`}>{STATUS_LABEL[status.status]}</span>
      </h3>
      <dl className="stat-list">
        <dt>Epoch</dt>
        <dd>{progress ? `${progress.epoch} / ${progress.epochs}` : '–'}</dd>
        <dt>Step</dt>
        <dd>{progress ? `${progress.step} / ${progress.stepsPerEpoch}` : '–'}</dd>
        <dt>Loss</dt>
        <dd>{formatNumber(progress?.lastLoss)}</dd>
        <dt>Samples/s</dt>
        <dd>{formatInteger(progress?.samplesPerSec)}</dd>
        <dt>Engine</dt>
        <dd className="engine-name">
          {engine
            ? engine.kind === 'cpu'
              ? 'CPU engine'
              : `WebGPU · ${engine.description} · ${engine.path} kernels` +
                (engine.dispatchesPerStep > 0 ? ` · ${engine.dispatchesPerStep} dispatches per step` : '')
            : '–'}
        </dd>
      </dl>
      {status.note && <p className="stats-message">{modelNoteText(cell, status.note)}</p>}
    </section>
  );
}

/**
 * Destroys the worker's GPU device mid-run, to see the recovery work (only while training on WebGPU, and only in
 * a development build).
 */
function DeviceLossDrill() {
  const onGpu = usePlayground((s) => s.engines.lstm?.kind === 'webgpu' || s.engines.gru?.kind === 'webgpu');
  const training = usePlayground((s) => s.runStatus === 'training');
  const simulate = usePlayground((s) => s.simulateDeviceLoss);
  if (!onGpu || !training) return null;
  return (
    <details className="data-details">
      <summary>Recovery drill</summary>
      <p className="small">
        Destroys the GPU device as a driver reset would. Training should continue on a new device (or the CPU
        engine) from the last end-of-epoch weights.
      </p>
      <button type="button" onClick={simulate}>
        Simulate GPU device loss
      </button>
    </details>
  );
}

/** Live numbers of the run: both models' progress, elapsed time and ETA. */
export function TrainingStats() {
  const elapsed = usePlayground((s) => s.elapsedMs);
  const eta = usePlayground((s) => s.etaMs);
  const runStatus = usePlayground((s) => s.runStatus);
  return (
    <div className="training-stats">
      <p className="run-clock">
        <span>
          Elapsed <strong>{formatDuration(elapsed)}</strong>
        </span>
        <span>
          ETA <strong>{runStatus === 'training' ? formatDuration(eta) : '–'}</strong>
        </span>
      </p>
      <div className="stats-pair">
        <ModelStats cell="lstm" />
        <ModelStats cell="gru" />
      </div>
      {/* a developer's drill, left out of the production build */}
      {import.meta.env.DEV && <DeviceLossDrill />}
    </div>
  );
}

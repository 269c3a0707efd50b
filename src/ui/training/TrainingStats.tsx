import type { CellKind } from '../../engine/types';
import { usePlayground } from '../../store';
import { MODEL_NAME } from '../colors';
import { formatDuration, formatInteger, formatNumber } from '../format';

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
      {status.message && <p className="stats-message">{status.message}</p>}
    </section>
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
    </div>
  );
}

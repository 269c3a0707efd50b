import type { TuneCandidate } from '../../config';
import { usePlayground } from '../../store';
import type { TuneEntry } from '../../worker/protocol';
import { COLORS } from '../colors';
import { TableScroll } from '../controls/TableScroll';
import { formatDuration, formatInteger, formatNumber } from '../format';
import { batchingText } from './batchingText';

const STATUS_TEXT: Record<TuneEntry['status'], string> = {
  waiting: 'waiting',
  training: 'training',
  'early-stopped': 'early-stopped',
  finished: 'finished',
  stopped: 'stopped',
  diverged: 'diverged (NaN)',
  failed: 'failed',
};

/** A small line of the validation loss per epoch (log scale), one per model: the small multiples. */
function Sparkline({ values, color, label }: { values: number[]; color: string; label: string }) {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length < 2) return <span className="sparkline-empty">–</span>;
  const logs = values.map((v) => (Number.isFinite(v) && v > 0 ? Math.log(v) : Number.NaN));
  const lo = Math.min(...logs.filter(Number.isFinite));
  const hi = Math.max(...logs.filter(Number.isFinite));
  const W = 96;
  const H = 24;
  const points = logs
    .map((l, i) =>
      Number.isFinite(l)
        ? `${((i / Math.max(1, values.length - 1)) * W).toFixed(1)},${(H - 2 - ((l - lo) / (hi - lo || 1)) * (H - 4)).toFixed(1)}`
        : null,
    )
    .filter((p) => p !== null)
    .join(' ');
  return (
    <svg className="sparkline" width={W} height={H} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} />
    </svg>
  );
}

function entryRank(entries: TuneEntry[]): TuneEntry[] {
  return entries
    .slice()
    .sort(
      (a, b) =>
        (Number.isFinite(a.bestVal) ? a.bestVal : Infinity) -
        (Number.isFinite(b.bestVal) ? b.bestVal : Infinity),
    );
}

/** The live leaderboard: every model of the sweep ranked by its best validation loss so far. */
export function Leaderboard() {
  const entries = usePlayground((s) => s.tuneEntries);
  const candidates = usePlayground((s) => s.tuneCandidates);
  const status = usePlayground((s) => s.tuneStatus);
  const elapsed = usePlayground((s) => s.tuneElapsedMs);
  const rate = usePlayground((s) => s.tuneSamplesPerSec);
  const engine = usePlayground((s) => s.tuneEngine);
  const groups = usePlayground((s) => s.tuneGroups);
  const members = usePlayground((s) => s.tuneResult?.members);
  const promote = usePlayground((s) => s.promoteTuned);
  if (entries.length === 0) {
    return status === 'running' ? <p role="status">Preparing the sweep…</p> : null;
  }
  const byId = new Map<number, TuneCandidate>(candidates.map((c) => [c.id, c]));
  const done = entries.filter((e) => e.status !== 'training' && e.status !== 'waiting').length;
  return (
    <figure className="chart-figure">
      <figcaption role="status">
        {status === 'running' ? 'Tuning' : 'Tuned'}: {done} of {entries.length} models done in{' '}
        {formatDuration(elapsed)}, {formatInteger(rate)} samples/s for all models together
        {engine ? ` on the ${engine.kind === 'webgpu' ? 'WebGPU' : 'CPU'} engine` : ''}. Ranked by validation
        loss only.
      </figcaption>
      {engine && groups.length > 0 && <p className="chart-summary">{batchingText(groups, engine.kind)}</p>}
      <TableScroll label="Tuning leaderboard">
        <table className="metrics-table" aria-label="Tuning leaderboard">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Epoch</th>
              <th scope="col">Best val loss</th>
              <th scope="col">Val loss per epoch</th>
              <th scope="col">Samples/s</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entryRank(entries).map((e, rank) => {
              const c = byId.get(e.id);
              const label = c?.label ?? `model ${e.id}`;
              return (
                <tr key={e.id}>
                  <td>{rank + 1}</td>
                  <th scope="row">
                    <span
                      className="swatch"
                      style={{ background: c?.cell === 'gru' ? COLORS.gru : COLORS.lstm }}
                      aria-hidden="true"
                    />
                    {label}
                    {members?.includes(e.id) && <span className="best-tag"> in ensemble</span>}
                  </th>
                  <td>{STATUS_TEXT[e.status]}</td>
                  <td>
                    {e.epoch} / {e.epochs}
                  </td>
                  <td>{Number.isFinite(e.bestVal) ? formatNumber(e.bestVal, 4) : '–'}</td>
                  <td>
                    <Sparkline
                      values={e.valCurve}
                      color={c?.cell === 'gru' ? COLORS.gru : COLORS.lstm}
                      label={`Validation loss of ${label} per epoch`}
                    />
                  </td>
                  <td>{formatInteger(e.samplesPerSec)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => promote(e.id)}
                      aria-label={`Use settings of ${label} in the ${c ? (c.cell === 'gru' ? 'GRU' : 'LSTM') : ''} card`}
                    >
                      Use settings
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}

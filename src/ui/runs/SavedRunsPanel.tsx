import { useEffect } from 'react';
import { type CellKind, MODEL_NAME } from '../../config';
import type { RunSummary } from '../../persist/runRecord';
import { describeStorage } from '../../persist/storage';
import { savedRunsStore } from '../../store/savedRuns';
import { TableScroll } from '../controls/TableScroll';
import { formatDate, formatNumber } from '../format';
import { CompareRuns } from './CompareRuns';
import { SavedRunView } from './SavedRunView';
import { useSavedRuns } from './useSavedRuns';

function rmseOf(run: RunSummary, cell: CellKind): string {
  const m = run.models.find((x) => x.cell === cell);
  return m ? formatNumber(m.metrics.rmse) : '–';
}

function epochsOf(run: RunSummary): string {
  return run.models.map((m) => `${MODEL_NAME[m.cell]} ${m.timings.epochs}`).join(' · ');
}

/** Every saved run: open one, pick two to compare, delete; storage use and save errors on top. */
export function SavedRunsPanel() {
  const runs = useSavedRuns((s) => s.savedRuns);
  const state = useSavedRuns((s) => s.savedRunsState);
  const error = useSavedRuns((s) => s.savedRunsError);
  const storage = useSavedRuns((s) => s.storage);
  const compareIds = useSavedRuns((s) => s.compareIds);
  const openedId = useSavedRuns((s) => s.openedRun?.id ?? null);
  const { loadSavedRuns, deleteSavedRun, openSavedRun, closeSavedRun, toggleCompare, dismissSavedRunsError } =
    savedRunsStore.getState();

  useEffect(() => {
    void loadSavedRuns();
  }, [loadSavedRuns]);

  return (
    <div className="saved-runs">
      <p className="muted" data-testid="storage-use">
        {storage ? describeStorage(storage) : 'Storage: checking…'}
        {state === 'memory' && ' · runs are kept only until this page is reloaded'}
      </p>
      {error && (
        <div className="runs-notice runs-notice--error" role="alert">
          <span>{error.message}</span>
          <button type="button" onClick={dismissSavedRunsError}>
            Dismiss
          </button>
        </div>
      )}
      {runs.length === 0 ? (
        <p className="chart-empty">
          {state === 'loading' ? 'Loading saved runs…' : 'Finished and stopped runs are saved here.'}
        </p>
      ) : (
        <TableScroll label="Saved runs">
          <table className="data-table saved-runs-table" aria-label="Saved runs">
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Run</th>
                <th scope="col">Dataset</th>
                <th scope="col">LSTM RMSE</th>
                <th scope="col">GRU RMSE</th>
                <th scope="col">Epochs</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} aria-current={run.id === openedId ? 'true' : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${run.name}`}
                      checked={compareIds.includes(run.id)}
                      onChange={() => toggleCompare(run.id)}
                    />
                  </td>
                  <th scope="row">
                    {run.name}
                    <br />
                    <span className="muted">{formatDate(run.createdAt)}</span>
                  </th>
                  <td>{run.dataset.name}</td>
                  <td>{rmseOf(run, 'lstm')}</td>
                  <td>{rmseOf(run, 'gru')}</td>
                  <td>{epochsOf(run)}</td>
                  <td>{run.status}</td>
                  <td className="actions">
                    {run.id === openedId ? (
                      <button type="button" onClick={closeSavedRun} aria-label={`Close ${run.name}`}>
                        Close
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() => void openSavedRun(run.id)}
                        aria-label={`Open ${run.name}`}
                      >
                        Open
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(`Delete the saved run "${run.name}"? This cannot be undone.`)) {
                          void deleteSavedRun(run.id);
                        }
                      }}
                      aria-label={`Delete ${run.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <CompareRuns />
      <SavedRunView />
    </div>
  );
}

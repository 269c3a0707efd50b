import { useEffect } from 'react';
import { playgroundStore } from '../../store';
import { savedRunsStore } from '../../store/savedRuns';
import { startRunRecorder } from '../../store/savedRunsRecorder';
import { SavedRunsPanel } from './SavedRunsPanel';
import './runs.css';

/** The "Saved runs" card; while mounted, every finished or stopped run is saved. */
export function SavedRunsSection() {
  useEffect(() => startRunRecorder(playgroundStore, savedRunsStore), []);
  return (
    <section className="card" aria-labelledby="saved-runs-title">
      <h2 id="saved-runs-title">6 · Saved runs</h2>
      <SavedRunsPanel />
    </section>
  );
}

import { usePlayground } from '../../store';
import { selectIsRunning } from '../../store/selectors';
import type { EnginePreference } from '../../worker/protocol';
import { SelectField } from '../controls/Field';
import { runStatusText } from './runStatusText';
import { startProblemText } from './startProblemText';

const ENGINES: { value: EnginePreference; label: string }[] = [
  { value: 'auto', label: 'WebGPU when available' },
  { value: 'cpu', label: 'CPU engine' },
];

/** One sentence saying what pressing "Train both" will do with the current data and window. */
function Explanation() {
  const source = usePlayground((s) => s.source?.name);
  const targets = usePlayground((s) => s.roles.targets.join(', '));
  const T = usePlayground((s) => s.prepareOptions.window.inputLength);
  const horizon = usePlayground((s) => s.prepareOptions.window.horizon);
  if (!source) return <p className="hero-line">Load a dataset to start.</p>;
  return (
    <p className="hero-line">
      An LSTM and a GRU learn to predict the next {horizon === 1 ? 'value' : `${horizon} values`} of{' '}
      <strong>{targets || 'the target'}</strong> in <strong>{source}</strong> from the previous {T} steps —
      press <em>Train both</em> and watch them learn side by side.
    </p>
  );
}

/** The main actions: Train both, pause/resume, stop, and which engine to use. */
export function TrainBar() {
  const runStatus = usePlayground((s) => s.runStatus);
  const running = usePlayground(selectIsRunning);
  const hasData = usePlayground((s) => s.prepared?.ok === true);
  const startProblem = usePlayground((s) => s.startProblem);
  const stoppedByUser = usePlayground((s) => s.stoppedByUser);
  const engine = usePlayground((s) => s.engine);
  const trainBoth = usePlayground((s) => s.trainBoth);
  const pause = usePlayground((s) => s.pause);
  const resume = usePlayground((s) => s.resume);
  const stop = usePlayground((s) => s.stop);
  const setEngine = usePlayground((s) => s.setEngine);
  const again = runStatus === 'finished' || runStatus === 'failed';
  return (
    <>
      <Explanation />
      <div className="train-bar">
        <button
          type="button"
          className="primary big"
          onClick={() => trainBoth()}
          disabled={!hasData || runStatus === 'stopping'}
          aria-describedby="train-status"
        >
          {running ? 'Restart both' : again ? 'Train both again' : 'Train both'}
        </button>
        {runStatus === 'paused' ? (
          <button type="button" onClick={resume}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={pause} disabled={runStatus !== 'training'}>
            Pause
          </button>
        )}
        <button
          type="button"
          onClick={stop}
          disabled={!running || runStatus === 'stopping' || runStatus === 'evaluating'}
        >
          Stop
        </button>
        <div className="engine-choice">
          <SelectField label="Engine" value={engine} options={ENGINES} onChange={setEngine} />
        </div>
        <p id="train-status" className="train-status" role="status" aria-live="polite">
          {startProblem ? startProblemText(startProblem) : runStatusText(runStatus, stoppedByUser)}
        </p>
      </div>
    </>
  );
}

import { MODEL_NAME } from '../../config';
import { usePlayground } from '../../store';
import { type FailureAction, formatLearningRate } from './failureText';

/** The one-click fix a failure offers; once applied it says so instead (read from the store, not kept here). */
export function FailureActionButton({ action }: { action: FailureAction }) {
  const lr = usePlayground((s) => (action.kind === 'set-learning-rate' ? s.models[action.model].lr : null));
  const engine = usePlayground((s) => s.engine);
  const setModelSetting = usePlayground((s) => s.setModelSetting);
  const setEngine = usePlayground((s) => s.setEngine);
  const trainBoth = usePlayground((s) => s.trainBoth);

  if (action.kind === 'set-learning-rate') {
    if (lr === action.lr)
      return (
        <p className="small">
          The {MODEL_NAME[action.model]} learning rate is now {formatLearningRate(action.lr)}; it applies to
          the next run.
        </p>
      );
    return (
      <p>
        <button type="button" onClick={() => setModelSetting(action.model, 'lr', action.lr)}>
          {action.label}
        </button>
      </p>
    );
  }
  if (!action.restart && engine === 'cpu')
    return <p className="small">The next runs use the CPU engine (see the Engine menu).</p>;
  return (
    <p>
      <button
        type="button"
        onClick={() => {
          setEngine('cpu');
          if (action.restart) trainBoth();
        }}
      >
        {action.label}
      </button>
    </p>
  );
}

import { useId, useState } from 'react';
import type { CellKind } from '../../config';
import { shareUrl } from '../../persist/shareLink';
import type { TrainingConfig } from '../../persist/trainingConfig';
import { applySavedRunConfig } from '../../store/savedRunsShare';
import { shareSettings } from './ShareBar';
import { stores } from './stores';

/** For a saved run: put its settings back into the playground, or share them as a link. */
export function RunConfigActions({
  config,
  runName,
  weights,
}: {
  config: TrainingConfig;
  runName: string;
  /** The run's final weights, to resume training from. */
  weights?: Partial<Record<CellKind, Float32Array>>;
}) {
  const [link, setLink] = useState<string | null>(null);
  const linkId = useId();
  return (
    <div className="share-bar">
      <div className="card-actions">
        <button type="button" onClick={() => void applySavedRunConfig(stores, config, runName)}>
          Use these settings
        </button>
        {weights && (weights.lstm || weights.gru) && (
          <button
            type="button"
            onClick={async () => {
              await applySavedRunConfig(stores, config, runName);
              await stores.playground.getState().whenPrepared();
              stores.playground.getState().trainBoth(weights);
            }}
          >
            Resume training from these weights
          </button>
        )}
        <button
          type="button"
          onClick={async () => {
            const url = shareUrl(window.location.href, config);
            setLink(url);
            await shareSettings(url);
          }}
        >
          Copy link to this run's settings
        </button>
      </div>
      {link && (
        <div className="field">
          <label htmlFor={linkId}>Link to this run's settings</label>
          <input id={linkId} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </div>
  );
}

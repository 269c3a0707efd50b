import { useId, useRef, useState } from 'react';
import { configToJson } from '../../persist/configFile';
import { shareUrl } from '../../persist/shareLink';
import { configFromPlayground } from '../../store/savedRunsConfig';
import { importConfigFile } from '../../store/savedRunsShare';
import { CheckboxField } from '../controls/Field';
import { downloadText } from './download';
import { stores } from './stores';
import { useSavedRuns } from './useSavedRuns';

/** Copies a link to the current settings, puts them in the address bar; tries the clipboard, shows the link either way. */
export async function shareSettings(url: string): Promise<boolean> {
  window.history.replaceState(null, '', url);
  try {
    await navigator.clipboard.writeText(url);
    return true;
  } catch {
    return false; // no clipboard permission: the link is shown to copy by hand
  }
}

/** Share the current settings as a link, save them as JSON, or import a JSON configuration. */
export function ShareBar() {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [autostart, setAutostart] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const linkId = useId();
  const importId = useId();
  return (
    <div className="share-bar">
      <div className="card-actions">
        <button
          type="button"
          onClick={async () => {
            const url = shareUrl(
              window.location.href,
              configFromPlayground(stores.playground.getState()),
              autostart,
            );
            setLink(url);
            setCopied(await shareSettings(url));
          }}
        >
          Copy link to these settings
        </button>
        <CheckboxField label="The link starts training" checked={autostart} onChange={setAutostart} />
        <button
          type="button"
          onClick={() =>
            downloadText(
              'forecast-lab-config.json',
              configToJson(configFromPlayground(stores.playground.getState())),
              'application/json',
            )
          }
        >
          Export config (.json)
        </button>
        <label htmlFor={importId} className="runs-file-button">
          Import config (.json)
        </label>
        <input
          id={importId}
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          className="runs-file-input"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) await importConfigFile(stores, file);
          }}
        />
      </div>
      {link && (
        <div className="field">
          <label htmlFor={linkId}>
            {copied ? 'Link copied to the clipboard' : 'Link to these settings (copy it)'}
          </label>
          <input id={linkId} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <ConfigNoticeView />
    </div>
  );
}

export function ConfigNoticeView() {
  const notice = useSavedRuns((s) => s.configNotice);
  const dismiss = () => stores.savedRuns.getState().setConfigNotice(null);
  if (!notice) return null;
  return (
    <div
      className={`runs-notice runs-notice--${notice.level}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
    >
      <span>{notice.message}</span>
      {notice.issues.length > 0 && (
        <ul>
          {notice.issues.map((i) => (
            <li key={`${i.key}:${i.message}`}>{i.message}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

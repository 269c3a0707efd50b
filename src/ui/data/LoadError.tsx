import { usePlayground } from '../../store';

/** A failed load: the data error's own message, and a reminder that the previous dataset is still loaded. */
export function LoadError() {
  const error = usePlayground((s) => s.loadError);
  const source = usePlayground((s) => s.source);
  const dismiss = usePlayground((s) => s.dismissLoadError);
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert" aria-label="File problem">
      <div>
        <strong>That file could not be used.</strong>{' '}
        <span className="load-error-message">{error.message}</span>
        {source && <p className="small">Still using: {source.name}.</p>}
      </div>
      <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss file problem">
        ×
      </button>
    </div>
  );
}

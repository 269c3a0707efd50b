import { usePlayground } from '../../store';

/** Warnings and errors from the run (divergence, device loss, failures), dismissable. */
export function Notices() {
  const notices = usePlayground((s) => s.notices);
  const dismiss = usePlayground((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Training messages">
      {notices.map((n) => (
        <li
          key={n.id}
          className={`notice notice--${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <span>{n.message}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => dismiss(n.id)}
            aria-label="Dismiss message"
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

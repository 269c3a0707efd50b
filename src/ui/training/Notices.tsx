import { usePlayground } from '../../store';
import { FailureActionButton } from './FailureActionButton';
import { describeFailure } from './failureText';

/** Warnings and errors from the run (divergence, device loss, failures) with their fixes, dismissable. */
export function Notices() {
  const notices = usePlayground((s) => s.notices);
  const dismiss = usePlayground((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Training messages">
      {notices.map((n) => {
        const { level, text, action } = describeFailure(n.failure);
        return (
          <li key={n.id} className={`notice notice--${level}`}>
            {/* The live role sits inside the item: on the item itself it would hide that it is one of a list. */}
            <div role={level === 'error' ? 'alert' : 'status'}>
              <span>{text}</span>
              {action && <FailureActionButton action={action} />}
            </div>
            <button
              type="button"
              className="link-button"
              onClick={() => dismiss(n.id)}
              aria-label="Dismiss message"
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}

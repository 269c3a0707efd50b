import { usePlayground } from '../../store';
import { FailureActionButton } from './FailureActionButton';
import { describeFailure } from './failureText';

/**
 * Warnings and errors from the run (divergence, device loss, failures) with their fixes, dismissable; with
 * `of="sweep"`, the tuning sweep's.
 */
export function Notices({ of = 'run' }: { of?: 'run' | 'sweep' }) {
  const notices = usePlayground((s) => (of === 'sweep' ? s.tuneNotices : s.notices));
  const dismissRun = usePlayground((s) => s.dismissNotice);
  const dismissSweep = usePlayground((s) => s.dismissTuneNotice);
  const dismiss = of === 'sweep' ? dismissSweep : dismissRun;
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label={of === 'sweep' ? 'Sweep messages' : 'Training messages'}>
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

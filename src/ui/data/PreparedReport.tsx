import { usePlayground } from '../../store';
import { changedDataSettings } from '../../store/dataSettings';
import { formatInteger } from '../format';

/** The data settings not at their defaults: they stay when another dataset loads, so they are said plainly. */
function KeptSettings() {
  const options = usePlayground((s) => s.prepareOptions);
  const changed = changedDataSettings(options);
  if (changed.length === 0) return null;
  return (
    <p className="small kept-settings">
      Data settings not at their defaults (they stay when you load other data):{' '}
      {changed.map((c) => `${c.label} ${c.value}`).join(', ')}.
    </p>
  );
}

/** The windows each split yields and what cleaning did, or why the data cannot be used as configured. */
export function PreparedReport() {
  const prepared = usePlayground((s) => s.prepared);
  if (!prepared) return null;
  if (!prepared.ok) {
    return (
      <>
        <p className="notice notice--error" role="alert" data-testid="prepare-error">
          {prepared.error.message}
        </p>
        <KeptSettings />
      </>
    );
  }
  const { windows, report } = prepared.summary;
  return (
    <div className="prepared-report">
      <p className="window-counts" data-testid="window-counts">
        Windows: <strong>{formatInteger(windows.train)}</strong> train ·{' '}
        <strong>{formatInteger(windows.val)}</strong> validation ·{' '}
        <strong>{formatInteger(windows.test)}</strong> test
      </p>
      <KeptSettings />
      <details className="data-details">
        <summary>Cleaning report ({formatInteger(report.changedRowCount)} rows changed)</summary>
        <ul className="notes">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
          {report.columns.map((c) => (
            <li key={c.column}>
              {c.column}: {formatInteger(c.filled + c.fallbackFilled)} cells filled ({c.policy}), {c.invalid}{' '}
              unparsable
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

import { useState } from 'react';
import type { LongFormat } from '../../data/types';
import { usePlayground } from '../../store';
import { CheckboxField, SelectField } from '../controls/Field';

/** Which column is time, which are forecast (targets) and which are fed to the models (features). */
export function RolesForm() {
  const table = usePlayground((s) => s.table);
  const roles = usePlayground((s) => s.roles);
  const setRoles = usePlayground((s) => s.setRoles);
  const pivotLongFormat = usePlayground((s) => s.pivotLongFormat);
  if (!table) return null;
  const numeric = table.columns.filter((c) => c.type === 'numeric').map((c) => c.name);
  const timeOptions = [
    { value: '', label: '(none: row order)' },
    ...table.columns
      .filter((c) => c.type === 'datetime' || c.type === 'numeric')
      .map((c) => ({ value: c.name, label: `${c.name} (${c.type})` })),
  ];
  const choices = numeric.filter((n) => n !== roles.timeColumn);
  const long = table.report.longFormat;
  const pivoted = table.report.pivoted;
  return (
    <div className="roles-form">
      {pivoted && (
        <p className="pivot-note">
          One column per series: the {pivoted.series.length} series of "{pivoted.column}" side by side.{' '}
          <button type="button" onClick={() => void pivotLongFormat(false)}>
            Back to one series at a time
          </button>
        </p>
      )}
      {long && (
        <PivotForm key={`${table.id}`} long={long} onPivot={(series) => void pivotLongFormat(true, series)} />
      )}
      {long && (
        <SelectField
          label="Series"
          value={roles.seriesColumn ? (roles.series ?? '') : ''}
          options={[
            ...long.series.map((s) => ({ value: s.name, label: `${s.name} (${s.rows} rows)` })),
            { value: '', label: `(all rows as one series)` },
          ]}
          hint={`The file holds ${long.series.length} series told apart by "${long.column}".`}
          onChange={(v) =>
            setRoles(
              v === '' ? { seriesColumn: null, series: null } : { seriesColumn: long.column, series: v },
            )
          }
        />
      )}
      <SelectField
        label="Time column"
        value={roles.timeColumn ?? ''}
        options={timeOptions}
        onChange={(v) => setRoles({ timeColumn: v === '' ? null : v })}
      />
      <ColumnChecks
        legend="Target (forecast)"
        columns={choices}
        checked={roles.targets}
        onChange={(targets) => setRoles({ targets })}
      />
      <ColumnChecks
        legend="Features (model inputs)"
        columns={choices}
        checked={roles.features}
        onChange={(features) => setRoles({ features })}
      />
    </div>
  );
}

/** One checkbox per column; ticking appends the column to the list, unticking removes it. */
function ColumnChecks(props: {
  legend: string;
  columns: string[];
  checked: string[];
  onChange: (list: string[]) => void;
}) {
  const { legend, columns, checked, onChange } = props;
  const without = (name: string) => checked.filter((n) => n !== name);
  return (
    <fieldset className="check-group">
      <legend>{legend}</legend>
      {columns.map((name) => (
        <CheckboxField
          key={name}
          label={name}
          checked={checked.includes(name)}
          onChange={(on) => onChange(on ? [...without(name), name] : without(name))}
        />
      ))}
    </fieldset>
  );
}

/**
 * Several series of a long-format file side by side, one column each, as the targets and inputs of one
 * model: the user ticks which (every series at first) and pivots.
 */
function PivotForm({ long, onPivot }: { long: LongFormat; onPivot(series: string[]): void }) {
  const [ticked, setTicked] = useState(() => long.series.map((s) => s.name));
  const tick = (name: string, on: boolean) =>
    setTicked(long.series.map((s) => s.name).filter((n) => (n === name ? on : ticked.includes(n))));
  return (
    <fieldset className="check-group pivot-note">
      <legend>Series side by side (targets and inputs of one model)</legend>
      {long.series.map((s) => (
        <CheckboxField
          key={s.name}
          label={s.name}
          checked={ticked.includes(s.name)}
          onChange={(on) => tick(s.name, on)}
        />
      ))}
      <button type="button" disabled={ticked.length < 2} onClick={() => onPivot(ticked)}>
        Pivot to one column per series
      </button>{' '}
      <span className="field-hint">
        {ticked.length < 2
          ? 'Tick at least two series.'
          : `${ticked.length} series side by side, matched by time.`}
      </span>
    </fieldset>
  );
}

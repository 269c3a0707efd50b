import { usePlayground } from '../../store';
import { CheckboxField, SelectField } from '../controls/Field';

/** Which column is time, which are forecast (targets) and which are fed to the models (features). */
export function RolesForm() {
  const table = usePlayground((s) => s.table);
  const roles = usePlayground((s) => s.roles);
  const setRoles = usePlayground((s) => s.setRoles);
  if (!table) return null;
  const numeric = table.columns.filter((c) => c.type === 'numeric').map((c) => c.name);
  const timeOptions = [
    { value: '', label: '(none: row order)' },
    ...table.columns
      .filter((c) => c.type === 'datetime' || c.type === 'numeric')
      .map((c) => ({ value: c.name, label: `${c.name} (${c.type})` })),
  ];
  const toggle = (list: string[], name: string, on: boolean) =>
    on ? [...list.filter((n) => n !== name), name] : list.filter((n) => n !== name);
  return (
    <div className="roles-form">
      <SelectField
        label="Time column"
        value={roles.timeColumn ?? ''}
        options={timeOptions}
        onChange={(v) => setRoles({ timeColumn: v === '' ? null : v })}
      />
      <fieldset className="check-group">
        <legend>Target (forecast)</legend>
        {numeric
          .filter((n) => n !== roles.timeColumn)
          .map((name) => (
            <CheckboxField
              key={name}
              label={name}
              checked={roles.targets.includes(name)}
              onChange={(on) => setRoles({ targets: toggle(roles.targets, name, on) })}
            />
          ))}
      </fieldset>
      <fieldset className="check-group">
        <legend>Features (model inputs)</legend>
        {numeric
          .filter((n) => n !== roles.timeColumn)
          .map((name) => (
            <CheckboxField
              key={name}
              label={name}
              checked={roles.features.includes(name)}
              onChange={(on) => setRoles({ features: toggle(roles.features, name, on) })}
            />
          ))}
      </fieldset>
    </div>
  );
}

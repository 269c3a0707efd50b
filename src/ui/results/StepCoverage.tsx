// How the networks' bands past the data held, step by step: at each step ahead, the share of test values
// inside a band of that level built the same way from the rows before the test part only (worker/stepBands.ts).
// A band that is right on average can still be too narrow far ahead; this table shows it.
import type { PredictionInterval } from '../../worker/protocol';
import { TableScroll } from '../controls/TableScroll';

interface Column {
  key: string;
  name: string;
  band: PredictionInterval;
}

const percent = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '–');

/** The columns (model × level) that carry per-step coverage. */
export function stepCoverageColumns(models: [string, PredictionInterval[]][]): Column[] {
  return models.flatMap(([name, bands]) =>
    bands.flatMap((band) =>
      band.coverageByStep?.some(Number.isFinite)
        ? [{ key: `${name}-${band.level}`, name: `${name} ${Math.round(band.level * 100)} %`, band }]
        : [],
    ),
  );
}

export function StepCoverage({ models }: { models: [string, PredictionInterval[]][] }) {
  const columns = stepCoverageColumns(models);
  if (columns.length === 0) return null;
  const forecastSteps = Math.max(...columns.map((c) => c.band.coverageByStep?.length ?? 0));
  // steps no test origin reached carry nothing to show: list the checked ones, then say where checking ends
  const checked = (s: number) => columns.some((c) => (c.band.checkedByStep?.[s] ?? 0) > 0);
  let steps = forecastSteps;
  while (steps > 0 && !checked(steps - 1)) steps--;
  const label = 'Band coverage by step ahead';
  return (
    <details className="data-details">
      <summary>{label}</summary>
      <p className="chart-summary">
        At each step ahead: the share of test values inside a band built like the bands past the data, but
        from the validation rows only (the test values were not used to make it). In brackets: how many test
        values were checked at that step.
        {steps < forecastSteps &&
          ` The test part is too short to check steps ${steps + 1} to ${forecastSteps}.`}
      </p>
      <TableScroll label={label}>
        <table className="data-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Steps ahead</th>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: steps }, (_, s) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the step number is the row's identity
              <tr key={s}>
                <th scope="row">{s + 1}</th>
                {columns.map((c) => (
                  <td key={c.key}>
                    {percent(c.band.coverageByStep?.[s] ?? Number.NaN)} ({c.band.checkedByStep?.[s] ?? 0})
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}

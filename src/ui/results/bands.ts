import type { ClassicalForecast } from '../../store/chartRows';
import { COLORS } from '../colors';
import type { SeriesBand } from './SeriesChart';

/** The 95 % (lighter) and 80 % (darker) bands of the networks that have results. */
export function networkBands(hasLstm: boolean, hasGru: boolean): SeriesBand[] {
  const bands: SeriesBand[] = [];
  for (const [cell, has] of [
    ['lstm', hasLstm],
    ['gru', hasGru],
  ] as const) {
    if (!has) continue;
    const name = cell === 'lstm' ? 'LSTM' : 'GRU';
    bands.push({ key: `${cell}95`, name: `${name} 95 %`, color: COLORS[cell], opacity: 0.1 });
    bands.push({ key: `${cell}80`, name: `${name} 80 %`, color: COLORS[cell], opacity: 0.18 });
  }
  return bands;
}

/** The bands of the classical forecasts at the given levels (%), wider ones first, lighter than the networks'. */
export function classicalBands(forecasts: ClassicalForecast[], levels: readonly (80 | 95)[]): SeriesBand[] {
  return forecasts.flatMap(({ name, key, forecast }) =>
    [...levels]
      .sort((a, b) => b - a)
      .filter((level) => forecast.bands.some((b) => Math.round(b.level * 100) === level))
      .map((level) => ({
        key: `${key}${level}` as const,
        name: `${name} ${level} %`,
        color: COLORS[key],
        opacity: level === 95 ? 0.06 : 0.12,
      })),
  );
}

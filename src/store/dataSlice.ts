// Data slice: the loaded table, the column roles and preparation options, and the prepared dataset.
// A failed load keeps the previous table: the error is shown beside it.

import { suggestWindow } from '../data/suggest';
import {
  type ColumnRole,
  DEFAULT_PREPARE_OPTIONS,
  type ParseOutcome,
  type ParseProgress,
} from '../data/types';
import { overviewRows } from './chartRows';
import type { PlaygroundDeps } from './deps';
import type { DataSlice, DataSource, Slice } from './types';

const EMPTY_ROLES: ColumnRole = { timeColumn: null, targets: [], features: [] };

export const createDataSlice =
  (deps: PlaygroundDeps): Slice<DataSlice> =>
  (set, get) => {
    const reprepare = () => {
      const { table, roles, prepareOptions } = get();
      const prepared = table ? deps.prepare(table, roles, prepareOptions) : null;
      set({ prepared, overview: prepared?.ok ? overviewRows(prepared.dataset) : get().overview });
    };
    let loadSeq = 0;
    const load = async (
      source: DataSource,
      read: (p: (x: ParseProgress) => void) => Promise<ParseOutcome>,
    ) => {
      const seq = ++loadSeq;
      set({ loading: { name: source.name, progress: null } });
      let outcome: ParseOutcome;
      try {
        outcome = await read((progress) => {
          if (seq === loadSeq) set({ loading: { name: source.name, progress } });
        });
      } catch (err) {
        outcome = {
          ok: false,
          error: { kind: 'read-failed', message: `The file could not be read: ${String(err)}` },
        };
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
      // A window that fits this data: at least one season when the training rows allow it.
      const current = get().prepareOptions;
      const windowSuggestion = suggestWindow(table, roles, current);
      const prepareOptions = windowSuggestion
        ? { ...current, window: { ...current.window, inputLength: windowSuggestion.inputLength } }
        : current;
      set({ loading: null, loadError: null, source, table, roles, prepareOptions, windowSuggestion });
      reprepare();
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

      loadSample: (id) => {
        const sample = deps.samples.find((s) => s.id === id);
        const name = sample?.name ?? id;
        return load({ kind: 'sample', id, name }, (onProgress) => deps.loadSample(id, onProgress));
      },
      loadFile: (file) =>
        load({ kind: 'file', id: file.name, name: file.name }, (onProgress) =>
          deps.parseFile(file, onProgress),
        ),
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

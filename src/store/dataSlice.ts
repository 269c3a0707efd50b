// Data slice: the loaded table, the column roles and preparation options, and the prepared dataset.
// A failed load keeps the previous table: the error is shown beside it.

import {
  type ColumnRole,
  type DataError,
  DEFAULT_PREPARE_OPTIONS,
  type ParsedTable,
  type ParseOutcome,
  type ParseProgress,
  type PrepareOptions,
  type PrepareOutcome,
} from '../data/types';
import { type OverviewRows, overviewRows } from './chartRows';
import type { PlaygroundDeps, SampleInfo } from './deps';
import type { Slice } from './types';

export interface DataSource {
  kind: 'sample' | 'file';
  /** Sample id or file name. */
  id: string;
  name: string;
}

export interface DataState {
  samples: SampleInfo[];
  source: DataSource | null;
  table: ParsedTable | null;
  /** A load in progress: what is being read and how far. */
  loading: { name: string; progress: ParseProgress | null } | null;
  /** The last load's error; the previous table stays loaded. */
  loadError: DataError | null;
  roles: ColumnRole;
  prepareOptions: PrepareOptions;
  /** Season length for the seasonal-naive baseline; 0 = detect. */
  season: number;
  /** Steps to forecast past the end of the data. */
  forecastSteps: number;
  /** The table prepared with the current roles and options (or the reason it cannot be). */
  prepared: PrepareOutcome | null;
  /** The prepared target series for the overview chart (downsampled), with split boundaries. */
  overview: OverviewRows | null;
}

export interface DataActions {
  loadSample(id: string): Promise<void>;
  loadFile(file: File): Promise<void>;
  setRoles(roles: Partial<ColumnRole>): void;
  setPrepareOptions(options: Partial<PrepareOptions>): void;
  setWindow(window: Partial<PrepareOptions['window']>): void;
  /** Sets the validation or test share in percent; training gets the rest. */
  setSplitShare(part: 'val' | 'test', percent: number): void;
  setSeason(season: number): void;
  setForecastSteps(steps: number): void;
  dismissLoadError(): void;
}

export type DataSlice = DataState & DataActions;

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
      set({
        loading: null,
        loadError: null,
        source,
        table,
        roles: { ...(sampleRoles ?? table.report.suggestedRoles) },
      });
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

// The data pipeline's public types: CSV → ParsedTable → (clean, split, scale, window) → PreparedDataset.
// Everything here is plain data that survives structured clone (worker ↔ page), except the functions on
// `Scaler` and `PreparedDataset`, which are rebuilt where they are used (see `prepareDataset`).
// Dimension letters follow DESIGN.md: N rows, C series columns, T window length, F features, O outputs.

import type { Batch } from '../engine/types';
import type { CalendarColumn } from './calendar';
import type { Formulation } from './formulation';
import type { SeasonalAdjustOption, SeasonalFactors } from './seasonalAdjust';

export type { Formulation } from './formulation';

// ───────────────────────────── Parsing ─────────────────────────────

export type Delimiter = ',' | ';' | '\t' | '|';
export type DecimalSeparator = '.' | ',';
/** `'\u00a0'` (no-break space) and `' '` both come out of spreadsheet exports; `"'"` is Swiss. */
export type ThousandsSeparator = ',' | '.' | ' ' | '\u00a0' | "'";
export type ColumnType = 'numeric' | 'datetime' | 'categorical' | 'empty';

/** Missing-value spellings recognised in any column (trimmed, case-insensitive), in canonical form. */
export type MissingToken = '(empty)' | 'NA' | 'N/A' | '#N/A' | 'NaN' | 'null' | '-' | '?';

export interface ParseOptions {
  /** Refuse files larger than this many bytes. Default `DEFAULT_MAX_BYTES` (200 MB). */
  maxBytes?: number;
  /** Force a delimiter instead of detecting it. */
  delimiter?: Delimiter;
  /** Force whether the first row is a header instead of detecting it. */
  header?: boolean;
  /** Force the decimal separator instead of detecting it. */
  decimal?: DecimalSeparator;
  /** Force the order of `xx/yy/YYYY` dates instead of deciding by evidence. */
  dateOrder?: 'DMY' | 'MDY';
  /** What to do with rows whose field count differs from the header: pad/truncate and report (default), or fail. */
  raggedRows?: 'keep' | 'error';
  /** Bytes read per chunk; progress is reported once per chunk. Default 4 MiB. */
  chunkBytes?: number;
  /** A long-format file becomes one column per (value column, series) instead (see parse/pivot.ts). */
  pivotLongFormat?: boolean;
  /** With `pivotLongFormat`: only these series become columns (every series when absent). */
  pivotSeries?: string[];
}

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

/**
 * The original text of the file, row by row, without a string per cell: data row `r` is
 * `chunks[rowChunk[r]].slice(rowStart[r], rowEnd[r])` (quoted rows are stored re-serialised, so a field
 * with a line break stays one row). Read it with `rawRow(table, r)` / `rawCell(table, column, r)` from
 * `src/data/table.ts`.
 */
export interface RawText {
  chunks: string[];
  /** (N) */
  rowChunk: Uint32Array;
  /** (N) */
  rowStart: Uint32Array;
  /** (N) */
  rowEnd: Uint32Array;
  delimiter: Delimiter;
  /** Columns per row (rows are padded or cut to it). */
  width: number;
}

export interface DatetimeInfo {
  /** Human name of the detected format, e.g. 'ISO 8601', 'DD/MM/YYYY HH:mm', 'Unix seconds'. */
  format: string;
  /** For `xx/yy/YYYY` dates: the order used and whether the data proved it (a day > 12) or it is a default. */
  order?: 'DMY' | 'MDY';
  orderAmbiguous?: boolean;
}

export interface ParsedColumn {
  /** Unique, non-empty name (renamed if the header was empty or duplicated; see `ParseReport.renamedHeaders`). */
  name: string;
  /** The header cell as written ('' when there is no header row). */
  originalName: string;
  type: ColumnType;
  /**
   * (N) numeric: the value; datetime: milliseconds since the Unix epoch (timestamps without a zone are read
   * as UTC); NaN where the cell is missing or unparsable. `null` for categorical and empty columns.
   */
  values: Float64Array | null;
  /** Missing cells by canonical token. */
  missing: Partial<Record<MissingToken, number>>;
  /** Non-missing cells that do not parse as the column's type (kept raw; treated as missing when cleaning). */
  invalid: number;
  /** Up to 5 (row, text) examples of invalid cells, for the report. */
  invalidExamples: { row: number; line: number; text: string }[];
  datetime?: DatetimeInfo;
  /** Categorical columns: number of distinct values (counting stops at 10,000). */
  distinct?: number;
}

export interface RaggedRow {
  /** 1-based line in the file where the row starts. */
  line: number;
  /** 0-based data row index in the table. */
  row: number;
  fields: number;
  expected: number;
  /** 'padded': missing cells added as empty; 'truncated': extra fields dropped (kept in `extra`). */
  action: 'padded' | 'truncated';
  /** The fields beyond the header's count, so nothing is lost. */
  extra?: string[];
}

export interface HeaderRename {
  index: number;
  original: string;
  renamed: string;
  reason: 'empty' | 'duplicate' | 'no-header';
}

export interface ParseReport {
  fileName: string | null;
  bytes: number;
  /** Text encoding: UTF-8 unless a UTF-16 BOM says otherwise; invalid UTF-8 is read as Windows-1252. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  delimiter: Delimiter;
  decimalSeparator: DecimalSeparator;
  /** Thousands separator seen in numeric cells, or null. */
  thousandsSeparator: ThousandsSeparator | null;
  headerDetected: boolean;
  bom: boolean;
  lineEnding: 'LF' | 'CRLF' | 'CR';
  rowCount: number;
  columnCount: number;
  /** Blank lines skipped (anywhere, including trailing ones). */
  emptyLinesSkipped: number;
  /** File lines after the data left out as a footer (titles, notes: no value in any numeric or date column). */
  footerLines: number[];
  /** Total ragged rows; `raggedRows` lists the first 1,000. */
  raggedRowCount: number;
  raggedRows: RaggedRow[];
  renamedHeaders: HeaderRename[];
  /** Lines near which quotes were unbalanced (first 20). */
  quoteProblemLines: number[];
  /** Several series one below the other (long format), or null. */
  longFormat: LongFormat | null;
  /** Set when a long-format file was pivoted to one column per series (the table is the wide one). */
  pivoted?: PivotReport;
  /** Categorical (text) columns, excluded from features. */
  categoricalColumns: string[];
  /** Roles suggested from the types and names. */
  suggestedRoles: ColumnRole;
  /** Plain-language lines summarising what was detected and done, for the UI. */
  notes: string[];
  /** What the parse went on past but changed the data: shown at once, not only among the notes. */
  warnings: ParseWarning[];
  /** Wall time of the parse in milliseconds. */
  elapsedMs: number;
}

/** Cells of a number (or date) column that are text: read as missing. `examples` are the first few. */
export interface ParseWarning {
  kind: 'text-in-number-column';
  column: string;
  columnType: 'numeric' | 'datetime';
  count: number;
  examples: { line: number; text: string }[];
  message: string;
}

export interface ParsedTable {
  columns: ParsedColumn[];
  rowCount: number;
  /** The original text of every row. */
  raw: RawText;
  /** (N) 1-based line in the file where each data row starts. */
  lineNumbers: Uint32Array;
  report: ParseReport;
}

export type ParseOutcome = { ok: true; table: ParsedTable } | { ok: false; error: DataError };

/** A column as the page sees it: everything but its values. */
export type ColumnInfo = Omit<ParsedColumn, 'values'>;

/**
 * What the page holds of a parsed table: column names, types and counts, the report, the first rows for the
 * preview, and a fingerprint. The table itself stays in the worker that trains on it (src/data/table.ts
 * `tableView`).
 */
export interface TableView {
  /** Which table the worker holds for it (assigned by the page when the parse starts; 0 before). */
  id: number;
  columns: ColumnInfo[];
  rowCount: number;
  report: ParseReport;
  /** The first rows' cells as in the file. */
  preview: string[][];
  /** Hex SHA-256 of the file's bytes: the same file gives the same fingerprint. */
  fingerprint: string;
}

export type LoadOutcome = { ok: true; table: TableView } | { ok: false; error: DataError };

export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

// ───────────────────────────── Roles and options ─────────────────────────────

/**
 * Which columns play which part. `features` are the model inputs (F = features.length); `targets` are the
 * predicted columns. A target's history is an input only if it is listed in `features` too (the suggestion
 * does that). Names refer to `ParsedColumn.name`.
 */
export interface ColumnRole {
  timeColumn: string | null;
  targets: string[];
  features: string[];
  /** Long-format files: the column naming each row's series (e.g. `symbol`); null or absent for wide files. */
  seriesColumn?: string | null;
  /** The one series of `seriesColumn` to use (its cell text). */
  series?: string | null;
}

/** What pivoting a long-format file did. */
export interface PivotReport {
  /** The id column the series were told apart by, and the series in order. */
  column: string;
  series: string[];
  /** The new value columns, e.g. `temp_Seattle`. */
  columns: string[];
  /** Long rows left out for an unreadable timestamp. */
  rowsWithoutTime: number;
  /** (series, timestamp) pairs given more than once; the last was kept. */
  duplicates: number;
}

/** A file holding several series one below the other, told apart by an id column. */
export interface LongFormat {
  /** The id column, e.g. `symbol` or `location`. */
  column: string;
  /** Its values in order of first appearance, and the rows of each. */
  series: { name: string; rows: number }[];
}

/**
 * How missing and unparsable cells of the selected columns are handled.
 * 'drop': remove the row. 'interpolate': linear in time (or in row index without a time column).
 * 'ffill' / 'bfill': carry the previous / next value. 'zero': 0. 'mean': mean of the training part.
 * Filling never looks across a split boundary; see README "Data".
 */
export type MissingPolicy = 'drop' | 'interpolate' | 'ffill' | 'bfill' | 'zero' | 'mean';
export const MISSING_POLICIES: readonly MissingPolicy[] = [
  'drop',
  'interpolate',
  'ffill',
  'bfill',
  'zero',
  'mean',
];
/** Rows sharing a timestamp: keep the last one, or average their values. */
export type DuplicatePolicy = 'keep-last' | 'average';
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['keep-last', 'average'];

/** Chronological fractions; must be ≥ 0 and sum to 1. Train must be > 0. */
export interface SplitConfig {
  train: number;
  val: number;
  test: number;
}
export const DEFAULT_SPLIT: SplitConfig = { train: 0.7, val: 0.15, test: 0.15 };

export type SplitName = 'train' | 'val' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

/**
 * 'standard': mean 0 and standard deviation 1 over the training rows. 'changes': mean level 0 and one-step
 * changes of standard deviation 1 (suits the 'change' formulation, whose inputs and targets are changes).
 * 'minmax': training range to [0, 1]. 'none': as is.
 */
export type ScalerKind = 'standard' | 'changes' | 'minmax' | 'none';
export const SCALER_KINDS: readonly ScalerKind[] = ['standard', 'changes', 'minmax', 'none'];

/**
 * Applied to the series columns before the scaler is fitted, and undone after it: 'none', or 'log' (natural
 * log; every value must be positive) or 'auto' (log when every value of the series columns is positive, none
 * otherwise). Log makes a season whose swing grows with the level a constant swing, and, with the 'change'
 * formulation, the networks learn relative changes. The scaler records what was applied (`ScalerParams.log`).
 */
export type Transform = 'none' | 'log' | 'auto';
export const TRANSFORMS: readonly Transform[] = ['none', 'log', 'auto'];

/** T input steps, `horizon` target steps right after them, windows starting every `stride` rows. */
export interface WindowConfig {
  inputLength: number;
  horizon: number;
  stride: number;
}

export interface PrepareOptions {
  missing: MissingPolicy;
  duplicates: DuplicatePolicy;
  split: SplitConfig;
  scaler: ScalerKind;
  /** Before the scaler (absent: 'none', as in settings saved before it existed). */
  transform?: Transform;
  /**
   * Seasonal adjustment before the transform and the scaler (seasonalAdjust.ts), with the automatic season
   * (season.ts): 'auto' adjusts each column whose training rows pass the seasonality test. Absent: 'off',
   * as in settings saved before it existed.
   */
  seasonalAdjust?: SeasonalAdjustOption;
  window: WindowConfig;
  /** What the networks learn from each window: levels, or changes from the window's last value. */
  formulation: Formulation;
  /**
   * 'auto': add calendar inputs (sin/cos of hour, weekday, day of year or month, as the time step allows);
   * 'off': none. Needs a date time column.
   */
  calendar: CalendarOption;
  /**
   * 'auto' (also when absent): put back missing time steps of a regular datetime series when they are at
   * most 5 % of the rows, as missing values for the missing-value policy; 'off': leave the rows as they are.
   */
  reindex?: ReindexOption;
}

export type ReindexOption = 'auto' | 'off';
export const REINDEX_OPTIONS: readonly ReindexOption[] = ['auto', 'off'];

export type CalendarOption = 'off' | 'auto';
export const CALENDAR_OPTIONS: readonly CalendarOption[] = ['off', 'auto'];

export const DEFAULT_PREPARE_OPTIONS: PrepareOptions = {
  missing: 'interpolate',
  duplicates: 'keep-last',
  split: DEFAULT_SPLIT,
  scaler: 'standard',
  transform: 'none',
  window: { inputLength: 24, horizon: 1, stride: 1 },
  formulation: 'change',
  calendar: 'off',
  reindex: 'auto',
  seasonalAdjust: 'auto',
};

// ───────────────────────────── Cleaning report ─────────────────────────────

export interface ColumnCleanReport {
  column: string;
  /** Missing cells found in the rows kept after time cleaning, by canonical token. */
  missing: Partial<Record<MissingToken, number>>;
  /** Unparsable cells, treated like missing ones. */
  invalid: number;
  /** How the gaps were handled. */
  policy: MissingPolicy;
  /** Cells filled by the policy itself. */
  filled: number;
  /**
   * Cells the policy could not reach and that took the nearest value in the same split
   * (e.g. ffill at a split's start) or, with no value in that split, the training mean.
   */
  fallbackFilled: number;
}

export interface ChangedRow {
  /** 0-based data row index in the ParsedTable (use it to show the original raw cells). */
  row: number;
  /** 1-based file line ('inserted': the line of the row before the missing step). */
  line: number;
  action: 'dropped-missing' | 'dropped-no-time' | 'merged-duplicate' | 'filled' | 'inserted';
  /** Columns whose cells were filled (for 'filled'). */
  columns?: string[];
}

export interface CleanReport {
  rowsIn: number;
  rowsOut: number;
  columns: ColumnCleanReport[];
  /** Rows dropped because their time cell was missing or unparsable. */
  rowsWithoutTime: number;
  /** Rows dropped by the 'drop' policy. */
  rowsDroppedMissing: number;
  /** Missing time steps put back (their values filled by the policy). */
  rowsInserted: number;
  /** True when the timestamps were out of order and the rows were sorted (stable) by time. */
  sorted: boolean;
  /** Rows that were not in time order in the file. */
  rowsOutOfOrder: number;
  duplicates: { timestamps: number; rowsMerged: number; policy: DuplicatePolicy };
  /** Only with a time column. */
  intervals: {
    /** Median step between consecutive timestamps, ms. */
    medianMs: number;
    /** Steps longer than 1.5 × the median. */
    gaps: number;
    largestGapMs: number;
    regular: boolean;
  } | null;
  /** Total rows changed; `changedRows` lists the first 1,000 (in file order). */
  changedRowCount: number;
  changedRows: ChangedRow[];
  notes: string[];
}

// ───────────────────────────── Scaling and windows ─────────────────────────────

/**
 * Plain, JSON-able scaler parameters: scaled = (value − offset[c]) / scale[c], with ln(value) in place of value
 * for the columns whose `log[c]` is true. Fitted on train rows only.
 */
export interface ScalerParams {
  kind: ScalerKind;
  columns: string[];
  offset: number[];
  scale: number[];
  /** Per column: the scaler works on the natural log of the values (the 'log' transform). Absent: none. */
  log?: boolean[];
  /**
   * Per column: seasonal factors taken out before the log and the scaler (seasonalAdjust.ts), or null for
   * a column left as it is. Absent: none.
   */
  seasonal?: (SeasonalFactors | null)[];
}

export interface Scaler extends ScalerParams {
  /**
   * Scales `values` of series column `column` (index into `columns`) into a new array; `rows` (same length)
   * says which row each value belongs to, needed when the column is seasonally adjusted.
   */
  transform(column: number, values: ArrayLike<number>, rows?: ArrayLike<number>): Float32Array;
  /** Undoes `transform` for column `column`, for display and metrics in original units. */
  inverse(column: number, values: ArrayLike<number>, rows?: ArrayLike<number>): Float32Array;
}

/** A half-open row range [start, end) of the series. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * The windows of one split, as an arithmetic range (never materialised):
 * window k (0 ≤ k < count) has inputs at rows [s, s+T) and targets at rows [s+T, s+T+horizon), with
 * targets inside `rows`. Training windows lie wholly inside the training rows; validation and test
 * windows may read inputs from earlier rows (past observations). Inputs always precede targets.
 */
export interface SplitWindows {
  rows: RowRange;
  count: number;
  /** First input row of window k. */
  inputStart(k: number): number;
}

export type WindowSet = Record<SplitName, SplitWindows> & { config: WindowConfig };

export interface PreparedDataset {
  /** Series columns in order: features first, then targets that are not features, then calendar columns. */
  columns: string[];
  /** (F) index of each feature in `columns`. */
  featureIndex: number[];
  /** (K) index of each target in `columns`. */
  targetIndex: number[];
  /** Number of rows after cleaning. */
  length: number;
  /** (N, C) row-major cleaned values in original units. */
  values: Float32Array;
  /** (N, C) row-major scaled values; batches are gathered from here. */
  scaled: Float32Array;
  /** (N) ms since the Unix epoch ('datetime'), the numeric time column's value ('number'), or the file row index ('index'). */
  time: Float64Array;
  timeKind: 'datetime' | 'number' | 'index';
  /** (N) 0-based ParsedTable row each series row came from (the last one for merged duplicates). */
  sourceRows: Uint32Array;
  splits: Record<SplitName, RowRange>;
  scaler: Scaler;
  windows: WindowSet;
  /** Outputs per window: O = horizon × targets, step-major (horizon, targets). */
  outputSize: number;
  /** How windows are presented to the networks (see formulation.ts); saved with the run. */
  formulation: Formulation;
  /** Calendar columns appended to `columns` (and to the inputs), computed from the time of each row. */
  calendar: CalendarColumn[];
  /** (F) whether each input column is a series value the formulation anchors (false: calendar). */
  anchoredInputs: boolean[];
  /**
   * x (B, T, F) and y (B, O) for windows `indices` (window numbers within `split`), scaled and with the
   * formulation applied: exactly what the networks train on.
   */
  gatherBatch(split: SplitName, indices: ArrayLike<number>): Batch;
  /** (B, K) each window's anchors: its targets' scaled values at the last input row. */
  anchors(split: SplitName, indices: ArrayLike<number>): Float32Array;
  /** (1, T, F): the T rows before `row` as scaled levels (before the formulation): a forecast origin. */
  inputAt(row: number): Float32Array;
  /** (K) the targets' scaled values at row − 1: the anchors of a forecast from `row`. */
  anchorsAt(row: number): Float32Array;
  /**
   * The same rows, scaler and formulation with other split boundaries: what a model retrained at a
   * backtest origin sees (the scaler stays fitted on the original training rows, which lie before it).
   */
  withSplits(splits: Record<SplitName, RowRange>): PreparedDataset;
  report: CleanReport;
}

export type PrepareOutcome = { ok: true; dataset: PreparedDataset } | { ok: false; error: DataError };

// ───────────────────────────── Errors ─────────────────────────────

/** Every user-causable failure of the pipeline. `message` is written for the user and shown as is. */
export type DataError =
  | { kind: 'empty-file'; message: string }
  | { kind: 'not-text'; message: string }
  | { kind: 'file-too-large'; limitBytes: number; gotBytes: number; message: string }
  | { kind: 'no-data-rows'; message: string }
  | { kind: 'ragged-rows'; count: number; lines: number[]; expected: number; message: string }
  | { kind: 'read-failed'; message: string }
  | { kind: 'no-numeric-column'; message: string }
  | {
      kind: 'numbers-mixed-with-text';
      /** The column with the most numbers; `numbers` of its `cells` filled cells are numbers. */
      column: string;
      numbers: number;
      cells: number;
      /** The first lines whose cell in `column` is text. */
      lines: number[];
      message: string;
    }
  | { kind: 'unknown-column'; column: string; message: string }
  | { kind: 'invalid-roles'; message: string }
  | { kind: 'invalid-options'; field: string; message: string }
  | { kind: 'target-all-missing'; column: string; message: string }
  | { kind: 'no-training-values'; column: string; message: string }
  | { kind: 'log-needs-positive'; column: string; value: number; line: number; message: string }
  | { kind: 'too-few-rows'; needed: number; got: number; split: SplitName; message: string };

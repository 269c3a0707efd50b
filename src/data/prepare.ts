// ParsedTable + roles + options → PreparedDataset: the one entry point from a parsed file to batches.
// Steps: check → order rows in time (sort, merge duplicates) → drop or fill gaps (inside each split) →
// fit the scaler on the training rows → scale → windows. Pure: the table is never modified.

import { type CalendarColumn, calendarColumns, calendarCycles, calendarValue } from './calendar';
import { dropMissingRows, fillMissing, type OrderedRows, orderRows } from './clean';
import { dataErrors } from './errors';
import { encodeInputs, encodeTargets, FORMULATIONS } from './formulation';
import { missingToken } from './parse/missing';
import { fitScaler, makeScaler } from './scaler';
import { type SeasonData, seasonFor } from './season';
import {
  deseasonalise,
  fitSeasonalAdjustment,
  SEASONAL_ADJUST_OPTIONS,
  type SeasonalFactors,
} from './seasonalAdjust';
import { checkSplit, splitRanges } from './split';
import { rawCell } from './table';
import { regularGrid } from './timeGrid';
import type {
  ChangedRow,
  CleanReport,
  ColumnCleanReport,
  ColumnRole,
  DataError,
  MissingToken,
  ParsedColumn,
  ParsedTable,
  PreparedDataset,
  PrepareOptions,
  PrepareOutcome,
  RowRange,
  Scaler,
  ScalerParams,
  SplitName,
  WindowConfig,
} from './types';
import { SPLITS, TRANSFORMS } from './types';
import { gatherAnchors, gatherWindows, makeWindows } from './windows';

const MAX_CHANGED_LISTED = 1000;
/** Missing time steps are put back only when they are at most this share of the rows. */
const MAX_INSERTED_SHARE = 0.05;

/**
 * Each series column's seasonal factors when the option asks for them and at least one column shows a
 * season on its training rows at the automatic season length; null otherwise.
 */
function seasonalFactors(options: PrepareOptions, data: SeasonData): (SeasonalFactors | null)[] | null {
  if ((options.seasonalAdjust ?? 'off') === 'off') return null;
  const { m } = seasonFor(data);
  const factors = fitSeasonalAdjustment(data.values, data.columns.length, data.splits.train.end, m);
  return factors.some(Boolean) ? factors : null;
}

function fail(error: DataError): PrepareOutcome {
  return { ok: false, error };
}

function checkOptions(options: PrepareOptions): DataError | null {
  const splitProblem = checkSplit(options.split);
  if (splitProblem) return dataErrors.invalidOptions('split', splitProblem);
  if (!TRANSFORMS.includes(options.transform ?? 'none')) {
    return dataErrors.invalidOptions(
      'transform',
      `The transform must be one of ${TRANSFORMS.join(', ')} (got "${options.transform}").`,
    );
  }
  if (!SEASONAL_ADJUST_OPTIONS.includes(options.seasonalAdjust ?? 'off')) {
    return dataErrors.invalidOptions(
      'seasonalAdjust',
      `The seasonal adjustment must be one of ${SEASONAL_ADJUST_OPTIONS.join(', ')} (got "${options.seasonalAdjust}").`,
    );
  }
  if (!FORMULATIONS.includes(options.formulation)) {
    return dataErrors.invalidOptions(
      'formulation',
      `The formulation must be one of ${FORMULATIONS.join(', ')} (got "${options.formulation}").`,
    );
  }
  const w = options.window;
  for (const [field, v] of [
    ['inputLength', w.inputLength],
    ['horizon', w.horizon],
    ['stride', w.stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      return dataErrors.invalidOptions(
        `window.${field}`,
        `The window ${field} must be a whole number of at least 1.`,
      );
    }
  }
  return null;
}

function checkRoles(
  table: ParsedTable,
  roles: ColumnRole,
): { error: DataError } | { time: ParsedColumn | null; columns: ParsedColumn[]; names: string[] } {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  if (roles.targets.length === 0)
    return { error: dataErrors.invalidRoles('Choose at least one target column.') };
  if (roles.features.length === 0)
    return { error: dataErrors.invalidRoles('Choose at least one feature column.') };
  for (const name of [...roles.targets, ...roles.features, ...(roles.timeColumn ? [roles.timeColumn] : [])]) {
    if (!byName.has(name)) return { error: dataErrors.unknownColumn(name) };
  }
  const names = [...new Set(roles.features)];
  for (const t of roles.targets) if (!names.includes(t)) names.push(t);
  for (const name of names) {
    const c = byName.get(name)!;
    if (c.type === 'empty' && roles.targets.includes(name))
      return { error: dataErrors.targetAllMissing(name) };
    if (c.type !== 'numeric') {
      return {
        error: dataErrors.invalidRoles(
          `"${name}" is a ${c.type === 'datetime' ? 'date' : c.type === 'empty' ? 'empty' : 'text'} column; only numeric columns can be features or targets.`,
        ),
      };
    }
    if (name === roles.timeColumn) {
      return {
        error: dataErrors.invalidRoles(
          `"${name}" is the time column; it cannot also be a feature or target.`,
        ),
      };
    }
  }
  let time: ParsedColumn | null = null;
  if (roles.timeColumn) {
    time = byName.get(roles.timeColumn)!;
    if (time.type !== 'datetime' && time.type !== 'numeric') {
      return {
        error: dataErrors.invalidRoles(`The time column "${time.name}" holds neither dates nor numbers.`),
      };
    }
  }
  return { time, columns: names.map((n) => byName.get(n)!), names };
}

/** The table rows of the chosen series of a long-format file, null for a wide file, or why not. */
function seriesRows(
  table: ParsedTable,
  roles: ColumnRole,
): { rows: Uint32Array } | { error: DataError } | null {
  const column = roles.seriesColumn ?? null;
  if (column === null) return null;
  const j = table.columns.findIndex((c) => c.name === column);
  if (j < 0) return { error: dataErrors.unknownColumn(column) };
  const wanted = roles.series ?? '';
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (rawCell(table, j, r).trim() === wanted) rows.push(r);
  if (rows.length === 0) {
    return { error: dataErrors.invalidRoles(`There is no series "${wanted}" in the column "${column}".`) };
  }
  return { rows: Uint32Array.from(rows) };
}

/** The cleaned rows on their way through the steps: values, the table row of each, and its time. */
interface SeriesRows {
  values: Float64Array; // (N, C)
  /** (N) table row of each row (for a time step put back, the row before it). */
  sourceRows: Uint32Array;
  time: Float64Array | null; // (N)
}

/**
 * Cleans, splits, scales and windows the chosen columns of `table`.
 * Returns an error value (never throws) for anything the user can fix.
 */
export function prepareDataset(
  table: ParsedTable,
  roles: ColumnRole,
  options: PrepareOptions,
): PrepareOutcome {
  const optionError = checkOptions(options);
  if (optionError) return fail(optionError);
  const checked = checkRoles(table, roles);
  if ('error' in checked) return fail(checked.error);
  const { time: timeColumn, columns, names } = checked;
  const C = columns.length;
  const targetIndex = roles.targets.map((t) => names.indexOf(t));
  const featureIndex = [...new Set(roles.features)].map((f) => names.indexOf(f));

  const chosen = seriesRows(table, roles);
  if (chosen && 'error' in chosen) return fail(chosen.error);
  const selection = chosen?.rows ?? null;
  const ordered = orderChosenRows(table, columns, timeColumn, selection, options.duplicates);
  const changed: ChangedRow[] = ordered.changed;
  const columnReports = missingPerColumn(table, columns, timeColumn, selection, ordered, options.missing);
  const noTarget = targetWithoutValues(ordered, names, targetIndex);
  if (noTarget) return fail(noTarget);

  const kept =
    options.missing === 'drop'
      ? dropRowsWithGaps(table, ordered, C, changed)
      : { rows: { values: ordered.values, sourceRows: ordered.rows, time: ordered.time }, dropped: 0 };
  const regular = putBackMissingSteps(kept.rows, C, options, timeColumn);
  const rows = regular.rows;
  const n = rows.sourceRows.length;
  const splits = splitRanges(n, options.split);
  const tooShort = splitTooShort(splits, options);
  if (tooShort) return fail(tooShort);
  const noTrainingValues = columnWithoutTrainingValues(rows.values, names, splits.train.end);
  if (noTrainingValues) return fail(noTrainingValues);
  const values =
    options.missing === 'drop'
      ? rows.values
      : fillGaps(table, rows, names, splits, options.missing, regular.inserted, columnReports, changed);

  const timeKind = timeKindOf(timeColumn);
  const intervals = rows.time ? intervalReport(rows.time) : null;
  const transform = options.transform ?? 'none';
  const log = transform === 'log' || (transform === 'auto' && values.every((v) => v > 0));
  const logError = log ? nonPositiveValue(table, rows, values, names) : null;
  if (logError) return fail(logError);
  // seasonal adjustment (with the automatic season), then the scaler's parameters from the training rows
  // only (of the logs, with the log transform)
  const seasonal = seasonalFactors(options, {
    columns: names,
    targetIndex,
    values,
    timeKind,
    splits,
    report: { intervals },
  });
  const adjusted = seasonal
    ? values.map((v, i) => deseasonalise(v, Math.floor(i / C), seasonal[i % C]))
    : values;
  const fitValues = log ? adjusted.map(Math.log) : adjusted;
  const fitted = fitScaler(options.scaler, names, fitValues, splits.train.end);

  // calendar columns (inputs known in the future), when asked and the time step makes them meaningful
  const calendar =
    options.calendar === 'auto' && timeKind === 'datetime' && rows.time && intervals
      ? calendarColumns(calendarCycles(intervals.medianMs))
      : [];
  const scaler = seriesScaler(fitted, names, calendar, log, seasonal);
  const { series, scaled, width } = seriesWithCalendar(values, fitValues, scaler, calendar, rows.time, C);
  const inputIndex = [...featureIndex, ...calendar.map((_, j) => C + j)];
  const report = cleanReport(table, n, columnReports, ordered, options, {
    rowsDroppedMissing: kept.dropped,
    rowsInserted: regular.rowsInserted,
    intervals,
    changed,
    timeKind,
  });
  const source: WindowSource = {
    columns: [...names, ...calendar.map((c) => c.name)],
    inputIndex,
    targetIndex,
    length: n,
    series,
    scaled,
    width,
    time: rows.time ?? Float64Array.from(rows.sourceRows),
    timeKind,
    sourceRows: rows.sourceRows,
    scaler,
    formulation: options.formulation,
    calendar,
    // the formulation makes series columns relative to their last value; calendar columns stay as they are
    anchored: inputIndex.map((i) => i < C),
    window: options.window,
    report,
  };
  return { ok: true, dataset: windowedDataset(source, splits) };
}

/** Time order and duplicates of the chosen rows; from here on, row numbers are the table's. */
function orderChosenRows(
  table: ParsedTable,
  columns: ParsedColumn[],
  timeColumn: ParsedColumn | null,
  selection: Uint32Array | null,
  duplicates: PrepareOptions['duplicates'],
): OrderedRows {
  const pick = (a: Float64Array) => (selection ? Float64Array.from(selection, (r) => a[r]) : a);
  const ordered = orderRows(
    columns.map((c) => pick(c.values!)),
    timeColumn ? pick(timeColumn.values!) : null,
    selection ? Uint32Array.from(selection, (r) => table.lineNumbers[r]) : table.lineNumbers,
    duplicates,
  );
  if (selection) {
    ordered.rows = ordered.rows.map((i) => selection[i]);
    for (const c of ordered.changed) c.row = selection[c.row];
  }
  return ordered;
}

/**
 * Missing tokens per column over the rows kept so far (before duplicates merge, i.e. as in the file).
 * Without rows dropped for their time, these are the parse counts; otherwise recount the kept rows.
 */
function missingPerColumn(
  table: ParsedTable,
  columns: ParsedColumn[],
  timeColumn: ParsedColumn | null,
  selection: Uint32Array | null,
  ordered: OrderedRows,
  policy: PrepareOptions['missing'],
): ColumnCleanReport[] {
  const timeValues = timeColumn ? timeColumn.values! : null;
  const tableRow = (i: number) => (selection ? selection[i] : i);
  return columns.map((col) => {
    const base = { column: col.name, policy, filled: 0, fallbackFilled: 0 };
    if (ordered.rowsWithoutTime === 0 && !selection)
      return { ...base, missing: { ...col.missing }, invalid: col.invalid };
    const j = table.columns.indexOf(col);
    const missing: Partial<Record<MissingToken, number>> = {};
    let invalid = 0;
    const v = col.values!;
    const count = selection ? selection.length : table.rowCount;
    for (let i = 0; i < count; i++) {
      const r = tableRow(i);
      if (!Number.isNaN(v[r]) || (timeValues && Number.isNaN(timeValues[r]))) continue;
      const tok = missingToken(rawCell(table, j, r));
      if (tok) missing[tok] = (missing[tok] ?? 0) + 1;
      else invalid++;
    }
    return { ...base, missing, invalid };
  });
}

/** A target with no value at all cannot be learned. */
function targetWithoutValues(ordered: OrderedRows, names: string[], targetIndex: number[]): DataError | null {
  const C = names.length;
  for (const k of targetIndex) {
    let any = false;
    for (let r = 0; r < ordered.rows.length && !any; r++) any = !Number.isNaN(ordered.values[r * C + k]);
    if (!any) return dataErrors.targetAllMissing(names[k]);
  }
  return null;
}

/** The rows without a gap (the 'drop' policy), each dropped row listed in `changed`. */
function dropRowsWithGaps(
  table: ParsedTable,
  ordered: OrderedRows,
  C: number,
  changed: ChangedRow[],
): { rows: SeriesRows; dropped: number } {
  const keep: number[] = [];
  let dropped = 0;
  dropMissingRows(
    ordered.values,
    C,
    (r) => keep.push(r),
    (r) => {
      dropped++;
      const src = ordered.rows[r];
      changed.push({ row: src, line: table.lineNumbers[src], action: 'dropped-missing' });
    },
  );
  const values = new Float64Array(keep.length * C);
  for (let i = 0; i < keep.length; i++) {
    values.set(ordered.values.subarray(keep[i] * C, keep[i] * C + C), i * C);
  }
  const sourceRows = Uint32Array.from(keep, (r) => ordered.rows[r]);
  const t = ordered.time;
  const time = t ? Float64Array.from(keep, (r) => t[r]) : null;
  return { rows: { values, sourceRows, time }, dropped };
}

/**
 * Missing steps of a regular dated series put back as rows of missing values, which the policy fills; only
 * when filling (not 'drop'), asked ('auto') and at most MAX_INSERTED_SHARE of the rows. Otherwise `rows`.
 */
function putBackMissingSteps(
  rows: SeriesRows,
  C: number,
  options: PrepareOptions,
  timeColumn: ParsedColumn | null,
): { rows: SeriesRows; inserted: Uint8Array | null; rowsInserted: number } {
  const unchanged = { rows, inserted: null, rowsInserted: 0 };
  const { time } = rows;
  if ((options.reindex ?? 'auto') !== 'auto' || options.missing === 'drop') return unchanged;
  if (!time || timeColumn?.type !== 'datetime') return unchanged;
  const step = intervalReport(time);
  const grid = step && step.gaps > 0 ? regularGrid(time, step.medianMs) : null;
  if (!grid || grid.length - time.length > MAX_INSERTED_SHARE * time.length) return unchanged;
  const values = new Float64Array(grid.length * C).fill(Number.NaN); // (N, C)
  const sourceRows = new Uint32Array(grid.length);
  const inserted = new Uint8Array(grid.length); // (N) 1 for a row put back
  let rowsInserted = 0;
  let i = 0;
  for (let g = 0; g < grid.length; g++) {
    if (i < time.length && time[i] === grid[g]) {
      values.set(rows.values.subarray(i * C, i * C + C), g * C);
      sourceRows[g] = rows.sourceRows[i];
      i++;
    } else {
      sourceRows[g] = rows.sourceRows[Math.max(0, i - 1)];
      inserted[g] = 1;
      rowsInserted++;
    }
  }
  return { rows: { values, sourceRows, time: grid }, inserted, rowsInserted };
}

/**
 * Enough rows in each part of the chronological split for one window. Training windows lie inside the
 * training rows; validation and test windows only need their targets inside the split (their inputs are
 * the rows before them).
 */
function splitTooShort(splits: Record<SplitName, RowRange>, options: PrepareOptions): DataError | null {
  const w = options.window;
  const windowText = `${w.inputLength} input${w.inputLength === 1 ? '' : 's'} + ${w.horizon} ahead`;
  for (const s of SPLITS) {
    if (s !== 'train' && options.split[s] === 0) continue;
    const needed = s === 'train' ? w.inputLength + w.horizon : w.horizon;
    const got = splits[s].end - splits[s].start;
    const what = s === 'train' ? windowText : `${w.horizon} ahead`;
    if (got < needed) return dataErrors.tooFewRows(needed, got, s, what);
  }
  return null;
}

/** A column without a training value leaves the fill nothing to fall back on. */
function columnWithoutTrainingValues(
  values: Float64Array,
  names: string[],
  trainEnd: number,
): DataError | null {
  const C = names.length;
  for (let c = 0; c < C; c++) {
    let any = false;
    for (let r = 0; r < trainEnd && !any; r++) any = !Number.isNaN(values[r * C + c]);
    if (!any) return dataErrors.noTrainingValues(names[c]);
  }
  return null;
}

/**
 * The values with their gaps filled inside each split (a copy); the counts go into `columnReports` and
 * the rows filled or put back into `changed`.
 */
function fillGaps(
  table: ParsedTable,
  rows: SeriesRows,
  names: string[],
  splits: Record<SplitName, RowRange>,
  policy: Exclude<PrepareOptions['missing'], 'drop'>,
  inserted: Uint8Array | null,
  columnReports: ColumnCleanReport[],
  changed: ChangedRow[],
): Float64Array {
  const C = names.length;
  const values = rows.values.slice();
  const filled = fillMissing(values, C, splits, policy, rows.time);
  for (let c = 0; c < C; c++) {
    columnReports[c].filled = filled.filled[c];
    columnReports[c].fallbackFilled = filled.fallbackFilled[c];
  }
  for (const [r, cols] of filled.filledRows) {
    const src = rows.sourceRows[r];
    changed.push({
      row: src,
      line: table.lineNumbers[src],
      action: inserted?.[r] ? 'inserted' : 'filled',
      columns: cols.map((c) => names[c]),
    });
  }
  return values;
}

function timeKindOf(timeColumn: ParsedColumn | null): PreparedDataset['timeKind'] {
  if (!timeColumn) return 'index';
  return timeColumn.type === 'datetime' ? 'datetime' : 'number';
}

/** The log transform's problem with the first value that is not positive (`rows.values`: before the fill). */
function nonPositiveValue(
  table: ParsedTable,
  rows: SeriesRows,
  values: Float64Array,
  names: string[],
): DataError | null {
  const C = names.length;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 0) continue;
    const line = table.lineNumbers[rows.sourceRows[Math.floor(i / C)]];
    return dataErrors.logNeedsPositive(names[i % C], values[i], line, Number.isNaN(rows.values[i]));
  }
  return null;
}

/** The fitted scaler extended to the calendar columns, which it leaves as they are. */
function seriesScaler(
  fitted: ScalerParams,
  names: string[],
  calendar: CalendarColumn[],
  log: boolean,
  seasonal: (SeasonalFactors | null)[] | null,
): Scaler {
  return makeScaler({
    ...fitted,
    columns: [...fitted.columns, ...calendar.map((c) => c.name)],
    offset: [...fitted.offset, ...calendar.map(() => 0)],
    scale: [...fitted.scale, ...calendar.map(() => 1)],
    ...(log ? { log: [...names.map(() => true), ...calendar.map(() => false)] } : {}),
    ...(seasonal ? { seasonal: [...seasonal, ...calendar.map(() => null)] } : {}),
  });
}

/** The series columns (original units and scaled), then the calendar's, computed from each row's time. */
function seriesWithCalendar(
  values: Float64Array, // (N, C)
  fitValues: Float64Array, // (N, C) seasonally adjusted and logged as the scaler expects
  scaler: Scaler,
  calendar: CalendarColumn[],
  time: Float64Array | null, // (N)
  C: number,
): { series: Float32Array; scaled: Float32Array; width: number } {
  const n = values.length / C;
  const width = C + calendar.length; // series columns: the chosen ones, then the calendar's
  const series = new Float32Array(n * width); // (N, C + calendar)
  const scaled = new Float32Array(n * width); // (N, C + calendar)
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < C; c++) {
      series[r * width + c] = values[r * C + c];
      scaled[r * width + c] = (fitValues[r * C + c] - scaler.offset[c]) / scaler.scale[c];
    }
    for (let j = 0; j < calendar.length; j++) {
      const v = calendarValue(calendar[j], time![r]);
      series[r * width + C + j] = v;
      scaled[r * width + C + j] = v;
    }
  }
  return { series, scaled, width };
}

/** What the cleaning did, with its notes; the changed rows in row order, the first MAX_CHANGED_LISTED. */
function cleanReport(
  table: ParsedTable,
  rowsOut: number,
  columns: ColumnCleanReport[],
  ordered: OrderedRows,
  options: PrepareOptions,
  after: {
    rowsDroppedMissing: number;
    rowsInserted: number;
    intervals: CleanReport['intervals'];
    changed: ChangedRow[];
    timeKind: PreparedDataset['timeKind'];
  },
): CleanReport {
  const { changed } = after;
  changed.sort((a, b) => a.row - b.row);
  const report: CleanReport = {
    rowsIn: table.rowCount,
    rowsOut,
    columns,
    rowsWithoutTime: ordered.rowsWithoutTime,
    rowsDroppedMissing: after.rowsDroppedMissing,
    rowsInserted: after.rowsInserted,
    sorted: ordered.sorted,
    rowsOutOfOrder: ordered.rowsOutOfOrder,
    duplicates: {
      timestamps: ordered.duplicateTimestamps,
      rowsMerged: ordered.rowsMerged,
      policy: options.duplicates,
    },
    intervals: after.intervals,
    changedRowCount: changed.length,
    changedRows: changed.slice(0, MAX_CHANGED_LISTED),
    notes: [],
  };
  report.notes = describeClean(report, after.timeKind);
  return report;
}

/** The cleaned, scaled rows a prepared dataset cuts its windows from, whatever its split boundaries. */
interface WindowSource {
  columns: string[];
  inputIndex: number[]; // (F) index of each input in `columns`
  targetIndex: number[]; // (K)
  length: number;
  series: Float32Array; // (N, width) original units
  scaled: Float32Array; // (N, width)
  width: number;
  time: Float64Array; // (N)
  timeKind: PreparedDataset['timeKind'];
  sourceRows: Uint32Array; // (N)
  scaler: Scaler;
  formulation: PreparedDataset['formulation'];
  calendar: CalendarColumn[];
  anchored: boolean[]; // (F)
  window: WindowConfig;
  report: CleanReport;
}

/** The dataset with its windows as index ranges over `ranges`: these splits or (a backtest's retraining) others. */
function windowedDataset(source: WindowSource, ranges: Record<SplitName, RowRange>): PreparedDataset {
  const { scaled, width, inputIndex, targetIndex, formulation, anchored, window: w } = source;
  const windows = makeWindows(ranges, w);
  const starts = (split: SplitName, indices: ArrayLike<number>) => {
    const sw = windows[split];
    return Uint32Array.from({ length: indices.length }, (_, i) => sw.inputStart(indices[i]));
  };
  return {
    columns: source.columns,
    featureIndex: inputIndex,
    targetIndex,
    length: source.length,
    values: source.series,
    scaled,
    time: source.time,
    timeKind: source.timeKind,
    sourceRows: source.sourceRows,
    splits: ranges,
    scaler: source.scaler,
    windows,
    outputSize: w.horizon * targetIndex.length,
    formulation,
    calendar: source.calendar,
    anchoredInputs: anchored,
    gatherBatch(split: SplitName, indices: ArrayLike<number>) {
      const at = starts(split, indices);
      const batch = gatherWindows(scaled, width, inputIndex, targetIndex, w, at);
      encodeInputs(formulation, batch.x, batch.batchSize, w.inputLength, inputIndex.length, anchored);
      const anchors = gatherAnchors(scaled, width, targetIndex, w.inputLength, at);
      encodeTargets(formulation, batch.y, anchors, targetIndex.length);
      return batch;
    },
    anchors(split: SplitName, indices: ArrayLike<number>) {
      return gatherAnchors(scaled, width, targetIndex, w.inputLength, starts(split, indices));
    },
    inputAt: (row) => forecastInput(source, row),
    anchorsAt: (row) => Float32Array.from(targetIndex, (k) => scaled[(row - 1) * width + k]),
    withSplits: (next) => windowedDataset(source, next),
    report: source.report,
  };
}

/** (1, T, F): the T rows before `row` as scaled levels (before the formulation): a forecast origin. */
function forecastInput(source: WindowSource, row: number): Float32Array {
  const { scaled, width, inputIndex } = source;
  const T = source.window.inputLength;
  const F = inputIndex.length;
  const n = source.length;
  if (!(row >= T && row <= n)) throw new RangeError(`no window of ${T} rows ends before row ${row}`);
  const x = new Float32Array(T * F); // (1, T, F)
  for (let t = 0; t < T; t++)
    for (let f = 0; f < F; f++) x[t * F + f] = scaled[(row - T + t) * width + inputIndex[f]];
  return x;
}

/** Median step, and steps longer than 1.5 × the median (gaps). `time` is sorted and duplicate-free. */
export function intervalReport(time: Float64Array): CleanReport['intervals'] {
  if (time.length < 2) return null;
  const d = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) d[i - 1] = time[i] - time[i - 1];
  const sorted = d.slice().sort();
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  let gaps = 0;
  let largestGapMs = 0;
  for (const x of d) {
    if (x > 1.5 * medianMs) gaps++;
    if (x > largestGapMs) largestGapMs = x;
  }
  return { medianMs, gaps, largestGapMs, regular: gaps === 0 };
}

function describeDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000 * 365.25, 'year'],
    [86_400_000 * 30.44, 'month'],
    [86_400_000 * 7, 'week'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size * 0.97) {
      const v = +(ms / size).toFixed(1);
      return `${v} ${name}${v === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

function describeClean(r: CleanReport, timeKind: PreparedDataset['timeKind']): string[] {
  const notes: string[] = [];
  // rows put back make more rows used than read: say both, and the rows put back between them
  notes.push(
    r.rowsInserted > 0
      ? `${r.rowsIn} rows read, ${r.rowsInserted} missing time step(s) put back, ${r.rowsOut} rows used.`
      : `${r.rowsOut} of ${r.rowsIn} rows used.`,
  );
  if (r.rowsWithoutTime > 0) notes.push(`${r.rowsWithoutTime} row(s) without a valid time were dropped.`);
  if (r.sorted) notes.push(`${r.rowsOutOfOrder} row(s) were out of time order; rows were sorted by time.`);
  if (r.duplicates.timestamps > 0) {
    notes.push(
      `${r.duplicates.timestamps} timestamp(s) appear more than once: ${r.duplicates.rowsMerged} extra row(s) resolved by ` +
        (r.duplicates.policy === 'average' ? 'averaging them.' : 'keeping the last one.'),
    );
  }
  if (r.intervals) {
    const step =
      timeKind === 'datetime' ? describeDuration(r.intervals.medianMs) : String(r.intervals.medianMs);
    notes.push(
      r.intervals.regular
        ? `Regular time steps of ${step}.`
        : `Irregular time steps: median ${step}, ${r.intervals.gaps} gap(s) longer than 1.5 × that (largest ${timeKind === 'datetime' ? describeDuration(r.intervals.largestGapMs) : r.intervals.largestGapMs}).`,
    );
  }
  for (const c of r.columns) {
    const tokens = Object.entries(c.missing)
      .map(([t, k]) => `${k} × ${t}`)
      .join(', ');
    const total = Object.values(c.missing).reduce((a, b) => a + (b ?? 0), 0) + c.invalid;
    if (total === 0) continue;
    const what = [tokens, c.invalid > 0 ? `${c.invalid} unreadable` : ''].filter(Boolean).join(', ');
    const how =
      c.policy === 'drop'
        ? 'rows dropped'
        : `${c.filled} filled by ${c.policy}` +
          (c.fallbackFilled > 0 ? `, ${c.fallbackFilled} by the nearest value in their split` : '');
    notes.push(`"${c.column}": ${total} missing (${what}); ${how}.`);
  }
  if (r.rowsDroppedMissing > 0)
    notes.push(`${r.rowsDroppedMissing} row(s) with missing values were dropped.`);
  if (r.rowsInserted > 0) {
    notes.push(
      `${r.rowsInserted} missing time step(s) were put back so that every step is one interval; their values were filled like other missing values.`,
    );
  }
  return notes;
}

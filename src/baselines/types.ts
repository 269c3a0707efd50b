// The interface every classical baseline answers, so a table of models is a loop (like R's forecast
// package or statsforecast): fit once on the training history, then forecast from any later origin with
// the fitted parameters, the state carried forward through the observations up to that origin.
// Pure numerical code: no DOM, no store, no engine.

export interface FittedBaseline {
  /** What was fitted, in the usual notation, e.g. "ETS(A,Ad,A)" or "ARIMA(1,1,1)(0,1,1)[12]". */
  readonly description: string;
  /**
   * Forecasts `h` steps after the last value of `history`, which starts with the values the model was
   * fitted on and may continue past them (observations up to the forecast origin). Parameters stay as
   * fitted; only the state follows the new observations. Returns (h) point forecasts.
   */
  forecastFrom(history: ArrayLike<number>, h: number): Float64Array;
  /**
   * The forecast distribution `h` steps after the last value of `history` (which, as for forecastFrom,
   * starts with the fitting values), as R's forecast(fit, h, level) reports it: the forecast mean and,
   * for each of `levels` (fractions, e.g. [0.8, 0.95]), lower and upper bounds. Optional: a baseline
   * without a forecast distribution leaves it out and is drawn without bands.
   */
  forecastIntervals?(history: ArrayLike<number>, h: number, levels: readonly number[]): ForecastIntervals;
}

/** A forecast with prediction bounds; lower[i] and upper[i] belong to levels[i]. */
export interface ForecastIntervals {
  /** (h) forecast means. */
  readonly mean: Float64Array;
  /** One (h) array per level. */
  readonly lower: Float64Array[];
  readonly upper: Float64Array[];
}

export interface BaselineFitter {
  /** Short id used in tables and results, e.g. 'ETS', 'ARIMA', 'naive'. */
  readonly name: string;
  /** What tables call it before the fitted description, when not the name: 'Naive', 'Seasonal naive'. */
  readonly label?: string;
  /** Fits on `values` (no missing values) with season length `season` (1 = none). */
  fit(values: ArrayLike<number>, season: number): FittedBaseline;
}

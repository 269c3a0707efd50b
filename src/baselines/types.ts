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
}

export interface BaselineFitter {
  /** Short id used in tables and results, e.g. 'ETS', 'ARIMA'. */
  readonly name: string;
  /** Fits on `values` (no missing values) with season length `season` (1 = none). */
  fit(values: ArrayLike<number>, season: number): FittedBaseline;
}

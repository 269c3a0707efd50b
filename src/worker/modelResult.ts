// A trained model's part of the comparison: test predictions, metrics and the forecast past the end of
// the data, all in original units, from whatever weights the model holds now (the session restores the
// best ones first).

import { calendarValues } from '../data/calendar';
import { decodeOutputs, formulationCodec } from '../data/formulation';
import { recursiveForecast } from '../engine/forecast';
import { forecastMetrics } from '../engine/metrics';
import type { ForecastModel } from '../engine/types';
import { type SessionData, unscaleOutputs } from './evaluation';
import { paddedPredictions, predictSplit, range } from './prediction';
import type { EvaluationContext, ModelResult } from './protocol';

export type ModelEvaluation = Pick<
  ModelResult,
  'testPredictions' | 'metrics' | 'forecast' | 'forecastMode' | 'forecastMessage'
>;

export async function evaluateModel(
  data: SessionData,
  context: EvaluationContext,
  model: ForecastModel,
  batchSize: number,
  forecastSteps: number,
): Promise<ModelEvaluation> {
  const K = data.targetIndex.length;
  const testOutputs = await predictSplit(data, model, batchSize, 'test');
  decodeOutputs(data.formulation, testOutputs, data.anchors('test', range(0, data.windows.test.count)), K);
  const testPredictions = unscaleOutputs(data, testOutputs);
  const targetInputs = data.targetIndex.map((c) => data.featureIndex.indexOf(c));
  // calendar inputs are known for future times, so they never stop the recursion
  const calendarInputs = data.anchoredInputs.flatMap((anchored, f) => (anchored ? [] : [f]));
  const ahead = await recursiveForecast(
    paddedPredictions(model, batchSize),
    data.latestInput(),
    forecastSteps,
    targetInputs,
    formulationCodec(data.formulation, data.featureIndex.length, K, data.anchoredInputs),
    data.latestAnchors(),
    { columns: calendarInputs, at: (step) => calendarValues(data.calendar, context.forecastTime[step]) },
  );
  return {
    testPredictions,
    metrics: forecastMetrics(context.testActual, testPredictions, context.maseScale),
    forecast: unscaleOutputs(data, ahead.values),
    forecastMode: ahead.mode,
    forecastMessage: ahead.message ?? null,
  };
}

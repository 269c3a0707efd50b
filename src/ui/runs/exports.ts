// The export buttons' actions for a saved run: each builds its file with the pure modules in src/persist
// and hands it to the browser as a download.

import { type CellKind, MODEL_NAME } from '../../config';
import { configToJson } from '../../persist/configFile';
import { exportModelSafetensors, modelSidecarJson } from '../../persist/modelExport';
import { predictionsToCsv } from '../../persist/predictionsCsv';
import type { SavedRun } from '../../persist/runRecord';
import { findChartSvg, svgToPng } from './chartImage';
import { downloadBlob, downloadBytes, downloadText, fileStem } from './download';

function modelOf(run: SavedRun, cell: CellKind) {
  const model = run.models.find((m) => m.cell === cell);
  const weights = run.payload.weights[cell];
  if (!model || !weights) throw new Error(`This run has no ${MODEL_NAME[cell]} weights.`);
  return { model, weights };
}

export function exportWeights(run: SavedRun, cell: CellKind): void {
  const { model, weights } = modelOf(run, cell);
  const bytes = exportModelSafetensors(weights, {
    model: model.model,
    config: run.config,
    scaler: run.scaler,
  });
  downloadBytes(`${fileStem(run.name)}-${cell}.safetensors`, bytes);
}

export function exportModelJson(run: SavedRun, cell: CellKind): void {
  const { model } = modelOf(run, cell);
  const text = modelSidecarJson({
    model: model.model,
    config: run.config,
    scaler: run.scaler,
    optimizer: model.optimizer,
    dataset: run.dataset,
  });
  downloadText(`${fileStem(run.name)}-${cell}.json`, text, 'application/json');
}

export function exportPredictions(run: SavedRun): void {
  if (!run.payload.predictions) throw new Error('This run has no predictions to export.');
  downloadText(
    `${fileStem(run.name)}-predictions.csv`,
    predictionsToCsv(run.payload.predictions),
    'text/csv',
  );
}

export function exportConfig(run: SavedRun): void {
  downloadText(`${fileStem(run.name)}-config.json`, configToJson(run.config), 'application/json');
}

export async function exportChart(container: Element | null, fileName: string): Promise<void> {
  const svg = container && findChartSvg(container);
  if (!svg) throw new Error('The chart is not on screen, so it cannot be saved as an image.');
  downloadBlob(fileName, await svgToPng(svg));
}

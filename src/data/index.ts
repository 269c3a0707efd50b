// Public entry points of the data pipeline. Everything here is pure and runs in a worker or in Node.

export { dataErrors, formatBytes } from './errors';
export { parseCsv, parseCsvText } from './parse/parseCsv';
export { intervalReport, prepareDataset } from './prepare';
export { SAMPLE_DATASETS, type SampleDataset } from './samples';
export { fitScaler, makeScaler, scalerParams } from './scaler';
export {
  fileFingerprint,
  findColumn,
  PREVIEW_ROWS,
  rawCell,
  rawRow,
  tableTransferables,
  tableView,
} from './table';
export * from './types';

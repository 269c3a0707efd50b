// Public entry points of the data pipeline. Everything here is pure and runs in a worker or in Node.

export { parseCsvText } from './parse/parseCsv';
export { prepareDataset } from './prepare';
export * from './types';

// The configuration as a JSON file: written by "Export config", read back by "Import config".
// The model sidecar JSON exported beside the weights carries the same `config` field, so it imports too.

import { type ConfigIssue, type TrainingConfig, validateTrainingConfig } from './trainingConfig';

export const CONFIG_FILE_FORMAT = 'forecast-lab-config';
export const MODEL_FILE_FORMAT = 'forecast-lab-model';
const MAX_CONFIG_BYTES = 1_000_000;

export interface ConfigFileError {
  kind: 'bad-config-file';
  message: string;
  issues: ConfigIssue[];
}

export type ConfigFileResult = { ok: true; config: TrainingConfig } | { ok: false; error: ConfigFileError };

export function configToJson(config: TrainingConfig): string {
  return `${JSON.stringify({ format: CONFIG_FILE_FORMAT, version: 1, config }, null, 2)}\n`;
}

function fail(message: string, issues: ConfigIssue[] = []): ConfigFileResult {
  return { ok: false, error: { kind: 'bad-config-file', message, issues } };
}

/** Parses and validates the text of a configuration file; every failure says what is wrong with the file. */
export function parseConfigFile(text: string, fileName = 'The file'): ConfigFileResult {
  if (text.length > MAX_CONFIG_BYTES) return fail(`${fileName} is too large to be a configuration file.`);
  if (text.trim() === '') return fail(`${fileName} is empty.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`${fileName} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail(`${fileName} does not hold a Forecast Lab configuration (expected a JSON object).`);
  }
  const doc = json as Record<string, unknown>;
  let body: unknown;
  if (doc.format === CONFIG_FILE_FORMAT || doc.format === MODEL_FILE_FORMAT) {
    if (typeof doc.version === 'number' && doc.version > 1) {
      return fail(
        `${fileName} was written by a newer version of Forecast Lab (format version ${doc.version}).`,
      );
    }
    body = doc.config;
  } else if ('data' in doc || 'models' in doc) {
    body = doc; // a bare TrainingConfig, e.g. edited by hand
  } else {
    return fail(`${fileName} is not a Forecast Lab configuration (no "format": "${CONFIG_FILE_FORMAT}").`);
  }
  const checked = validateTrainingConfig(body);
  if (!checked.ok) {
    const list = checked.issues.map((i) => i.message).join('; ');
    return fail(`${fileName} has invalid settings: ${list}.`, checked.issues);
  }
  return { ok: true, config: checked.config };
}

// The bridge between the playground's settings and a TrainingConfig: read the current settings
// (for links, config exports and saved runs) and apply one (from a link, an imported file or a saved run).

import { CELLS } from '../config';
import { type ConfigIssue, type TrainingConfig, withAbsentSettings } from '../persist/trainingConfig';
import type { PlaygroundState } from './types';

interface StoreLike {
  getState(): PlaygroundState;
}

export function configFromPlayground(state: PlaygroundState): TrainingConfig {
  return structuredClone({
    data: {
      sampleId: state.source?.kind === 'sample' ? state.source.id : null,
      roles: state.roles,
      prepare: state.prepareOptions,
      season: state.season,
      forecastSteps: state.forecastSteps,
    },
    models: { lstm: state.models.lstm, gru: state.models.gru },
    tune: state.tuneSettings,
  });
}

/**
 * Puts a configuration into the playground: loads its sample dataset (when it names one), sets the column
 * roles when the loaded data has those columns, then the preparation and both models' settings.
 * A configuration saved before some setting existed (an older saved run) gets what leaving it out meant.
 * Returns what could not be applied, in words for the user.
 */
export async function applyTrainingConfig(store: StoreLike, saved: TrainingConfig): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const config = withAbsentSettings(saved);
  const { sampleId, roles, prepare, season, forecastSteps } = config.data;
  if (sampleId !== null) {
    const state = store.getState();
    if (!state.samples.some((s) => s.id === sampleId)) {
      issues.push({
        key: 'sample',
        message: `There is no bundled sample "${sampleId}"; the current data is kept.`,
      });
    } else if (state.source?.kind !== 'sample' || state.source.id !== sampleId || !state.table) {
      await state.loadSample(sampleId);
      const error = store.getState().loadError;
      if (error) issues.push({ key: 'sample', message: `The sample could not be loaded: ${error.message}` });
    }
  }
  const state = store.getState();
  if (roles.targets.length > 0) {
    const names = new Set(state.table?.columns.map((c) => c.name) ?? []);
    const wanted = [
      ...roles.targets,
      ...roles.features,
      ...(roles.timeColumn ? [roles.timeColumn] : []),
      ...(roles.seriesColumn ? [roles.seriesColumn] : []),
    ];
    const missing = [...new Set(wanted.filter((name) => !names.has(name)))];
    if (!state.table) {
      issues.push({ key: 'targets', message: 'No dataset is loaded, so the column roles were not applied.' });
    } else if (missing.length > 0) {
      issues.push({
        key: 'targets',
        message: `The loaded data has no column ${missing.map((m) => `"${m}"`).join(', ')}; its suggested roles are kept.`,
      });
    } else {
      state.setRoles(structuredClone(roles));
    }
  }
  state.setPrepareOptions(structuredClone(prepare));
  state.setSeason(season);
  state.setForecastSteps(forecastSteps);
  for (const cell of CELLS) state.setModelSettings(cell, { ...config.models[cell] });
  state.setTuneSettings(structuredClone(config.tune));
  return issues;
}

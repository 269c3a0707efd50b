// Applying a configuration from a link, an imported file or a saved run, with one notice saying what
// happened. Used by the share bar, the saved-run view and the page start-up.

import { parseConfigFile } from '../persist/configFile';
import { AUTOSTART, decodeConfig } from '../persist/shareLink';
import type { TrainingConfig } from '../persist/trainingConfig';
import type { SavedRunsSlice } from './savedRuns';
import { applyTrainingConfig } from './savedRunsConfig';
import type { PlaygroundState } from './types';

interface Stores {
  playground: { getState(): PlaygroundState };
  savedRuns: { getState(): Pick<SavedRunsSlice, 'setConfigNotice'> };
}

async function apply(
  stores: Stores,
  config: TrainingConfig,
  what: string,
  earlier: { key: string; message: string }[],
) {
  const notice = stores.savedRuns.getState().setConfigNotice;
  notice({ level: 'info', message: `Applying ${what}…`, issues: earlier });
  const issues = [...earlier, ...(await applyTrainingConfig(stores.playground, config))];
  notice({
    level: issues.length > 0 ? 'warning' : 'info',
    message:
      issues.length > 0
        ? `Applied ${what}, except ${issues.length} setting${issues.length === 1 ? '' : 's'}:`
        : `Applied ${what}.`,
    issues,
  });
}

/**
 * Restores the settings in the page address, if there are any; returns whether there were. A link with
 * `autostart=1` then starts training both models, as a playground link that plays.
 */
export function restoreFromLink(stores: Stores, search: string): boolean {
  const decoded = decodeConfig(search);
  if (!decoded.present) return false;
  const autostart = new URLSearchParams(search).get(AUTOSTART) === '1';
  void apply(stores, decoded.config, 'the settings from the link', decoded.issues).then(async () => {
    if (!autostart) return;
    const playground = stores.playground.getState();
    await playground.whenPrepared();
    stores.playground.getState().trainBoth();
  });
  return true;
}

export async function importConfigFile(stores: Stores, file: File): Promise<boolean> {
  const parsed = parseConfigFile(await file.text(), file.name);
  if (!parsed.ok) {
    stores.savedRuns
      .getState()
      .setConfigNotice({ level: 'error', message: parsed.error.message, issues: [] });
    return false;
  }
  await apply(stores, parsed.config, `the settings from ${file.name}`, []);
  return true;
}

export function applySavedRunConfig(stores: Stores, config: TrainingConfig, runName: string): Promise<void> {
  return apply(stores, config, `the settings of "${runName}"`, []);
}

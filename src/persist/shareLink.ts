// The training configuration as URL query parameters: one parameter per row of CONFIG_PROPS.
// Numbers are written with String(), which round-trips every double exactly; lists repeat their key
// (`targets=a&targets=b`) so column names may hold any character; null strings and empty lists are left out.

import {
  CONFIG_PROPS,
  type ConfigIssue,
  checkValue,
  checkWhole,
  defaultTrainingConfig,
  getAt,
  type Prop,
  setAt,
  type TrainingConfig,
} from './trainingConfig';

/** Query parameter that makes a link start training once its settings are applied (`autostart=1`). */
export const AUTOSTART = 'autostart';

/** Bumped if a parameter ever changes meaning; links without it are read as version 1. */
export const LINK_VERSION = '1';

export function encodeConfig(config: TrainingConfig): URLSearchParams {
  const params = new URLSearchParams();
  params.set('v', LINK_VERSION);
  for (const prop of CONFIG_PROPS) {
    const value = getAt(config, prop.path);
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && prop.spec.type === 'numbers') params.set(prop.key, '');
    else if (Array.isArray(value)) for (const item of value) params.append(prop.key, String(item));
    else params.set(prop.key, String(value));
  }
  return params;
}

/**
 * The page's address with the config in its query string (other parameters and the hash are replaced);
 * with `autostart`, opening it also starts training.
 */
export function shareUrl(base: string, config: TrainingConfig, autostart = false): string {
  const url = new URL(base);
  const params = encodeConfig(config);
  if (autostart) params.set(AUTOSTART, '1');
  url.search = params.toString();
  url.hash = '';
  return url.toString();
}

export interface DecodedLink {
  /** Whether the query string held any configuration at all (a plain visit holds none). */
  present: boolean;
  config: TrainingConfig;
  /** Parameters that could not be used; each keeps its default, and the UI shows the messages. */
  issues: ConfigIssue[];
}

function parseParam(prop: Prop, params: URLSearchParams): unknown {
  const { spec } = prop;
  if (spec.type === 'list' || spec.type === 'enums') return params.getAll(prop.key);
  if (spec.type === 'numbers') {
    // an allowed-empty list is written as one empty parameter, so "none" differs from "not given"
    const all = params.getAll(prop.key).filter((t) => t !== '');
    return all.map((t) => (t.trim() === '' ? t : Number(t)));
  }
  const text = params.get(prop.key) ?? '';
  if (spec.type === 'int' || spec.type === 'number') return text.trim() === '' ? text : Number(text);
  return text;
}

/** Reads a configuration from a query string; never throws, and never lets a bad value through. */
export function decodeConfig(search: string | URLSearchParams): DecodedLink {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const config = defaultTrainingConfig();
  const issues: ConfigIssue[] = [];
  let present = false;
  const version = params.get('v');
  if (version !== null && version !== LINK_VERSION) {
    issues.push({
      key: 'v',
      message: `This link was made by a newer version (${version}); some settings may differ.`,
    });
  }
  for (const prop of CONFIG_PROPS) {
    if (!params.has(prop.key)) continue;
    present = true;
    const checked = checkValue(prop, parseParam(prop, params));
    if (checked.ok) setAt(config, prop.path, checked.value);
    else issues.push({ key: prop.key, message: `${checked.message}; kept the default` });
  }
  // A link made before a property existed means what leaving it out meant then; a plain visit, with no
  // settings at all, keeps today's defaults.
  for (const prop of CONFIG_PROPS) {
    if (present && prop.absent !== undefined && !params.has(prop.key)) setAt(config, prop.path, prop.absent);
  }
  const whole = checkWhole(config);
  if (whole.length > 0) {
    config.data.prepare.split = defaultTrainingConfig().data.prepare.split;
    issues.push(...whole.map((i) => ({ ...i, message: `${i.message}; kept the default split` })));
  }
  return { present, config, issues };
}

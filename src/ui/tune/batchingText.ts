// Words for how a sweep's models share the engine: batched groups on WebGPU, one after another on the CPU.

import type { EngineInfo } from '../../engine/types';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `groups`: models per batched group, as in the 'tune-started' message. */
export function batchingText(groups: readonly number[], engine: EngineInfo['kind']): string {
  const total = groups.reduce((sum, n) => sum + n, 0);
  const models = plural(total, 'model');
  if (engine === 'cpu') return `${models}, trained one after another on the CPU engine.`;
  if (total === 1) return '1 model, trained on its own on WebGPU.';
  if (groups.every((n) => n === 1))
    return `${models}, each trained on its own on WebGPU (none could be batched).`;
  const sizes = groups.join(' + ');
  if (groups.length === 1) return `${models} in one batched group, trained in the same dispatches.`;
  if (groups.every((n) => n > 1))
    return `${models} in ${groups.length} batched groups (${sizes}), trained in the same dispatches.`;
  return `${models} in ${groups.length} groups (${sizes}); the models of a group train in the same dispatches.`;
}

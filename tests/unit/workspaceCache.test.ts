// The workspace per batch shape (src/engine/gpu/workspaceCache.ts) without a GPU: one build per shape, and past
// the capacity the least recently used workspace is destroyed.
import { describe, expect, test } from 'vitest';
import { WorkspaceCache } from '../../src/engine/gpu/workspaceCache';

/** A cache of fake workspaces that log their builds and destroys. */
function loggingCache(capacity: number) {
  const log: string[] = [];
  const build = async (T: number, B: number) => {
    log.push(`build ${T}x${B}`);
    return { shape: `${T}x${B}`, destroy: () => log.push(`destroy ${T}x${B}`) };
  };
  return { cache: new WorkspaceCache(build, capacity), log };
}

describe('WorkspaceCache', () => {
  test('builds a shape once and returns the same workspace after', async () => {
    const { cache, log } = loggingCache(2);
    const a = await cache.get(8, 4);
    expect(await cache.get(8, 4)).toBe(a);
    expect(log).toEqual(['build 8x4']);
  });

  test('past the capacity destroys the least recently used', async () => {
    const { cache, log } = loggingCache(2);
    await cache.get(8, 4);
    await cache.get(8, 2);
    await cache.get(8, 4); // 8x2 is now the least recently used
    await cache.get(16, 4);
    expect(log).toEqual(['build 8x4', 'build 8x2', 'build 16x4', 'destroy 8x2']);
  });

  test('destroy destroys every workspace it holds', async () => {
    const { cache, log } = loggingCache(2);
    await cache.get(8, 4);
    await cache.get(8, 2);
    cache.destroy();
    expect(log.slice(2).sort()).toEqual(['destroy 8x2', 'destroy 8x4']);
  });
});

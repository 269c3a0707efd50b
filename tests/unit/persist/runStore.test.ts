import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbRunRepository, isQuotaError, toPersistError } from '../../../src/persist/runStore';
import { makeRun } from './fixtures';

let dbCount = 0;
const freshDb = () => IdbRunRepository.open(`test-${++dbCount}`);

describe('IdbRunRepository (IndexedDB through idb)', () => {
  it('saves, lists newest first without payloads, reopens with weights, and deletes', async () => {
    const repo = await freshDb();
    await repo.put(makeRun('a', 1000));
    await repo.put(makeRun('b', 3000, ['gru']));
    await repo.put(makeRun('c', 2000));
    const listed = await repo.list();
    expect(listed.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect('payload' in listed[0]).toBe(false);
    expect(listed[1].models[0].metrics.mse).toBeCloseTo(0.1);
    expect(listed[1].models[0].history[1].val).toBeNaN();

    const c = await repo.get('c');
    expect(c?.payload.weights.gru).toBeInstanceOf(Float32Array);
    expect([...(c?.payload.weights.gru ?? [])]).toEqual([1, 0.5, -1.25]);
    expect(c?.payload.predictions?.actual[2]).toBeNaN();
    expect(c?.config).toEqual(makeRun('c', 2000).config);

    await repo.delete('c');
    expect((await repo.list()).map((r) => r.id)).toEqual(['b', 'a']);
    expect(await repo.get('c')).toBeUndefined();
    repo.close();
  });

  it('keeps runs across reopening the database (a page reload)', async () => {
    const name = `reload-${++dbCount}`;
    const first = await IdbRunRepository.open(name);
    await first.put(makeRun('kept', 5));
    first.close();
    const second = await IdbRunRepository.open(name);
    expect((await second.list()).map((r) => r.id)).toEqual(['kept']);
    second.close();
  });

  it('writes summary and payload together: a failed save leaves no half-saved run', async () => {
    const repo = await freshDb();
    await repo.put(makeRun('good', 1));
    const broken = makeRun('broken', 2);
    // A function cannot be stored: the payload write fails, so the summary must not land either.
    (broken.payload as unknown as { extra: unknown }).extra = () => 0;
    await expect(repo.put(broken)).rejects.toThrow();
    expect((await repo.list()).map((r) => r.id)).toEqual(['good']);
    expect(await repo.get('broken')).toBeUndefined();
    repo.close();
  });
});

describe('quota errors', () => {
  it('recognises QuotaExceededError however it is wrapped', () => {
    const quota = new DOMException('quota', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(new Error('tx aborted', { cause: quota }))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { code: 22 } })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });

  it('gives a message that says what happened and that nothing was lost', () => {
    const e = toPersistError(new DOMException('quota', 'QuotaExceededError'), 'saving the run "x"');
    expect(e.kind).toBe('quota-exceeded');
    expect(e.message).toMatch(/storage is full/);
    expect(e.message).toMatch(/saved earlier are untouched/);
    expect(toPersistError(new Error('disk on fire'), 'save').kind).toBe('storage-failed');
  });
});

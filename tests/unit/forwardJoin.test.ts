// Joining forward passes (src/engine/gpu/forwardJoin.ts) without a GPU: requests of different members for one
// shape made in one tick share a pass; another shape, the same member again, a close or a pass already
// started put the request in a new pass.
import { describe, expect, test } from 'vitest';
import { type Forward, ForwardJoin, type ForwardPass } from '../../src/engine/gpu/forwardJoin';
import { Scheduler } from '../../src/engine/gpu/scheduler';

/** A join whose passes answer each request with its member index as the loss, and record who ran together. */
function recordingJoin() {
  const passes: { B: number; T: number; members: number[] }[] = [];
  const run = async ({ B, T, requests }: ForwardPass): Promise<Forward[]> => {
    passes.push({ B, T, members: requests.map((r) => r.m) });
    return requests.map((r) => ({ pred: r.x, loss: r.m }));
  };
  // enqueue only chains work; the device is never touched
  const join = new ForwardJoin(new Scheduler({} as GPUDevice), run);
  return { join, passes };
}

const request = (m: number) => ({ m, x: new Float32Array([m]), y: new Float32Array(1) });

describe('ForwardJoin', () => {
  test('members asking in one tick for one shape share one pass, each gets its own result', async () => {
    const { join, passes } = recordingJoin();
    const results = await Promise.all([0, 1, 2].map((m) => join.join(request(m), 4, 8)));
    expect(passes).toEqual([{ B: 4, T: 8, members: [0, 1, 2] }]);
    expect(results.map((r) => r.loss)).toEqual([0, 1, 2]);
  });

  test('another shape, the same member again, or a close start a new pass', async () => {
    const { join, passes } = recordingJoin();
    const done = [join.join(request(0), 4, 8), join.join(request(1), 2, 8), join.join(request(1), 2, 8)];
    join.close();
    done.push(join.join(request(2), 2, 8));
    await Promise.all(done);
    expect(passes.map((p) => p.members)).toEqual([[0], [1], [1], [2]]);
  });

  test('a request made once the pass has started runs in the next pass', async () => {
    const { join, passes } = recordingJoin();
    const first = join.join(request(0), 4, 8);
    await first;
    await join.join(request(1), 4, 8);
    expect(passes.map((p) => p.members)).toEqual([[0], [1]]);
  });
});

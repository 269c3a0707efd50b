import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paramCount, paramLayout } from '../../../src/engine/layout';
import type { ModelConfig } from '../../../src/engine/types';
import {
  exportModelSafetensors,
  importModelSafetensors,
  stateDictName,
} from '../../../src/persist/modelExport';
import { readSafetensors, writeSafetensors } from '../../../src/persist/safetensors';

function headerOf(bytes: Uint8Array) {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  return { n, text, json: JSON.parse(text) };
}

describe('writeSafetensors', () => {
  it('writes the header length, a space-padded aligned JSON header, offsets and little-endian values', () => {
    const a = new Float32Array([1, -2.5, 3.25, 0.1, 5, 6]);
    const b = new Float32Array([7.5]);
    const bytes = writeSafetensors(
      [
        { name: 'a', shape: [2, 3], data: a },
        { name: 'b', shape: [1], data: b },
      ],
      { cell: 'gru' },
    );
    const { n, text, json } = headerOf(bytes);
    expect(n % 8).toBe(0);
    expect(text.startsWith('{')).toBe(true);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(n - text.trimEnd().length).toBeLessThan(8);
    expect(json).toEqual({
      __metadata__: { cell: 'gru' },
      a: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
      b: { dtype: 'F32', shape: [1], data_offsets: [24, 28] },
    });
    expect(bytes.length).toBe(8 + n + 28);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const start = 8 + n;
    for (let i = 0; i < a.length; i++) expect(view.getFloat32(start + 4 * i, true)).toBe(a[i]);
    expect(view.getFloat32(start + 24, true)).toBe(7.5);
    // 1.0f little-endian is 00 00 80 3f.
    expect([...bytes.subarray(start, start + 4)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
  });

  it('omits __metadata__ when there is none and handles a subarray view as input', () => {
    const big = new Float32Array([9, 8, 7, 6]);
    const bytes = writeSafetensors([{ name: 'w', shape: [2], data: big.subarray(1, 3) }]);
    const { json } = headerOf(bytes);
    expect(Object.keys(json)).toEqual(['w']);
    const read = readSafetensors(bytes);
    expect(read.ok && [...read.value.tensors[0].data]).toEqual([8, 7]);
  });

  it('keeps awkward names such as __proto__ as ordinary keys', () => {
    const metadata = Object.fromEntries([['__proto__', 'x']]);
    const bytes = writeSafetensors(
      [{ name: '__proto__', shape: [1], data: new Float32Array([3]) }],
      metadata,
    );
    const read = readSafetensors(bytes);
    expect(read.ok && read.value.tensors.map((t) => [t.name, [...t.data]])).toEqual([['__proto__', [3]]]);
    expect(read.ok && Object.entries(read.value.metadata)).toEqual([['__proto__', 'x']]);
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => writeSafetensors([{ name: 'w', shape: [3], data: new Float32Array(2) }])).toThrow(/shape/);
  });

  it('round-trips any tensors and metadata through readSafetensors', () => {
    const tensorArb = fc
      .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 }))
      .chain(([r, c]) =>
        fc.record({
          shape: fc.constant([r, c] as number[]),
          values: fc.array(fc.float({ noNaN: true }), { minLength: r * c, maxLength: r * c }),
        }),
      );
    fc.assert(
      fc.property(
        fc.array(tensorArb, { maxLength: 5 }),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        (specs, metadata) => {
          const tensors = specs.map((s, i) => ({
            name: `t${i}.weight`,
            shape: s.shape,
            data: new Float32Array(s.values),
          }));
          const bytes = writeSafetensors(tensors, metadata);
          const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
          expect((8 + n) % 8).toBe(0);
          const read = readSafetensors(bytes);
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          expect(read.value.metadata).toEqual(metadata);
          expect(read.value.tensors.map((t) => [t.name, t.shape, [...t.data]])).toEqual(
            tensors.map((t) => [t.name, t.shape, [...t.data]]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('readSafetensors', () => {
  const good = writeSafetensors([{ name: 'w', shape: [2], data: new Float32Array([1, 2]) }]);

  it('reports a truncated file', () => {
    const r = readSafetensors(good.subarray(0, good.length - 4));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('bad-safetensors');
  });

  it('reports a header length beyond the file and a non-JSON header', () => {
    const tooLong = good.slice();
    new DataView(tooLong.buffer).setBigUint64(0, 1_000_000n, true);
    expect(readSafetensors(tooLong)).toMatchObject({ ok: false, error: { message: /header claims/ } });
    const garbage = good.slice();
    garbage[8] = 0x41;
    expect(readSafetensors(garbage)).toMatchObject({ ok: false, error: { message: /JSON/ } });
    expect(readSafetensors(new Uint8Array(3))).toMatchObject({ ok: false, error: { message: /too short/ } });
  });

  it('reports non-F32 dtypes', () => {
    const header = new TextEncoder().encode('{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}');
    const bytes = new Uint8Array(8 + header.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    expect(readSafetensors(bytes)).toMatchObject({ ok: false, error: { message: /F16/ } });
  });
});

describe('exportModelSafetensors', () => {
  const config: ModelConfig = {
    cell: 'lstm',
    inputSize: 2,
    hiddenSize: 3,
    numLayers: 2,
    outputSize: 4,
    dropout: 0,
    seed: 7,
  };

  it('names tensors like a PyTorch Forecaster(rnn, head) state_dict and round-trips the weights', () => {
    const weights = new Float32Array(paramCount(config)).map((_, i) => i / 10);
    const bytes = exportModelSafetensors(weights, { model: config, config: { window: 8 }, scaler: { m: 1 } });
    const { json } = headerOf(bytes);
    expect(Object.keys(json).filter((k) => k !== '__metadata__')).toEqual([
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'rnn.weight_ih_l1',
      'rnn.weight_hh_l1',
      'rnn.bias_ih_l1',
      'rnn.bias_hh_l1',
      'head.weight',
      'head.bias',
    ]);
    expect(json['rnn.weight_ih_l0'].shape).toEqual([12, 2]);
    expect(json['head.weight'].shape).toEqual([4, 3]);
    expect(json.__metadata__.cell).toBe('lstm');
    expect(JSON.parse(json.__metadata__.model)).toEqual(config);
    expect(JSON.parse(json.__metadata__.scaler)).toEqual({ m: 1 });
    for (const v of Object.values(json.__metadata__)) expect(typeof v).toBe('string');

    const back = importModelSafetensors(bytes);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect([...back.weights]).toEqual([...weights]);
      expect(back.meta.config).toEqual({ window: 8 });
    }
    const hh1 = paramLayout(config).find((t) => t.name === 'weight_hh_l1')!;
    const [begin] = json[stateDictName('weight_hh_l1')].data_offsets;
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(new DataView(bytes.buffer).getFloat32(8 + n + begin, true)).toBeCloseTo(weights[hh1.offset], 6);
  });

  it('refuses weights of the wrong length, and a file missing a tensor', () => {
    expect(() =>
      exportModelSafetensors(new Float32Array(3), { model: config, config: null, scaler: null }),
    ).toThrow(/weights hold 3/);
    const partial = writeSafetensors([{ name: 'head.bias', shape: [4], data: new Float32Array(4) }], {
      model: JSON.stringify(config),
    });
    expect(importModelSafetensors(partial)).toMatchObject({
      ok: false,
      error: { kind: 'bad-model-file', message: /rnn.weight_ih_l0/ },
    });
  });
});

/** Seeded uniform generator on [0, 1) (mulberry32): small, fast, and identical in every engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box–Muller). */
export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/**
 * lowbias32 (Chris Wellons' integer hash): a bijection on u32 with good avalanche.
 *   x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16   (all mod 2³²)
 * WGSL twin: the same five lines on `u32`, where `*` already wraps mod 2³².
 */
export function lowbias32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Counter-based uniform on [0, 1): the same (seed, stream, index) gives the same number in every
 * engine, with no generator state, so a GPU thread can draw its own element. Exact algorithm
 * (u32 throughout, every value reduced mod 2³²):
 *   h = lowbias32(seed)
 *   h = lowbias32(h ^ stream)
 *   h = lowbias32(h ^ index)
 *   u = f32(h >> 8) * 2⁻²⁴        // 24 bits, so u is exact in f32 and strictly below 1
 */
export function hashUniform(seed: number, stream: number, index: number): number {
  let h = lowbias32(seed);
  h = lowbias32(h ^ stream);
  h = lowbias32(h ^ index);
  return (h >>> 8) / 16777216;
}

/**
 * Stream id for the dropout mask applied to the output of recurrent layer `layer` at optimiser
 * step `step` (counting from 1): (step << 8 | layer) mod 2³², so layers < 256 never collide and
 * a step reuses a mask only after 2²⁴ steps.
 */
export function dropoutStream(step: number, layer: number): number {
  return ((step << 8) | (layer & 0xff)) >>> 0;
}

/**
 * Inverted-dropout multiplier for one element (PyTorch semantics): 0 with probability p, else
 * 1/(1−p). Element `index` is the flat time-major index (t, b, j) into the layer's (T, B, H) output.
 * Kept when hashUniform(...) ≥ p.
 */
export function dropoutScale(seed: number, stream: number, index: number, p: number): number {
  return hashUniform(seed, stream, index) >= p ? 1 / (1 - p) : 0;
}

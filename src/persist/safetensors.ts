// The safetensors file format, F32 only: what PyTorch users load with `safetensors.torch.load_file`
// or a few lines of plain Python (see README "Saved runs, export and sharing").
//
// Layout:
//   bytes 0..8          header length N, unsigned 64-bit little-endian
//   bytes 8..8+N        UTF-8 JSON header, padded with spaces so the data starts 8-byte aligned:
//                       { "__metadata__": { string: string },
//                         "<name>": { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] }, ... }
//   bytes 8+N..         raw little-endian float32 data; offsets are relative to this point,
//                       contiguous and in the order the tensors were given.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

export type SafetensorsError = {
  kind: 'bad-safetensors';
  message: string;
};

export type SafetensorsResult = { ok: true; value: SafetensorsFile } | { ok: false; error: SafetensorsError };

const ALIGN = 8;
const HEADER_PREFIX = 8;
/** Refuse absurd headers before decoding them (the reference implementation caps at 100 MB too). */
const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialises F32 tensors and string metadata into one safetensors byte array. */
export function writeSafetensors(tensors: NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  // Built from entries so that any name (even "__proto__") becomes an own property.
  const entries: [string, unknown][] = [];
  if (Object.keys(metadata).length > 0) entries.push(['__metadata__', metadata]);
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.name === '__metadata__' || seen.has(t.name))
      throw new Error(`tensor name "${t.name}" is reserved or repeated`);
    seen.add(t.name);
    if (elementCount(t.shape) !== t.data.length) {
      throw new Error(
        `tensor ${t.name}: shape [${t.shape}] holds ${elementCount(t.shape)} values, got ${t.data.length}`,
      );
    }
    const bytes = t.data.length * 4;
    entries.push([t.name, { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] }]);
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
  const headerLength = Math.ceil(json.length / ALIGN) * ALIGN;
  const out = new Uint8Array(HEADER_PREFIX + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, HEADER_PREFIX);
  out.fill(0x20, HEADER_PREFIX + json.length, HEADER_PREFIX + headerLength); // spaces: still valid JSON
  let at = HEADER_PREFIX + headerLength;
  for (const t of tensors) {
    if (LITTLE_ENDIAN_HOST) {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    } else {
      for (let i = 0; i < t.data.length; i++) view.setFloat32(at + i * 4, t.data[i], true);
    }
    at += t.data.byteLength;
  }
  return out;
}

function fail(message: string): SafetensorsResult {
  return { ok: false, error: { kind: 'bad-safetensors', message } };
}

function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isInteger(d) && d >= 0);
}

/**
 * Parses a safetensors file holding F32 tensors. Validates the header the way the reference
 * implementation does: offsets in range, contiguous, covering the data exactly, sizes matching shapes.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsResult {
  if (bytes.length < HEADER_PREFIX) return fail('The file is too short to be a safetensors file.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - HEADER_PREFIX))) {
    return fail(
      `The header claims ${headerLength} bytes but the file has only ${bytes.length - HEADER_PREFIX}.`,
    );
  }
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    return fail('The safetensors header is not valid UTF-8 JSON.');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return fail('The safetensors header is not a JSON object.');
  }
  const dataStart = HEADER_PREFIX + n;
  const dataLength = bytes.length - dataStart;
  const metadataEntries: [string, string][] = [];
  const entries: { name: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null) return fail('__metadata__ must be an object.');
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v !== 'string') return fail(`__metadata__.${k} must be a string.`);
        metadataEntries.push([k, v]);
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') return fail(`Tensor ${name} has dtype ${String(e.dtype)}; only F32 is supported.`);
    if (!isShape(e.shape)) return fail(`Tensor ${name} has no valid shape.`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(Number.isInteger)) {
      return fail(`Tensor ${name} has no valid data_offsets.`);
    }
    const [begin, end] = offsets as number[];
    if (begin < 0 || end < begin || end > dataLength) return fail(`Tensor ${name} points outside the data.`);
    if (end - begin !== elementCount(e.shape) * 4) {
      return fail(`Tensor ${name}: ${end - begin} bytes do not match shape [${e.shape}].`);
    }
    entries.push({ name, shape: e.shape, begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) return fail(`Tensor ${e.name} leaves a gap or overlaps another tensor.`);
    expected = e.end;
  }
  if (expected !== dataLength)
    return fail(`The tensors cover ${expected} bytes of ${dataLength} bytes of data.`);
  const tensors = entries.map(({ name, shape, begin, end }) => {
    const data = new Float32Array((end - begin) / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + begin + i * 4, true);
    return { name, shape, data };
  });
  return { ok: true, value: { tensors, metadata: Object.fromEntries(metadataEntries) } };
}

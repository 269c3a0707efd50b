// A dataset fingerprint: the hex SHA-256 of the file bytes (or of the values), so two runs can be
// told apart or matched by the data they saw without storing the data.

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return hex(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/** Fingerprint of parsed values, for data that has no file (e.g. a generated sample). */
export function fingerprintValues(values: Float32Array | Float64Array): Promise<string> {
  return sha256Hex(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

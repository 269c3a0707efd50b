// How much browser storage the page uses, and asking the browser not to evict it.

/** The part of `navigator.storage` used here, so tests pass a fake one. */
export interface StorageLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

export interface StorageInfo {
  /** Bytes used by this origin, or null when the browser does not say. */
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict the data under storage pressure; null when unknown. */
  persisted: boolean | null;
}

export function browserStorage(): StorageLike | undefined {
  return typeof navigator !== 'undefined' ? navigator.storage : undefined;
}

/** Asks for persistent storage once; browsers may grant it silently, prompt, or refuse. Never throws. */
export async function requestPersistence(storage = browserStorage()): Promise<boolean | null> {
  try {
    if (!storage?.persisted || !storage.persist) return null;
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function storageInfo(storage = browserStorage()): Promise<StorageInfo> {
  const info: StorageInfo = { usage: null, quota: null, persisted: null };
  try {
    const estimate = await storage?.estimate?.();
    info.usage = estimate?.usage ?? null;
    info.quota = estimate?.quota ?? null;
  } catch {
    // Unknown usage is shown as such.
  }
  try {
    info.persisted = (await storage?.persisted?.()) ?? null;
  } catch {
    // Unknown.
  }
  return info;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** One line for the runs panel, e.g. "Storage: 1.2 MB of 2 GB used · persistent". */
export function describeStorage(info: StorageInfo): string {
  const used =
    info.usage === null
      ? 'usage unknown'
      : info.quota === null
        ? `${formatBytes(info.usage)} used`
        : `${formatBytes(info.usage)} of ${formatBytes(info.quota)} used`;
  const kept =
    info.persisted === true
      ? 'persistent'
      : info.persisted === false
        ? 'not persistent (the browser may clear it when space runs low)'
        : 'persistence unknown';
  return `Storage: ${used} · ${kept}`;
}

// The workspaces of a batched model, one per batch shape (T, B). A workspace holds activation buffers and bind
// groups sized for its shape, so it is built on first use and replayed after; a few are kept, and past that the
// least recently used is destroyed.

const MAX_WORKSPACES = 4;

export class WorkspaceCache<W extends { destroy(): void }> {
  /** Keyed by shape; the most recently used entry last. */
  private readonly workspaces = new Map<string, W>();

  constructor(
    /** Builds the workspace for a shape not cached (the model's allocation, which may reject). */
    private readonly build: (T: number, B: number) => Promise<W>,
    private readonly capacity = MAX_WORKSPACES,
  ) {}

  /** The workspace for batches of B windows of T steps, built if no cached one has that shape. */
  async get(T: number, B: number): Promise<W> {
    const key = `${T}x${B}`;
    const cached = this.workspaces.get(key);
    if (cached) {
      this.workspaces.delete(key);
      this.workspaces.set(key, cached);
      return cached;
    }
    const built = await this.build(T, B);
    this.workspaces.set(key, built);
    if (this.workspaces.size > this.capacity) {
      const [oldest, old] = this.workspaces.entries().next().value as [string, W];
      this.workspaces.delete(oldest);
      old.destroy();
    }
    return built;
  }

  /** Destroys every cached workspace. */
  destroy(): void {
    for (const ws of this.workspaces.values()) ws.destroy();
    this.workspaces.clear();
  }
}

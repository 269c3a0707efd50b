// The loss readback ring: a few mappable copies of a model's stats buffer, used in turn, so that recording a
// training step never waits for an earlier step's loss. A step copies the stats into the next slot after its pass
// and maps that slot after its submit; only when every slot is still being read does the next step wait.
import { MAP_READ_MODE, USAGE } from './buffers';

export interface ReadbackSlot {
  buffer: GPUBuffer; // MAP_READ copy of the source buffer
  /** The slot's last read, settled or not; null before its first. */
  busy: Promise<unknown> | null;
}

/** Turns a rejected GPU promise into the model's typed failure (BatchedModel.guard). */
type Guard = <T>(promise: Promise<T>) => Promise<T>;

export class ReadbackRing {
  private readonly slots: ReadbackSlot[];
  private nextSlot = 0;

  constructor(
    device: GPUDevice,
    /** The buffer each slot copies, whole. */
    private readonly source: GPUBuffer,
    private readonly bytes: number,
    slots: number,
    private readonly guard: Guard,
  ) {
    this.slots = Array.from({ length: Math.max(1, slots) }, (_, i) => ({
      buffer: device.createBuffer({
        label: `loss readback ${i}`,
        size: bytes,
        usage: USAGE.MAP_READ | USAGE.COPY_DST,
      }),
      busy: null,
    }));
  }

  /** The next slot in turn, once its previous read has settled. */
  async next(): Promise<ReadbackSlot> {
    const slot = this.slots[this.nextSlot];
    this.nextSlot = (this.nextSlot + 1) % this.slots.length;
    if (slot.busy) await slot.busy;
    return slot;
  }

  /** Records the copy of the source into the slot (outside any compute pass). */
  recordCopy(encoder: GPUCommandEncoder, slot: ReadbackSlot): void {
    encoder.copyBufferToBuffer(this.source, 0, slot.buffer, 0, this.bytes);
  }

  /**
   * Maps the slot (call it after the submit that fills it) and resolves with its floats; `check` runs once
   * they are copied out and may throw. The slot is busy until this settles.
   */
  read(slot: ReadbackSlot, check: () => void): Promise<Float32Array> {
    const floats = this.map(slot, check);
    slot.busy = floats.catch(() => undefined);
    return floats;
  }

  destroy(): void {
    for (const slot of this.slots) slot.buffer.destroy();
  }

  private async map(slot: ReadbackSlot, check: () => void): Promise<Float32Array> {
    await this.guard(slot.buffer.mapAsync(MAP_READ_MODE));
    const floats = new Float32Array(slot.buffer.getMappedRange().slice(0));
    slot.buffer.unmap();
    check();
    return floats;
  }
}

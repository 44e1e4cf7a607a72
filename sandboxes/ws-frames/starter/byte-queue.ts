/**
 * Bytes that arrived from the network but have not been used yet. A TCP stream arrives in chunks of any
 * size, so a frame can end in the middle of a chunk or span many of them. Bytes are copied only when a
 * requested range spans several chunks, so a large payload that trickles in costs one copy, not one per chunk.
 */
export class ByteQueue {
  #chunks: Buffer[] = [];
  #length = 0;

  /** How many bytes are waiting. */
  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The first n bytes, left in the queue. Throws if fewer are waiting. */
  peek(n: number): Buffer {
    return this.#read(n, false);
  }

  /** Removes and returns the first n bytes. Throws if fewer are waiting. */
  take(n: number): Buffer {
    return this.#read(n, true);
  }

  /** Drops everything, e.g. after a protocol error. */
  clear(): void {
    this.#chunks = [];
    this.#length = 0;
  }

  #read(n: number, consume: boolean): Buffer {
    if (n > this.#length) throw new RangeError(`Asked for ${n} bytes, but only ${this.#length} have arrived; check queue.length first.`);
    const first = this.#chunks[0];
    if (n === 0 || first === undefined) return Buffer.alloc(0);
    if (first.length >= n) {
      if (consume) this.#consume(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    for (const chunk of this.#chunks) {
      const used = Math.min(chunk.length, n - offset);
      chunk.copy(out, offset, 0, used);
      offset += used;
      if (offset === n) break;
    }
    if (consume) this.#consume(n);
    return out;
  }

  #consume(n: number): void {
    this.#length -= n;
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[0] as Buffer;
      if (chunk.length > left) {
        this.#chunks[0] = chunk.subarray(left);
        return;
      }
      this.#chunks.shift();
      left -= chunk.length;
    }
  }
}

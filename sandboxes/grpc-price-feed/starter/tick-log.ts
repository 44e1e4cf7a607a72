// The feed's memory: the newest ticks, at most `capacity` of them. Every subscriber reads from here by
// sequence number, so a slow subscriber costs a cursor, not a copy of the ticks it has not read yet.

export interface Tick {
  seq: number;
  symbol: string;
  priceCents: number;
}

export class TickLog {
  readonly capacity: number;
  #ticks: Tick[] = [];
  #latestSeq = 0;
  #listeners = new Set<() => void>();

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  /** Appends a tick with the next seq, drops the oldest beyond capacity, then wakes every listener. */
  append(symbol: string, priceCents: number): Tick {
    const tick = { seq: ++this.#latestSeq, symbol, priceCents };
    this.#ticks.push(tick);
    if (this.#ticks.length > this.capacity) this.#ticks.splice(0, this.#ticks.length - this.capacity);
    for (const listener of [...this.#listeners]) listener();
    return tick;
  }

  /** The tick with this seq, or undefined when it is not in the log (too old, or not there yet). */
  read(seq: number): Tick | undefined {
    const first = this.#ticks[0];
    return first ? this.#ticks[seq - first.seq] : undefined;
  }

  /** The seq of the oldest tick still held; latestSeq + 1 while the log is empty. */
  get oldestSeq(): number {
    return this.#ticks[0]?.seq ?? this.#latestSeq + 1;
  }

  /** The seq of the newest tick ever appended; 0 before the first. */
  get latestSeq(): number {
    return this.#latestSeq;
  }

  /**
   * Calls `listener` (with no arguments) after every append: a wake-up call, not the data. Read the new
   * ticks with read(). Returns the function that stops the calls.
   */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many onAppend listeners are active: one per open subscription, and none for a client that left. */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}

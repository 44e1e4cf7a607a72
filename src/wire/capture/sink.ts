/**
 * The preload's outbox: events queue here and leave in batches every FLUSH_MS (and at exit). The queue
 * is bounded: past MAX_QUEUED events, new ones are only counted by kind and a `dropped` marker goes out
 * with the next batch, so a program sending 100,000 frames costs the capture a fixed amount of memory
 * and the runner a bounded rate of events (at most MAX_QUEUED per FLUSH_MS per process).
 */
import { writeSync } from 'node:fs';
import type { WireEvent } from '../trace-events.ts';
import { encodeBatch, WIRE_OSC_END, WIRE_OSC_START, type CaptureConfig } from './config.ts';

const FLUSH_MS = 50;
const MAX_QUEUED = 500;

/** An event as the capture code builds it; the sink adds time, process and sequence. */
export type Stamped = WireEvent extends infer E ? (E extends WireEvent ? Omit<E, 't' | 'pid' | 'seq'> : never) : never;

export class WireSink {
  private queue: WireEvent[] = [];
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dropped: { count: number; fromT: number; toT: number; byKind: Record<string, number> } | undefined;

  private readonly config: CaptureConfig;
  private readonly write: (text: string) => void;

  constructor(config: CaptureConfig, write: (text: string) => void = defaultWriter(config)) {
    this.config = config;
    this.write = write;
  }

  /** Milliseconds since the run started, comparable across the run's processes. */
  now(): number {
    return Math.round((performance.timeOrigin + performance.now() - this.config.t0) * 100) / 100;
  }

  emit(partial: Stamped): void {
    const t = this.now();
    if (this.queue.length >= MAX_QUEUED) {
      const dropped = (this.dropped ??= { count: 0, fromT: t, toT: t, byKind: {} });
      dropped.count++;
      dropped.toT = t;
      dropped.byKind[partial.kind] = (dropped.byKind[partial.kind] ?? 0) + 1;
      return;
    }
    this.queue.push({ ...partial, t, pid: process.pid, seq: this.seq++ } as WireEvent);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      // Capture must never keep a finished program alive.
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped) {
      const { count, fromT, toT, byKind } = this.dropped;
      this.dropped = undefined;
      this.queue.push({ kind: 'dropped', count, fromT, toT, byKind, t: this.now(), pid: process.pid, seq: this.seq++ });
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.write(encodeBatch(batch));
    } catch {
      // The reader is gone (the run is ending): nothing to report to.
    }
  }
}

function defaultWriter(config: CaptureConfig): (text: string) => void {
  const channel = config.channel;
  if (channel.kind === 'osc') return (text) => writeSync(1, `${WIRE_OSC_START}${text.trimEnd()}${WIRE_OSC_END}`);
  return (text) => writeSync(channel.fd, text);
}

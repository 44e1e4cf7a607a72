/**
 * Network conditions applied inside the run's own processes, on each observed TCP socket:
 * - latency/jitter/bandwidth on the SENDING side: a write is handed to the kernel only at its delivery
 *   time. The stream is told "written" at once, so a fast sender is not slowed to one write per delay
 *   (a real link pipelines too); a per-socket FIFO keeps byte order, and `end()` waits for the FIFO.
 * - pause on the READING side of client sockets: incoming chunks are held and the handle stops reading,
 *   so the kernel buffers fill and the sender sees back-pressure, as with a client that stops reading.
 * - drops: the socket is reset (RST), so the peer sees ECONNRESET, as when a link dies.
 * The connection cap lives in socket-tap.ts, where connects are intercepted.
 */
import type { Socket } from 'node:net';
import type { NetworkConditions } from '../trace-events.ts';
import type { WireSink } from './sink.ts';

type WriteGeneric = (writev: boolean, data: unknown, encoding: string, cb: (error?: Error | null) => void) => unknown;
interface Pending {
  at: number;
  writev: boolean;
  data: unknown;
  encoding: string;
}

/** Delays this socket's writes by latency (+ jitter) and the bandwidth cap. Returns whether it applied. */
export function delayWrites(socket: Socket, conditions: NetworkConditions, sink: WireSink, conn: string, byteLength: (writev: boolean, data: unknown) => number): void {
  const latency = conditions.latencyMs ?? 0;
  const jitter = conditions.jitterMs ?? 0;
  const rate = conditions.bandwidthBytesPerSec ?? 0;
  if (latency <= 0 && jitter <= 0 && rate <= 0) return;
  const target = socket as unknown as { _writeGeneric: WriteGeneric; _final: (cb: (error?: Error | null) => void) => void };
  const original = target._writeGeneric;
  const originalFinal = target._final;
  const queue: Pending[] = [];
  let lastAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let whenEmpty: Array<() => void> = [];
  let reported = 0;

  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && (queue[0] as Pending).at <= now + 0.5) {
      const next = queue.shift() as Pending;
      if (socket.destroyed) continue;
      original.call(socket, next.writev, next.data, next.encoding, () => {});
    }
    if (queue.length) timer = setTimeout(pump, Math.max(0, (queue[0] as Pending).at - performance.now()));
    else {
      const waiting = whenEmpty;
      whenEmpty = [];
      waiting.forEach((resume) => resume());
    }
  };

  target._writeGeneric = function delayed(writev, data, encoding, cb) {
    // Still connecting: net re-calls _writeGeneric on 'connect'; delay that call, not this one.
    if (socket.connecting) return original.call(socket, writev, data, encoding, cb);
    const now = performance.now();
    const bytes = byteLength(writev, data);
    const transfer = rate > 0 ? (bytes / rate) * 1000 : 0;
    const at = Math.max(now + latency + Math.random() * jitter, lastAt) + transfer;
    lastAt = at;
    queue.push({ at, writev, data, encoding });
    // One condition event per second per socket is enough for the diagram to show the link is slow.
    if (now - reported > 1000) {
      reported = now;
      sink.emit({ kind: 'condition', conn, condition: rate > 0 ? 'bandwidth' : 'latency', ms: Math.round(at - now) });
    }
    if (timer === undefined) timer = setTimeout(pump, Math.max(0, (queue[0] as Pending).at - now));
    cb();
    return true;
  };
  target._final = function final(cb) {
    if (queue.length === 0) return originalFinal.call(socket, cb);
    whenEmpty.push(() => originalFinal.call(socket, cb));
  };
  socket.once('close', () => clearTimeout(timer));
}

/** Holds incoming data of a client socket during the pause window [pauseAtMs, pauseAtMs + pauseForMs). */
export class PauseGate {
  private held: Array<[unknown, unknown]> = [];
  paused = false;

  private readonly socket: Socket;
  private readonly push: (chunk: unknown, encoding?: unknown) => boolean;

  constructor(socket: Socket, push: (chunk: unknown, encoding?: unknown) => boolean) {
    this.socket = socket;
    this.push = push;
  }

  /** Called for each chunk net pushes; returns true when the gate kept it. */
  offer(chunk: unknown, encoding: unknown): boolean {
    if (!this.paused) return false;
    this.held.push([chunk, encoding]);
    return true;
  }

  pause(): void {
    if (this.paused || this.socket.destroyed) return;
    this.paused = true;
    // Stop reading from the kernel: the peer's writes back up, as with a reader that stopped.
    (this.socket as unknown as { _handle?: { readStop?: () => void } })._handle?.readStop?.();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const [chunk, encoding] of held) this.push.call(this.socket, chunk, encoding);
    if (!this.socket.destroyed) (this.socket as unknown as { _handle?: { readStart?: () => void } })._handle?.readStart?.();
  }
}

/**
 * Runs `action` at run time `atMs` and/or every `everyMs` (run time measured by `now`); timers are
 * unref'd so conditions never keep a finished program alive.
 */
export function schedule(now: () => number, atMs: number | undefined, everyMs: number | undefined, action: () => void): void {
  if (atMs !== undefined && atMs >= 0) setTimeout(action, Math.max(0, atMs - now())).unref();
  if (everyMs !== undefined && everyMs > 0) {
    const first = everyMs - (now() % everyMs);
    setTimeout(() => {
      action();
      setInterval(action, everyMs).unref();
    }, first).unref();
  }
}

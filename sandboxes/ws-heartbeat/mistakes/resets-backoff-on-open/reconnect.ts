import WebSocket from 'ws';

export interface BackoffOptions {
  /** The ceiling of the first wait. */
  baseMs: number;
  /** No wait is ever longer than this. */
  capMs: number;
}

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * sleep = random(0, min(cap, base × 2^attempt)). The ceiling grows exponentially, and the wait is a
 * uniformly random point below it, so clients that lost the same server at the same moment spread out
 * instead of coming back together. attempt counts the retries before this one: 0 for the first.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  // 2 ** attempt becomes Infinity for huge attempts, and min() turns that into the cap: no overflow.
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return random() * ceiling;
}

export interface ReconnectOptions {
  url: string;
  /** Ceiling of the first retry's wait. Optional, default 500 ms. */
  baseMs?: number;
  /** Longest wait between two attempts. Optional, default 30 000 ms. */
  capMs?: number;
  /** A connection that stayed open this long resets the backoff. Optional, default 10 000 ms. */
  stableMs?: number;
  /** Returns a number in [0, 1). Optional, default Math.random; tests pass their own. */
  random?: () => number;
  /** Current time in ms. Optional, default performance.now; tests pass their own. */
  now?: () => number;
  /** Runs callback after delayMs (the wait before a retry) and returns a function that cancels it. Optional, default setTimeout. */
  schedule?: (callback: () => void, delayMs: number) => () => void;
  onOpen?: () => void;
  onMessage?: (text: string) => void;
}

export interface ReconnectingClient {
  /** Sends text if connected right now; returns false (and sends nothing) otherwise. */
  send(text: string): boolean;
  /** Closes the connection with 1000 and stops reconnecting for good. */
  close(): void;
}

const defaultSchedule = (callback: () => void, delayMs: number): (() => void) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};

export function connectWithRetry(options: ReconnectOptions): ReconnectingClient {
  const backoff = { baseMs: options.baseMs ?? 500, capMs: options.capMs ?? 30_000 };
  const stableMs = options.stableMs ?? 10_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? defaultSchedule;

  let attempt = 0; // retries since the last stable connection
  let socket: WebSocket | undefined;
  let cancelRetry: (() => void) | undefined;
  let stopped = false;

  function open(): void {
    cancelRetry = undefined;
    const current = new WebSocket(options.url);
    socket = current;
    let openedAt: number | undefined;
    current.on('open', () => {
      openedAt = now();
      attempt = 0;
      options.onOpen?.();
    });
    current.on('message', (data, isBinary) => {
      if (!isBinary) options.onMessage?.(data.toString());
    });
    // A refused or broken connection emits 'error' and then 'close'; the retry happens on 'close' only.
    current.on('error', () => {});
    current.on('close', () => {
      if (socket === current) socket = undefined;
      if (stopped) return;
      // Resetting on 'open' would let a server that accepts and then drops at once (a crash loop, a
      // failing auth check) be hammered at the base delay. Only a connection that lasted proves health.
      if (openedAt !== undefined && now() - openedAt >= stableMs) attempt = 0;
      const delayMs = backoffDelay(attempt, backoff, random);
      attempt += 1;
      cancelRetry = schedule(open, delayMs);
    });
  }

  open();
  return {
    send(text) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(text);
      return true;
    },
    close() {
      stopped = true;
      cancelRetry?.();
      cancelRetry = undefined;
      socket?.close(1000, 'client closed');
    },
  };
}

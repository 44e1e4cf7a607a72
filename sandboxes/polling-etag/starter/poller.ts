export interface PollerOptions {
  url: string;
  /** The wait between polls while everything works. */
  intervalMs: number;
  /** Called with the body of every 200 answer: the first poll, and each time the resource changed. */
  onChange: (body: string) => void;
  /** The longest wait after repeated failures. Optional, defaults to 30 000 ms. */
  maxBackoffMs?: number;
}

export interface PollerStats {
  /** 200 answers: the body was new. */
  changed: number;
  /** 304 answers: nothing new, and no body was sent. */
  notModified: number;
  /** Error statuses (5xx and other unexpected ones) and network errors. */
  failures: number;
}

export interface Poller {
  readonly stats: PollerStats;
  /** Stops polling and cancels the request in flight, if any. */
  stop(): void;
}

export function createPoller(options: PollerOptions): Poller {
  const stats: PollerStats = { changed: 0, notModified: 0, failures: 0 };
  const controller = new AbortController();

  async function tick(): Promise<void> {
    try {
      // TODO: remember the ETag of the last 200 answer and send it as `If-None-Match`; count a 304 in
      //       stats.notModified and do not call onChange for it.
      const response = await fetch(options.url, { signal: controller.signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`The server answered ${response.status}.`);
      }
      const body = await response.text();
      stats.changed += 1;
      options.onChange(body);
    } catch {
      if (controller.signal.aborted) return; // stop() cancelled the request: not a failure
      stats.failures += 1;
      // TODO: after a failure, wait intervalMs × 2 (then × 4, × 8, …, at most maxBackoffMs, default
      //       30 000) before the next poll; after a success go back to intervalMs.
    }
  }

  // TODO: setInterval starts a poll every intervalMs even while the previous one is still waiting for
  //       its answer. Schedule each poll with setTimeout when the previous one has finished instead.
  const timer = setInterval(tick, options.intervalMs);
  void tick();
  return {
    stats,
    stop() {
      controller.abort();
      clearInterval(timer);
    },
  };
}

export interface PollerOptions {
  url: string;
  /** The wait between polls while everything works. */
  intervalMs: number;
  /** Called with the body of every 200 answer: the first poll, and each time the resource changed. */
  onChange: (body: string) => void;
  /** The longest wait after repeated failures. Optional, defaults to 30 000 ms. */
  maxBackoffMs?: number;
  /**
   * Whether the page is visible, and a way to hear when that changes. Optional: without it the poller
   * behaves as if the page were always visible. In a browser, pass `browserVisibility(document)`.
   */
  visibility?: Visibility;
}

/** The part of the Page Visibility API the poller needs (document.visibilityState and visibilitychange). */
export interface Visibility {
  isHidden(): boolean;
  /** Calls `listener` whenever the page is hidden or shown again; returns a function that stops that. */
  onChange(listener: () => void): () => void;
}

/** The Page Visibility API of a browser document, for PollerOptions.visibility. */
export function browserVisibility(document: { visibilityState: string; addEventListener(type: 'visibilitychange', listener: () => void): void; removeEventListener(type: 'visibilitychange', listener: () => void): void }): Visibility {
  return {
    isHidden: () => document.visibilityState === 'hidden',
    onChange(listener) {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/**
 * Retry-After is a number of seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unusable.
 * A date in the past means "now".
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  // TODO: "120" is 120 000 ms; "Fri, 04 Dec 2026 21:30:00 GMT" is that date minus now (Date.parse reads it),
  //       never below 0; anything else (or no header) is undefined.
  void value;
  void now;
  return undefined;
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
      // TODO: a 429 or 503 may carry Retry-After (parseRetryAfter): the server's wait wins over the backoff.
      const body = await response.text();
      stats.changed += 1;
      options.onChange(body);
    } catch {
      if (controller.signal.aborted) return; // stop() cancelled the request: not a failure
      stats.failures += 1;
      // TODO: after the n-th failure in a row, wait a random time in the upper half of
      //       min(maxBackoffMs, intervalMs × 2^n) ("equal jitter": ceiling / 2 + Math.random() × ceiling / 2;
      //       maxBackoffMs defaults to 30 000), so clients that failed together drift apart. After a success
      //       go back to intervalMs.
    }
  }

  // TODO: setInterval starts a poll every intervalMs even while the previous one is still waiting for
  //       its answer. Schedule each poll with setTimeout when the previous one has finished instead.
  // TODO: options.visibility (when given): while the page is hidden, schedule nothing (cancel the pending
  //       poll; one in flight may finish); when it is shown again, poll at once. Do not start while hidden,
  //       and stop listening in stop().
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

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

/** A failed poll; retryAfterMs is the server's Retry-After, when it sent a usable one. */
class PollError extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Retry-After is a number of seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unusable.
 * A date in the past means "now".
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const stats: PollerStats = { changed: 0, notModified: 0, failures: 0 };
  const controller = new AbortController();
  let etag: string | undefined;
  let failuresInARow = 0;
  let retryAfterMs: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;

  /** One conditional GET; resolves with the new body, or undefined when nothing changed. Throws on failure. */
  async function pollOnce(): Promise<string | undefined> {
    // If-None-Match turns "send me the resource" into "send it only if it is not the one I have"
    // (RFC 9110 §13.1.2); an unchanged resource then costs a bodiless 304.
    const headers: Record<string, string> = etag === undefined ? {} : { 'if-none-match': etag };
    const response = await fetch(options.url, { headers, signal: controller.signal });
    if (response.status === 304) return undefined;
    if (!response.ok) {
      // Release the connection without reading an error page we do not need.
      await response.body?.cancel();
      throw new PollError(`The server answered ${response.status}.`, parseRetryAfter(response.headers.get('retry-after')));
    }
    const body = await response.text();
    etag = response.headers.get('etag') ?? undefined;
    return body;
  }

  /**
   * After a failure the ceiling doubles each time (interval × 2, × 4, …) up to maxBackoffMs, so a server that
   * is down or overloaded is not hammered by every client at full rate, and "equal jitter" picks a random
   * point in the ceiling's upper half, so clients that failed together drift apart. A server's Retry-After
   * wins. One success brings back the normal interval.
   */
  function nextDelayMs(): number {
    if (failuresInARow === 0) return options.intervalMs;
    if (retryAfterMs !== undefined) return retryAfterMs;
    const ceiling = Math.min(maxBackoffMs, options.intervalMs * 2 ** failuresInARow);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  async function tick(): Promise<void> {
    timer = undefined;
    inFlight = true;
    let body: string | undefined;
    try {
      body = await pollOnce();
      failuresInARow = 0;
      if (body === undefined) stats.notModified += 1;
      else stats.changed += 1;
    } catch (error) {
      if (controller.signal.aborted) return; // stop() cancelled the request: not a failure
      failuresInARow += 1;
      stats.failures += 1;
      retryAfterMs = error instanceof PollError ? error.retryAfterMs : undefined;
    } finally {
      inFlight = false;
    }
    if (body !== undefined) {
      try {
        options.onChange(body);
      } catch (error) {
        // A bug in the callback must not stop the polling or count as a server failure.
        console.error('onChange threw; polling goes on:', error);
      }
    }
    // Schedule the next poll only now that this one is over: with setInterval a slow answer would let
    // polls pile up on top of each other, exactly when the server is struggling. A hidden page schedules
    // nothing: nobody sees the data, and the visibility listener starts again when the page is shown.
    if (!controller.signal.aborted) timer = setTimeout(tick, nextDelayMs());
  }

  function onVisibilityChange(): void {
    if (controller.signal.aborted) return;
    if (options.visibility?.isHidden()) {
      // Hidden: cancel the pending poll; a request already in flight finishes but schedules nothing.
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined && !inFlight) {
      // Shown again: the data is probably stale, so poll at once instead of waiting a whole interval.
      void tick();
    }
  }

  const stopListening = options.visibility?.onChange(onVisibilityChange);
  if (!options.visibility?.isHidden()) void tick();
  return {
    stats,
    stop() {
      controller.abort();
      clearTimeout(timer);
      stopListening?.();
    },
  };
}

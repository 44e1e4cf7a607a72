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
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const stats: PollerStats = { changed: 0, notModified: 0, failures: 0 };
  const controller = new AbortController();
  let etag: string | undefined;
  let failuresInARow = 0;
  let timer: NodeJS.Timeout | undefined;

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
      throw new Error(`The server answered ${response.status}.`);
    }
    const body = await response.text();
    etag = response.headers.get('etag') ?? undefined;
    return body;
  }

  /**
   * After a failure the wait doubles each time (interval × 2, × 4, …) up to maxBackoffMs, so a server that
   * is down or overloaded is not hammered by every client at full rate; one success brings back the
   * normal interval. (Lesson 11 adds random jitter, which spreads clients that failed at the same moment.)
   */
  function nextDelayMs(): number {
    return failuresInARow === 0 ? options.intervalMs : Math.min(maxBackoffMs, options.intervalMs * 2 ** failuresInARow);
  }

  async function tick(): Promise<void> {
    let body: string | undefined;
    try {
      body = await pollOnce();
      failuresInARow = 0;
      if (body === undefined) stats.notModified += 1;
      else stats.changed += 1;
    } catch {
      if (controller.signal.aborted) return; // stop() cancelled the request: not a failure
      failuresInARow += 1;
      stats.failures += 1;
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
    // polls pile up on top of each other, exactly when the server is struggling.
    if (!controller.signal.aborted) timer = setTimeout(tick, nextDelayMs());
  }

  void tick();
  return {
    stats,
    stop() {
      controller.abort();
      clearTimeout(timer);
    },
  };
}

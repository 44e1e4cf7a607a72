/**
 * Follows a resumable NDJSON feed (GET <url>?after=<seq>) for as long as `stop` is not aborted:
 *
 *   - a silence watchdog aborts the request when no bytes (heartbeats included) arrive for silenceLimitMs,
 *     because a half-open connection never says it is dead;
 *   - every reconnect waits a "full jitter" backoff delay, uniform in [0, min(maxDelayMs, baseDelayMs × 2^attempt)),
 *     so clients dropped together do not return together;
 *   - the cursor (the last seq processed) is sent on every reconnect, updates already seen are skipped, and a
 *     {"type":"reset"} line (the cursor was too old for the server's history) restarts the cursor at 0.
 */
export interface FeedUpdate {
  seq: number;
  [field: string]: unknown;
}

export interface FeedHandlers {
  onUpdate: (update: FeedUpdate) => void;
  /** The server could not resume from the cursor: the client's view may have a hole, reload a snapshot. */
  onReset: () => void;
}

export interface FollowOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  silenceLimitMs: number;
}

/** Full jitter: a uniform random delay in [0, min(maxDelayMs, baseDelayMs × 2^attempt)). */
export function backoffDelay(attempt: number, options: Pick<FollowOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
}

export async function followFeed(url: string, on: FeedHandlers, stop: AbortSignal, options: FollowOptions): Promise<void> {
  let lastSeq = 0;
  let failures = 0;
  while (!stop.aborted) {
    const silence = new AbortController();
    let watchdog = setTimeout(() => silence.abort(), options.silenceLimitMs);
    // Any bytes, heartbeats included, prove the path is alive.
    const onActivity = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => silence.abort(), options.silenceLimitMs);
    };
    try {
      const signal = AbortSignal.any([stop, silence.signal]);
      for await (const message of readNdjson(`${url}?after=${lastSeq}`, signal, onActivity)) {
        if ((message as { type?: unknown }).type === 'reset') {
          lastSeq = 0;
          on.onReset();
          continue;
        }
        const update = message as FeedUpdate;
        lastSeq = update.seq;
        failures = 0; // data flows again: the next drop starts with a short wait
        on.onUpdate(update);
      }
    } catch {
      // A network error, an HTTP error or the watchdog's abort: all end in a reconnect below.
    } finally {
      clearTimeout(watchdog);
    }
    if (!stop.aborted) await sleep(backoffDelay(failures++, options), stop);
  }
}

/** The parsed lines of an NDJSON response; blank lines are heartbeats. Given: the previous lesson's parser, shortened. */
async function* readNdjson(url: string, signal: AbortSignal, onActivity: () => void): AsyncGenerator<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}.`);
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body) {
    onActivity();
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield JSON.parse(line);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

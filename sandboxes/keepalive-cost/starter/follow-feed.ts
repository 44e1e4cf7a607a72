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

/** The delay before reconnect number `attempt` (0 for the first reconnect after data flowed). */
export function backoffDelay(attempt: number, options: Pick<FollowOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  // TODO: "full jitter": a uniform random delay in [0, min(maxDelayMs, baseDelayMs × 2^attempt)), with Math.random().
  //       A fixed delay makes every client dropped by one deploy come back in the same instant.
  void attempt;
  return options.baseDelayMs;
}

export async function followFeed(url: string, on: FeedHandlers, stop: AbortSignal, options: FollowOptions): Promise<void> {
  // TODO: remember the seq of the last update processed and send it as ?after=<seq> on every reconnect;
  //       skip updates you have already seen, and on {"type":"reset"} call on.onReset() and start again from 0.
  // TODO: a silence watchdog: abort the request (AbortSignal.any([stop, silence.signal])) when no bytes arrived
  //       for options.silenceLimitMs. readNdjson calls onActivity for every chunk, heartbeats included.
  // TODO: count failed attempts for backoffDelay, and start again from 0 once an update arrives.
  while (!stop.aborted) {
    try {
      for await (const message of readNdjson(`${url}?after=0`, stop, () => {})) {
        on.onUpdate(message as FeedUpdate);
      }
    } catch {
      // A network error or an HTTP error: reconnect below.
    }
    if (!stop.aborted) await sleep(backoffDelay(0, options), stop);
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

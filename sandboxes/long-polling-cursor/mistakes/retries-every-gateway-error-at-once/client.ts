import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from './server.ts';

export interface LongPollOptions {
  /** Where the server is, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Called once per message, in id order. */
  onMessage: (message: Message) => void;
  /** The id of the last message already seen. Optional, defaults to 0 (start from the first message). */
  after?: number;
  /** The first wait after an error; it doubles with each error in a row, up to 30 s. Optional, defaults to 1000 ms. */
  retryDelayMs?: number;
  /**
   * How long a poll must have been held for a 502 or 504 to count as a proxy that lost patience with it
   * (ask again at once) rather than a backend that is down (back off). Optional, defaults to 5000 ms.
   */
  slowGatewayMs?: number;
}

export interface LongPollClient {
  /** The id of the last message handed to onMessage: the cursor the next poll sends. */
  readonly lastId: number;
  /** Ends the loop and aborts the request being held; resolves once the loop has stopped. */
  stop(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 30_000;

export function startLongPolling(options: LongPollOptions): LongPollClient {
  const controller = new AbortController();
  const { signal } = controller;
  const baseDelayMs = options.retryDelayMs ?? 1000;
  const slowGatewayMs = options.slowGatewayMs ?? 5000;
  let lastId = options.after ?? 0;

  async function loop(): Promise<void> {
    let errorsInARow = 0;
    while (!signal.aborted) {
      const started = performance.now();
      try {
        // The cursor goes with every poll, so messages published while we were between two polls are
        // waiting in the server's log for us instead of being lost.
        const response = await fetch(`${options.baseUrl}/messages?after=${lastId}`, { signal });
        if (response.status === 200) {
          const { messages } = (await response.json()) as { messages: Message[] };
          for (const message of messages) {
            // A retried poll can bring back messages we already handed on; the cursor makes skipping them exact.
            if (message.id <= lastId) continue;
            lastId = message.id;
            options.onMessage(message);
          }
          errorsInARow = 0;
          continue;
        }
        await response.body?.cancel();
        if (response.status === 204) {
          // The hold timed out with nothing new: that is normal, ask again right away.
          errorsInARow = 0;
          continue;
        }
        // A 502/504 after a long hold is a proxy that lost patience with the parked request, which is just
        // a timeout: ask again at once. The same codes within moments mean the backend is down, and an
        // immediate retry would become a hot loop: back off. Elapsed time tells the two apart.
        if (response.status === 502 || response.status === 504) continue;
        errorsInARow += 1;
      } catch {
        if (signal.aborted) break; // stop() aborted the held request
        errorsInARow += 1; // network error, or a body that was not the JSON we expect
      }
      // Any other error: wait, doubling each time, so a broken server is not hammered in a tight loop.
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, baseDelayMs * 2 ** (errorsInARow - 1));
      await sleep(delayMs, undefined, { signal }).catch(() => {});
    }
  }

  const done = loop();
  return {
    get lastId() {
      return lastId;
    },
    async stop() {
      controller.abort();
      await done;
    },
  };
}

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

export function startLongPolling(options: LongPollOptions): LongPollClient {
  const controller = new AbortController();
  const { signal } = controller;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let lastId = options.after ?? 0;

  async function loop(): Promise<void> {
    while (!signal.aborted) {
      try {
        // TODO: send the cursor: `/messages?after=${lastId}`. Without it, whatever is published while
        //       this client is between two polls is never delivered.
        const response = await fetch(`${options.baseUrl}/messages`, { signal });
        if (response.status === 200) {
          const { messages } = (await response.json()) as { messages: Message[] };
          for (const message of messages) {
            // TODO: skip messages whose id is not above lastId, so none is delivered twice.
            lastId = message.id;
            options.onMessage(message);
          }
          continue;
        }
        await response.body?.cancel();
        if (response.status === 204) continue; // the hold timed out with nothing new: ask again
        // TODO: a 502 or 504 that came after a long hold (at least options.slowGatewayMs, default 5000) is a
        //       proxy that gave up on the held request: ask again at once. One that came within moments
        //       means the backend is down: count it as an error and back off like any other.
      } catch {
        if (signal.aborted) break;
      }
      // TODO: double this wait with each error in a row (1×, 2×, 4×… retryDelayMs, at most 30 s) and
      //       start again from retryDelayMs after a 200 or 204.
      await sleep(retryDelayMs, undefined, { signal }).catch(() => {});
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

// The browser side of a reconnect storm: when a server refuses (1013), goes away (1001) or cannot be
// reached, wait a random, growing delay before trying again, so that thousands of clients dropped at the
// same moment do not all come back in the same moment.
import { WebSocket } from 'ws';
import type { ServerMessage } from './protocol.ts';

export interface BackoffOptions {
  /** The delay ceiling of the first retry (attempt 0), in milliseconds. Default 100. */
  baseMs?: number;
  /** No delay is ever longer than this. Default 5000. */
  capMs?: number;
  /** A number in [0, 1); Math.random by default, replaceable in tests. */
  random?: () => number;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry): "full jitter", a uniformly
 * random delay from 0 up to (not including) min(capMs, baseMs × 2^attempt).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 100, capMs = 5000 } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  // Random from 0: clients dropped together spread over the whole window instead of returning as a herd.
  return ceiling; // the same delay for every client
}

export interface RetryOptions extends BackoffOptions {
  /** Give up after this many failed attempts. Default 10. */
  maxAttempts?: number;
  /** Called for every message of the connection that finally succeeds. */
  onMessage?: (message: ServerMessage) => void;
  /** Called for every refused or failed attempt, with the close code (1006 when there was no connection). */
  onRefused?: (code: number) => void;
}

/**
 * Connects to `url` and resolves with the socket once the server has welcomed it. A close before the
 * welcome (1013 Try Again Later, 1001, or no connection at all) is retried after backoffDelay(attempt).
 */
export async function connectWithRetry(url: string, options: RetryOptions = {}): Promise<WebSocket> {
  const maxAttempts = options.maxAttempts ?? 10;
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await tryOnce(url, options.onMessage);
    if (outcome instanceof WebSocket) return outcome;
    options.onRefused?.(outcome);
    if (attempt + 1 >= maxAttempts) throw new Error(`No connection to ${url} after ${maxAttempts} attempts (last close code ${outcome}).`);
    await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, options)));
  }
}

/** One attempt: the welcomed socket, or the close code of the refusal. */
function tryOnce(url: string, onMessage?: (message: ServerMessage) => void): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    let welcomed = false;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (!welcomed && message.type === 'welcome') {
        welcomed = true;
        resolve(socket);
      }
      onMessage?.(message);
    });
    socket.on('error', () => {}); // the close that follows reports it
    socket.on('close', (code) => {
      if (!welcomed) resolve(code);
    });
  });
}

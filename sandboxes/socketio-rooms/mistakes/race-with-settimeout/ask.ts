import type { Socket } from 'socket.io-client';

/** No acknowledgement arrived in time while the connection was up. */
export class AckTimeoutError extends Error {
  override name = 'AckTimeoutError';
  readonly event: string;
  readonly ms: number;
  constructor(event: string, ms: number) {
    super(`The server did not acknowledge "${event}" within ${ms} ms. It may be slow or overloaded; retry if the request is safe to repeat, or tell the user.`);
    this.event = event;
    this.ms = ms;
  }
}

/** The connection was down, or went down, before the acknowledgement came. */
export class DisconnectedError extends Error {
  override name = 'DisconnectedError';
  readonly event: string;
  constructor(event: string) {
    super(`The connection was lost before the server acknowledged "${event}", so the server may or may not have handled it. Check its state after reconnecting before you retry.`);
    this.event = event;
  }
}

/**
 * Emits `event` with `payload` and resolves with the server's acknowledgement, or rejects with
 * AckTimeoutError / DisconnectedError when none comes within `ms` milliseconds.
 */
export async function askWithTimeout<Reply>(socket: Socket, event: string, payload: unknown, ms: number): Promise<Reply> {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`askWithTimeout("${event}") needs a timeout in milliseconds greater than 0, but got ${String(ms)}. Pass how long to wait for the acknowledgement, such as 2000.`);
  }
  try {
    // The client's own timer, rather than a Promise.race with setTimeout: when it fires it also removes the
    // request from socket.sendBuffer, where emits wait while the connection is down. A hand-made race would
    // reject, and then the buffered request would still be sent after the reconnection.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
    return (await Promise.race([socket.emitWithAck(event, payload), late]).finally(() => clearTimeout(timer))) as Reply;
  } catch (cause) {
    // socket.io-client rejects with a plain Error in two cases: the timer ran out, or the connection closed
    // while the request was on its way (no acknowledgement can come over a new connection). The state of the
    // socket tells them apart without matching the library's message text.
    const error = socket.connected ? new AckTimeoutError(event, ms) : new DisconnectedError(event);
    error.cause = cause;
    throw error;
  }
}

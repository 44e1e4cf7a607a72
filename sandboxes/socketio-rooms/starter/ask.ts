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
  // TODO: without a timeout this waits forever when the server never answers. Use the client's own timer:
  //       socket.timeout(ms).emitWithAck(event, payload) rejects after `ms`, and it also takes the request out
  //       of the send buffer if it was still waiting there for a reconnection, so it is never sent late.
  //       When it rejects, throw a DisconnectedError if the socket is not connected any more (socket.connected),
  //       else an AckTimeoutError.
  return (await socket.emitWithAck(event, payload)) as Reply;
}

// Shared by the specs: starts servers on port 0, connects real socket.io-client clients, and closes
// everything after each test. Nothing here depends on how your server or helper is written.
//
// The specs run their tests concurrently (describe.concurrent), so that tests that wait (for a delayed
// answer, for silence, or for an acknowledgement your code does not send yet) wait at the same time rather
// than one after another. So every test gets servers and clients of its own, from the `net` fixture,
// and nothing is shared between tests.
import { once } from 'node:events';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { test as baseTest } from 'vitest';

/** The servers and clients of one test, closed when that test ends. */
export class Net {
  readonly #servers: Server[] = [];
  readonly #clients: Socket[] = [];

  /** Listens on a free port and returns the URL; the server is shut down after the test. */
  async listen(httpServer: http.Server, io: Server): Promise<string> {
    this.#servers.push(io);
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  }

  /**
   * A new client, connected. forceNew gives every client its own connection (io() would otherwise share one
   * per URL); reconnection is off so a closed server does not leave clients retrying in the background.
   */
  async client(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<Socket> {
    const socket = connect(url, { forceNew: true, reconnection: false, ...options });
    this.#clients.push(socket);
    if (options.autoConnect === false) return socket;
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`The client could not connect to the server: ${error.message}`)));
    });
    await settleWithin(connected, 3000, 'The client did not connect within 3 s.');
    return socket;
  }

  async close(): Promise<void> {
    for (const socket of this.#clients.splice(0)) socket.disconnect();
    await Promise.all(this.#servers.splice(0).map((io) => io.close()));
  }
}

/** vitest's `test` with a `net` of the test's own, closed after it whatever the outcome. */
export const test = baseTest.extend<{ net: Net }>({
  // The empty pattern is how vitest learns that this fixture needs no other fixture.
  net: async ({}, use) => {
    const net = new Net();
    try {
      await use(net);
    } finally {
      await net.close();
    }
  },
});

/** Rejects with `explanation` when `promise` has not settled after `ms`: a hung test then fails fast and says why. */
export function settleWithin<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explanation)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** How long the specs wait for an acknowledgement that should come at once (loopback answers take a few ms). */
export const ACK_WAIT_MS = 500;

/** Emits with an acknowledgement and waits up to `waitMs` for it; the failure says which event went unanswered. */
export async function ask(socket: Socket, event: string, args: unknown[], waitMs = ACK_WAIT_MS): Promise<unknown> {
  try {
    return await socket.timeout(waitMs).emitWithAck(event, ...args);
  } catch {
    throw new Error(`The server did not acknowledge "${event}" (arguments ${JSON.stringify(args).slice(1, -1)}) within ${waitMs} ms. Every path through the "${event}" handler must call the acknowledgement callback.`);
  }
}

/** Everything `socket` receives as `event`, in order, from now on. */
export function collect<T = unknown>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (value: T) => received.push(value));
  return received;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms until it holds, or fails with `explanation` after `ms`. */
export async function waitFor(condition: () => boolean, ms: number, explanation: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation);
    await sleep(5);
  }
}

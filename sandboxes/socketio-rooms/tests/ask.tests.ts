// askWithTimeout is tested against a small server of the test's own, so these tests do not depend on
// your server.ts.
import http from 'node:http';
import { Server } from 'socket.io';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { describe } from 'vitest';
import { AckTimeoutError, askWithTimeout, DisconnectedError } from '../ask.ts';
import { settleWithin, sleep, test as netTest } from './harness.ts';

/** The test's echo server: how to connect to it, and every `echo` it received, answered or not. */
interface Echo {
  client(options?: Partial<ManagerOptions & SocketOptions>): Promise<Socket>;
  received: unknown[];
}

const test = netTest.extend<{ echo: Echo }>({
  echo: async ({ net }, use) => {
    const httpServer = http.createServer();
    const io = new Server(httpServer);
    const received: unknown[] = [];
    io.on('connection', (socket) => {
      // Answers { echo } after `delayMs`; never answers when delayMs is -1.
      socket.on('echo', (payload: { delayMs: number; value?: unknown }, ack: (reply: unknown) => void) => {
        received.push(payload);
        if (payload.delayMs >= 0) setTimeout(() => ack({ echo: payload.value }), payload.delayMs);
      });
      socket.on('hang-up', () => socket.disconnect());
    });
    const url = await net.listen(httpServer, io);
    // WebSocket from the start: askWithTimeout does not care about the transport, and skipping the
    // long-polling handshake and the upgrade makes each client quicker to connect.
    await use({ client: (options) => net.client(url, { transports: ['websocket'], ...options }), received });
  },
});

/** askWithTimeout must settle by itself soon after `ms`; this fails the test, with a hint, if it does not. */
function settled<T>(promise: Promise<T>, ms: number): Promise<T> {
  return settleWithin(promise, ms + 500, `askWithTimeout was given ${ms} ms but had not settled ${ms + 500} ms later. Pass the timeout to the client: socket.timeout(ms).emitWithAck(...).`);
}

describe.concurrent('askWithTimeout', () => {
  test('resolves with the acknowledgement when it comes in time (the starter already does: keep it so)', async ({ echo, expect }) => {
    const socket = await echo.client();
    expect(await settled(askWithTimeout(socket, 'echo', { delayMs: 20, value: 'pong' }, 500), 500)).toEqual({ echo: 'pong' });
  });

  test('rejects with AckTimeoutError after `ms` when the server is slower', async ({ echo, expect }) => {
    const socket = await echo.client();
    const started = performance.now();
    const error = await settled(askWithTimeout(socket, 'echo', { delayMs: 2000 }, 150), 150).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const elapsed = performance.now() - started;
    expect(error, 'A late server must make askWithTimeout reject with an AckTimeoutError.').toBeInstanceOf(AckTimeoutError);
    expect(elapsed, 'It rejects when the 150 ms are up, not when the server finally answers.').toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
    expect((error as AckTimeoutError).event).toBe('echo');
    expect((error as AckTimeoutError).ms).toBe(150);
    expect((error as Error).message).toMatchInlineSnapshot(`"The server did not acknowledge "echo" within 150 ms. It may be slow or overloaded; retry if the request is safe to repeat, or tell the user."`);
  });

  test('rejects with AckTimeoutError when the server never acknowledges at all', async ({ echo, expect }) => {
    const socket = await echo.client();
    await expect(settled(askWithTimeout(socket, 'echo', { delayMs: -1 }, 100), 100)).rejects.toBeInstanceOf(AckTimeoutError);
  });

  test('a late acknowledgement after the timeout is ignored, and the socket keeps working', async ({ echo, expect }) => {
    const socket = await echo.client();
    await expect(settled(askWithTimeout(socket, 'echo', { delayMs: 150, value: 'late' }, 50), 50)).rejects.toBeInstanceOf(AckTimeoutError);
    await sleep(200); // the late answer arrives now and must not disturb anything
    expect(await settled(askWithTimeout(socket, 'echo', { delayMs: 0, value: 'next' }, 500), 500)).toEqual({ echo: 'next' });
  });

  test('rejects with DisconnectedError as soon as the connection drops, without waiting for the timeout', async ({ echo, expect }) => {
    const socket = await echo.client();
    socket.emit('hang-up'); // the server disconnects this socket when it gets here
    const started = performance.now();
    await expect(settleWithin(askWithTimeout(socket, 'echo', { delayMs: -1 }, 3000), 1200, 'askWithTimeout was given 3000 ms, and the connection dropped at once, but it had not settled 1.2 s later: reject with DisconnectedError as soon as the connection is gone.'), 'No acknowledgement can come over a closed connection, so waiting 3 s would be pointless.').rejects.toBeInstanceOf(DisconnectedError);
    expect(performance.now() - started, 'Rejected on the disconnect, well before the 3 s timeout.').toBeLessThan(1500);
  });

  test('an ask made while disconnected waits in the send buffer and is sent once the client connects (the starter already does: keep it so)', async ({ echo, expect }) => {
    const socket = await echo.client({ autoConnect: false });
    const answer = askWithTimeout(socket, 'echo', { delayMs: 0, value: 'buffered' }, 2000);
    await sleep(50);
    expect(echo.received, 'Not connected yet: the emit waits in socket.sendBuffer.').toEqual([]);
    socket.connect();
    expect(await settled(answer, 2000), 'askWithTimeout must not reject just because the socket is not connected yet.').toEqual({ echo: 'buffered' });
  });

  test('an ask that timed out while disconnected is never sent later', async ({ echo, expect }) => {
    const socket = await echo.client({ autoConnect: false });
    await expect(settled(askWithTimeout(socket, 'echo', { delayMs: 0, value: 'stale' }, 100), 100)).rejects.toBeInstanceOf(Error);
    socket.connect();
    await settleWithin(new Promise<void>((resolve) => socket.once('connect', () => resolve())), 2000, 'The client did not connect.');
    await sleep(150);
    expect(echo.received, 'The caller was already told "no answer"; sending it now would do something nobody waits for. socket.timeout(ms) removes it from the send buffer, a hand-made timer does not.').toEqual([]);
  });

  test('refuses a timeout that is not a positive number (the starter already does: keep it so)', async ({ echo, expect }) => {
    const socket = await echo.client();
    await expect(askWithTimeout(socket, 'echo', {}, 0)).rejects.toThrowErrorMatchingInlineSnapshot(`[RangeError: askWithTimeout("echo") needs a timeout in milliseconds greater than 0, but got 0. Pass how long to wait for the acknowledgement, such as 2000.]`);
    await expect(askWithTimeout(socket, 'echo', {}, Number.NaN)).rejects.toBeInstanceOf(RangeError);
  });
});

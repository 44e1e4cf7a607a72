import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, test as baseTest, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startHeartbeat } from '../heartbeat.ts';

/**
 * The heartbeat interval in these tests. Short, so that the tests are quick, but not too short: a live
 * client's pong must reach the server before the next round, and on a busy machine a process can be left
 * waiting for the CPU for tens of milliseconds, long enough to make a live client look dead.
 */
const INTERVAL_MS = 100;

/** A WebSocket server of the test's own on a free port, the clients the test connects, and their cleanup. */
interface Server {
  wss: WebSocketServer;
  url: string;
  /** When each server-side socket closed, by order of connection. */
  serverSide: Array<{ connectedAt: number; closedAt?: number }>;
  /** Raw TCP sockets the test opened; destroyed after the test. */
  rawSockets: net.Socket[];
  connect(options?: { autoPong?: boolean }): Promise<{ socket: WebSocket; pings: number[]; closed: Promise<number> }>;
  /** Keeps a heartbeat's stop() so that the heartbeat ends with the test, and returns it. */
  started(stop: () => void): () => void;
}

// The tests run at the same time (describe.concurrent), so that their waits overlap; each gets a server of
// its own from this fixture.
const test = baseTest.extend<{ server: Server }>({
  // The empty pattern is how vitest learns that this fixture needs no other fixture.
  server: async ({}, use) => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const serverSide: Server['serverSide'] = [];
    wss.on('connection', (socket) => {
      const entry: { connectedAt: number; closedAt?: number } = { connectedAt: performance.now() };
      serverSide.push(entry);
      socket.on('error', () => {});
      socket.on('close', () => (entry.closedAt = performance.now()));
    });
    const clients: WebSocket[] = [];
    const rawSockets: net.Socket[] = [];
    const stops: Array<() => void> = [];
    try {
      await use({
        wss,
        url,
        serverSide,
        rawSockets,
        async connect(options = {}) {
          const socket = new WebSocket(url, options);
          clients.push(socket);
          socket.on('error', () => {});
          const pings: number[] = [];
          socket.on('ping', () => pings.push(performance.now()));
          const closed = once(socket, 'close').then(([code]) => code as number);
          await once(socket, 'open');
          return { socket, pings, closed };
        },
        started(stop) {
          stops.push(stop);
          return stop;
        },
      });
    } finally {
      for (const stop of stops) stop();
      for (const client of clients) client.terminate();
      for (const raw of rawSockets) raw.destroy();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    }
  },
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function within<T>(ms: number, promise: Promise<T>, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(explanation)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe.concurrent('the server heartbeat', () => {
  test('terminates a client that never answers pings, after one full interval and within a few', async ({ server: { wss, connect, started }, expect }) => {
    started(startHeartbeat(wss, { intervalMs: INTERVAL_MS }));
    const openedAt = performance.now();
    const dead = await connect({ autoPong: false });
    // Dropped one to two intervals after connecting; the rest of the wait is room for a busy machine.
    const code = await within(5 * INTERVAL_MS, dead.closed, `A client that ignores pings (autoPong: false) was still connected after ${5 * INTERVAL_MS} ms, with pings every ${INTERVAL_MS} ms. Terminate sockets that have not sent a pong since the previous ping.`);
    const elapsed = performance.now() - openedAt;
    expect(dead.pings.length, 'The server must ping the client before it gives up on it.').toBeGreaterThanOrEqual(1);
    expect(elapsed, `The client was dropped ${Math.round(elapsed)} ms after connecting: a new client must get a whole interval (${INTERVAL_MS} ms) to answer its first ping.`).toBeGreaterThanOrEqual(INTERVAL_MS - 10);
    expect(code, 'terminate() destroys the connection without a close frame, so the client sees 1006 (RFC 6455 §7.1.5).').toBe(1006);
    await within(INTERVAL_MS, (async () => {
      while (wss.clients.size > 0) await sleep(5);
    })(), 'The server still lists the dropped client.');
  });

  test('keeps a client that answers every ping, through many intervals (the starter, which drops nobody yet, passes: keep it so)', async ({ server: { wss, connect, started }, expect }) => {
    started(startHeartbeat(wss, { intervalMs: INTERVAL_MS }));
    const alive = await connect();
    await sleep(5 * INTERVAL_MS);
    expect(alive.socket.readyState, 'A client that answers pings with pongs (ws does it automatically) must stay connected.').toBe(WebSocket.OPEN);
    expect(alive.pings.length, `In ${5 * INTERVAL_MS} ms with pings every ${INTERVAL_MS} ms the client should have been pinged about 5 times.`).toBeGreaterThanOrEqual(3);
  });

  test('terminates a raw TCP peer that completed the handshake and then stopped reading', async ({ server: { wss, url, serverSide, rawSockets, started }, expect }) => {
    started(startHeartbeat(wss, { intervalMs: INTERVAL_MS }));
    const raw = net.connect(Number(new URL(url).port), '127.0.0.1');
    rawSockets.push(raw);
    raw.on('error', () => {});
    await once(raw, 'connect');
    raw.write(`GET / HTTP/1.1\r\nHost: ${new URL(url).host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const [response] = (await once(raw, 'data')) as [Buffer];
    expect(response.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    raw.pause(); // from now on it reads nothing and answers nothing: a frozen process, or a peer behind a dead link
    await within(
      5 * INTERVAL_MS,
      (async () => {
        while (serverSide[0]?.closedAt === undefined) await sleep(5);
      })(),
      'A peer that stopped reading never answers a ping, so the heartbeat must terminate it, but the server still holds its connection.',
    );
    expect(wss.clients.size).toBe(0);
  });

  test('also watches clients that were connected before the heartbeat started', async ({ server: { wss, connect, started }, expect }) => {
    const alive = await connect();
    const dead = await connect({ autoPong: false });
    started(startHeartbeat(wss, { intervalMs: INTERVAL_MS }));
    await within(5 * INTERVAL_MS, dead.closed, 'A client that was already connected when startHeartbeat ran, and never answers pings, was not terminated. Track the sockets already in wss.clients too.');
    await sleep(3 * INTERVAL_MS);
    expect(alive.socket.readyState, 'A healthy client that was already connected must not be dropped: give it the same grace period as a new one.').toBe(WebSocket.OPEN);
  });

  test('stops by itself when the server closes, without stop()', async ({ server: { wss }, expect }) => {
    // Watches the intervals started with setInterval while startHeartbeat runs, to see whether the
    // heartbeat's is cleared. Only during that call: the other tests, running at the same time, start
    // heartbeats of their own.
    const realSetInterval = globalThis.setInterval;
    const intervals: NodeJS.Timeout[] = [];
    const spy = vi.spyOn(globalThis, 'setInterval').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = realSetInterval(callback, ms);
      intervals.push(timer);
      return timer;
    }) as typeof setInterval);
    try {
      startHeartbeat(wss, { intervalMs: INTERVAL_MS }); // stop() is never called in this test
    } finally {
      spy.mockRestore();
    }
    expect(intervals.length, 'The heartbeat should ping every intervalMs with setInterval.').toBeGreaterThanOrEqual(1);
    wss.close();
    await once(wss, 'close');
    await sleep(10);
    const running = intervals.filter((timer) => !(timer as unknown as { _destroyed: boolean })._destroyed).length;
    expect(running, 'The server closed, but the heartbeat interval still runs, and keeps the server object alive with it: stop it on the server\'s "close" event (wss.on("close", stop)).').toBe(0);
  });

  test('stop() ends the pinging (the starter, which pings nobody yet, passes: keep it so)', async ({ server: { wss, connect, started }, expect }) => {
    const stop = started(startHeartbeat(wss, { intervalMs: INTERVAL_MS }));
    const alive = await connect();
    await sleep(2.5 * INTERVAL_MS);
    stop();
    // A ping sent just before stop() may still be on its way. The server answers this client's own ping
    // after everything it sent before, so once the pong is back, every ping sent before stop() has arrived.
    alive.socket.ping();
    await Promise.race([once(alive.socket, 'pong'), alive.closed]);
    const pingsAtStop = alive.pings.length;
    await sleep(3 * INTERVAL_MS);
    expect(alive.pings.length, 'No ping may be sent after stop().').toBe(pingsAtStop);
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test as baseTest } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { backoffDelay, connectWithRetry, type ReconnectingClient } from '../reconnect.ts';

const BACKOFF = { baseMs: 100, capMs: 3000 };
const ceiling = (attempt: number): number => Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** attempt);

type Policy = 'refuse' | 'accept-then-drop' | 'accept';

/**
 * A real WebSocket server that decides per connection attempt what happens: 'refuse' destroys the TCP
 * connection during the handshake, 'accept-then-drop' completes it and terminates at once, 'accept' keeps it.
 */
async function serve(policyOf: (attempt: number) => Policy, port = 0) {
  const wss = new WebSocketServer({ noServer: true });
  const accepted: WebSocket[] = [];
  let attempts = 0;
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    const policy = policyOf(attempts);
    attempts += 1;
    socket.on('error', () => {});
    if (policy === 'refuse') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      if (policy === 'accept-then-drop') return ws.terminate();
      accepted.push(ws);
      ws.send(`hello from port ${(server.address() as AddressInfo).port}`);
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    attempts: () => attempts,
    accepted,
    /** Stops the server the hard way, like a crash: every connection is cut. */
    crash: async () => {
      for (const ws of accepted) ws.terminate();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A schedule() that records each requested wait and then retries almost at once, so tests stay fast. */
function recordingSchedule() {
  const delays: number[] = [];
  let cancels = 0;
  const schedule = (callback: () => void, delayMs: number): (() => void) => {
    delays.push(delayMs);
    const timer = setTimeout(callback, 1);
    return () => {
      cancels += 1;
      clearTimeout(timer);
    };
  };
  return { delays, schedule, cancels: () => cancels };
}

/** Servers and reconnecting clients of one test, closed when it ends. */
interface Own {
  startServer: typeof serve;
  start(options: Parameters<typeof connectWithRetry>[0]): ReconnectingClient;
}

// The connectWithRetry tests run at the same time (describe.concurrent), so that their waits overlap;
// each has servers and clients of its own from this fixture.
const test = baseTest.extend<{ own: Own }>({
  // The empty pattern is how vitest learns that this fixture needs no other fixture.
  own: async ({}, use) => {
    const servers: http.Server[] = [];
    const reconnecting: ReconnectingClient[] = [];
    try {
      await use({
        async startServer(policyOf, port) {
          const started = await serve(policyOf, port);
          servers.push(started.server);
          return started;
        },
        start(options) {
          const client = connectWithRetry(options);
          reconnecting.push(client);
          return client;
        },
      });
    } finally {
      for (const client of reconnecting) client.close();
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    }
  },
});

async function waitFor(what: string, condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rounded = (values: readonly number[]): string => `[${values.map((value) => Math.round(value)).join(', ')}]`;

describe('backoffDelay: exponential backoff with full jitter', () => {
  test('is random() × min(cap, base × 2^attempt)', ({ expect }) => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const got = Array.from({ length: 9 }, (_, attempt) => backoffDelay(attempt, BACKOFF, () => r));
      const want = got.map((_, attempt) => r * ceiling(attempt));
      got.forEach((delay, attempt) => {
        expect(Math.abs(delay - (want[attempt] as number)), `With random() = ${r}, base 100 and cap 3000, attempts 0–8 should wait ${rounded(want)} ms, but got ${rounded(got)}.`).toBeLessThanOrEqual(1);
      });
    }
  });

  test('never exceeds the cap, even after thousands of attempts', ({ expect }) => {
    for (const attempt of [31, 32, 40, 64, 1100, 5000]) {
      const delay = backoffDelay(attempt, BACKOFF, () => 0.5);
      expect(Math.abs(delay - 1500), `Attempt ${attempt} with random() = 0.5 should wait 0.5 × cap = 1500 ms, but got ${delay}. (1 << attempt overflows; 2 ** attempt grows to Infinity, which min() caps.)`).toBeLessThanOrEqual(1);
    }
  });

  test('uses Math.random when no random function is given', ({ expect }) => {
    const delays = Array.from({ length: 50 }, () => backoffDelay(3, BACKOFF));
    expect(delays.every((delay) => delay >= 0 && delay < 800), `Attempt 3 must wait between 0 and 800 ms, but got ${rounded(delays)}.`).toBe(true);
    expect(new Set(delays).size, 'Fifty delays should be spread over [0, 800) ms, not all the same: that spread is what the jitter is for.').toBeGreaterThan(10);
  });
});

describe.concurrent('connectWithRetry', () => {
  test('waits longer after each failed attempt, by the full-jitter formula', async ({ own: { startServer, start }, expect }) => {
    const server = await startServer(() => 'refuse');
    const randoms = [0.5, 0.1, 0.9, 0.3, 0.7, 0.2];
    let next = 0;
    const { delays, schedule } = recordingSchedule();
    start({ url: server.url, ...BACKOFF, random: () => randoms[next++ % randoms.length] as number, schedule });
    await waitFor('six refused attempts to be followed by six scheduled retries', () => delays.length >= 6);
    const want = randoms.map((r, attempt) => r * ceiling(attempt));
    delays.slice(0, 6).forEach((delay, attempt) => {
      expect(Math.abs(delay - (want[attempt] as number)), `random() returned ${randoms.join(', ')}; the waits should be ${rounded(want)} ms but were ${rounded(delays.slice(0, 6))}.`).toBeLessThanOrEqual(1);
    });
  });

  test('keeps backing off when each connection drops right after opening', async ({ own: { startServer, start }, expect }) => {
    const server = await startServer(() => 'accept-then-drop');
    const { delays, schedule } = recordingSchedule();
    start({ url: server.url, ...BACKOFF, stableMs: 1000, random: () => 0.5, now: () => 0, schedule });
    await waitFor('five connections that open and drop at once', () => delays.length >= 5);
    expect(
      delays.slice(0, 5).map(Math.round),
      'Opening is no proof of health: a server that accepts and drops at once (a crash loop, a failing auth check) must see growing waits, so do not reset the backoff on open.',
    ).toEqual([50, 100, 200, 400, 800]);
  });

  test('starts the backoff over after a connection that stayed open for stableMs', async ({ own: { startServer, start }, expect }) => {
    // Attempts 0–2 are refused, attempt 3 is accepted and kept, later ones are refused again.
    const server = await startServer((attempt) => (attempt === 3 ? 'accept' : 'refuse'));
    const { delays, schedule } = recordingSchedule();
    let clock = 0;
    let opened = 0;
    start({ url: server.url, ...BACKOFF, stableMs: 1000, random: () => 0.5, now: () => clock, schedule, onOpen: () => (opened += 1) });
    await waitFor('the fourth attempt to connect', () => opened === 1);
    expect(delays.map(Math.round), 'Three refused attempts: waits of 0.5 × 100, 200 and 400 ms.').toEqual([50, 100, 200]);
    clock += 1000; // the connection has now been up for stableMs
    server.accepted[0]?.terminate();
    await waitFor('two more retries after the connection dropped', () => delays.length >= 5);
    expect(delays.slice(3, 5).map(Math.round), `All waits were ${rounded(delays)} ms. After a connection that lasted stableMs, the next wait starts again from base (0.5 × 100 = 50 ms), then grows again (100 ms).`).toEqual([50, 100]);
  });

  test('reconnects to a server that restarts, and messages flow again (the starter already does: keep it so)', async ({ own: { startServer, start }, expect }) => {
    let received: string[] = [];
    const first = await startServer(() => 'accept');
    const client = start({ url: first.url, baseMs: 20, capMs: 200, onMessage: (text) => received.push(text) });
    await waitFor('the greeting of the first server', () => received.length === 1);
    expect(client.send('are you there?'), 'send() returns true while the connection is open.').toBe(true);
    await first.crash();
    await waitFor('send() to return false while the server is down', () => client.send('anyone?') === false, 1000);
    await sleep(300); // a few refused attempts while the port is closed
    received = [];
    const second = await startServer(() => 'accept', first.port);
    await waitFor('the greeting of the restarted server on the same port', () => received.length === 1);
    expect(received).toEqual([`hello from port ${first.port}`]);
    expect(second.attempts(), 'One successful connection to the restarted server is enough.').toBe(1);
  });

  test('close() stops for good: the pending retry is cancelled and no connection follows', async ({ own: { startServer }, expect }) => {
    const server = await startServer(() => 'refuse');
    const pending: Array<() => void> = [];
    let cancelled = 0;
    // This schedule never fires on its own: the test holds the retry in its hand.
    const schedule = (callback: () => void): (() => void) => {
      pending.push(callback);
      return () => (cancelled += 1);
    };
    const client = connectWithRetry({ url: server.url, ...BACKOFF, schedule });
    await waitFor('the first retry to be scheduled', () => pending.length === 1);
    client.close();
    expect(cancelled, 'close() must cancel the retry that is waiting.').toBe(1);
    const attempts = server.attempts();
    await sleep(200);
    expect(server.attempts(), 'No connection attempt may start after close().').toBe(attempts);
  });

  test('close() on an open connection closes it with 1000 and does not reconnect', async ({ own: { startServer }, expect }) => {
    const server = await startServer(() => 'accept');
    let opened = 0;
    const client = connectWithRetry({ url: server.url, baseMs: 10, capMs: 50, onOpen: () => (opened += 1) });
    await waitFor('the connection to open', () => opened === 1);
    const closed = once(server.accepted[0] as WebSocket, 'close');
    client.close();
    const [code] = (await closed) as [number];
    expect(code, 'close() ends the connection normally: code 1000.').toBe(1000);
    await sleep(200);
    expect(server.attempts(), 'A client closed on purpose must not reconnect.').toBe(1);
  });
});

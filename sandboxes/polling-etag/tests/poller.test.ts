import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createPoller, type Poller } from '../poller.ts';

interface Seen {
  at: number;
  ifNoneMatch: string | undefined;
}

type Respond = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void;

const servers: http.Server[] = [];
const pollers: Poller[] = [];

afterEach(() => {
  for (const poller of pollers.splice(0)) poller.stop();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A test server that records when each request came and what If-None-Match it carried. */
async function startServer(respond: Respond): Promise<{ url: string; seen: Seen[]; inFlightMax: () => number }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  const server = http.createServer((req, res) => {
    seen.push({ at: performance.now(), ifNoneMatch: req.headers['if-none-match'] });
    inFlight += 1;
    inFlightMax = Math.max(inFlightMax, inFlight);
    res.on('close', () => (inFlight -= 1));
    respond(req, res, seen.length - 1);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`, seen, inFlightMax: () => inFlightMax };
}

function start(options: Parameters<typeof createPoller>[0]): Poller {
  const poller = createPoller(options);
  pollers.push(poller);
  return poller;
}

async function waitFor(condition: () => boolean, timeoutMs: number, explanation: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const gaps = (seen: readonly Seen[]): number[] => seen.slice(1).map((entry, i) => entry.at - (seen[i] as Seen).at);
const rounded = (values: readonly number[]): string => values.map((value) => Math.round(value)).join(', ');

/** Answers like a real conditional server: 304 when If-None-Match is the current tag. */
function versioned(state: { version: number }): Respond {
  return (req, res) => {
    const etag = `"v${state.version}"`;
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { etag }).end(`body ${state.version}`);
  };
}

const failWith503: Respond = (_req, res) => res.writeHead(503).end('try later');

describe('the poller asks conditionally', () => {
  test('sends If-None-Match with the last ETag, counts 304s, and calls onChange only for the 200', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 15, onChange: (body) => changes.push(body) });
    await waitFor(() => poller.stats.notModified >= 4, 1500, `After 1.5 s the poller has counted ${poller.stats.notModified} 304 answers; it should send If-None-Match with the ETag of the last 200 and count each 304 in stats.notModified.`);
    expect(server.seen[0]?.ifNoneMatch, 'The first poll has no ETag to send yet.').toBeUndefined();
    expect(server.seen.slice(1, 5).map((entry) => entry.ifNoneMatch), 'Every later poll sends the ETag it got.').toEqual(['"v1"', '"v1"', '"v1"', '"v1"']);
    expect(changes, 'onChange runs for the one 200 answer, never for a 304.').toEqual(['body 1']);
    expect(poller.stats.changed).toBe(1);
  });

  test('calls onChange with the new body when the resource changes, then sends the new ETag', async () => {
    const state = { version: 1 };
    const server = await startServer(versioned(state));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 15, onChange: (body) => changes.push(body) });
    await waitFor(() => poller.stats.notModified >= 2, 1500, 'The poller never counted two 304 answers.');
    state.version = 2;
    await waitFor(() => changes.length >= 2, 3000, `After the change, onChange got ${JSON.stringify(changes)}; it should also get "body 2".`);
    const countAfterChange = server.seen.length;
    await waitFor(() => server.seen.length >= countAfterChange + 2, 3000, 'The poller stopped polling after the change.');
    expect(changes).toEqual(['body 1', 'body 2']);
    expect(server.seen.at(-1)?.ifNoneMatch, 'After the change, polls carry the new ETag.').toBe('"v2"');
    expect(poller.stats.changed).toBe(2);
  });
});

describe('the poller is gentle with the server', () => {
  test('never has two polls in flight: the next poll waits for the previous answer', async () => {
    const server = await startServer((req, res) => setTimeout(() => res.writeHead(200, { etag: '"x"' }).end('slow'), 60));
    start({ url: server.url, intervalMs: 5, onChange: () => {} });
    await waitFor(() => server.seen.length >= 4, 3000, 'The poller did not make 4 requests within 3 s.');
    expect(server.inFlightMax(), 'Answers take 60 ms but the interval is 5 ms: start the next poll only after the previous one finished (setTimeout, not setInterval).').toBe(1);
  });

  test('backs off after 5xx answers: each wait is twice the one before', async () => {
    const server = await startServer(failWith503);
    const poller = start({ url: server.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 5, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Timers never fire early, so lower bounds hold on a busy machine too (2 ms of slack for rounding).
    [20, 40, 80, 160].forEach((expected, i) => {
      expect(waits[i], `Waits between polls were ${rounded(waits)} ms; after failure ${i + 1} the wait should be intervalMs × 2^${i + 1} = ${expected} ms.`).toBeGreaterThanOrEqual(expected - 2);
    });
    expect(poller.stats.failures).toBeGreaterThanOrEqual(4);
  });

  test('caps the wait at maxBackoffMs', async () => {
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 10, maxBackoffMs: 60, onChange: () => {} });
    await waitFor(() => server.seen.length >= 8, 5000, `Only ${server.seen.length} requests arrived in 5 s: the wait should stop growing at maxBackoffMs (60 ms).`);
    const waits = gaps(server.seen);
    // Uncapped, the 6th and 7th waits would be 640 and 1280 ms; capped, they are 60 ms.
    for (const wait of waits.slice(5, 7)) {
      expect(wait, `Waits between polls were ${rounded(waits)} ms; none may grow beyond maxBackoffMs (60 ms) by more than scheduling noise.`).toBeLessThan(400);
      expect(wait, `Waits between polls were ${rounded(waits)} ms; once the doubled wait passes maxBackoffMs, every wait is maxBackoffMs (60 ms).`).toBeGreaterThanOrEqual(58);
    }
  });

  test('goes back to the normal interval after one success', async () => {
    const server = await startServer((req, res, index) => (index < 4 ? failWith503(req, res, index) : res.writeHead(200, { etag: '"ok"' }).end('fine')));
    const poller = start({ url: server.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 7, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Requests 0–3 fail (waits 20, 40, 80, 160 ms); request 4 succeeds, so the waits after it are 10 ms again.
    // Without the reset they would stay at 160 ms or more.
    expect(waits[4], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (10 ms).`).toBeLessThan(120);
    expect(waits[5], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (10 ms).`).toBeLessThan(120);
    expect(poller.stats.failures).toBe(4);
  });

  test('treats network errors like 5xx: it keeps going, but backs off', async () => {
    // Take a port, then free it: connecting to it is refused.
    const server = await startServer(failWith503);
    const { url } = server;
    const closed = servers.pop() as http.Server;
    closed.close();
    await once(closed, 'close');
    const poller = start({ url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // With backoff the attempts come at 0, 20, 60, 140 ms (and 300): about 4. Without it: about 25.
    expect(poller.stats.failures, 'Refused connections count as failures.').toBeGreaterThanOrEqual(2);
    expect(poller.stats.failures, `${poller.stats.failures} attempts in 250 ms: a refused connection must double the wait just like a 5xx answer.`).toBeLessThanOrEqual(6);
  });

  test('stop() ends the polling', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const poller = start({ url: server.url, intervalMs: 10, onChange: () => {} });
    await waitFor(() => server.seen.length >= 3, 3000, 'The poller did not make 3 requests within 3 s.');
    poller.stop();
    const count = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.seen.length, 'No request may start after stop().').toBe(count);
  });
});

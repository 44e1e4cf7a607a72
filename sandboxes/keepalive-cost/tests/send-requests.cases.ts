import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { sendRequests } from '../send-requests.ts';

interface CountingServer {
  url: string;
  server: http.Server;
  /** TCP connections accepted ('connection' events). */
  connections: number;
  requests: number;
  /** The most requests the server was handling at the same moment. */
  maxConcurrent: number;
}

// Closed after all, not after each: most tests run concurrently, each with a server of its own.
const servers: http.Server[] = [];

afterAll(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** `delayMs` is how long each answer takes, or a function of the request's index (0-based). */
async function startServer(delayMs: number | ((index: number) => number) = 0): Promise<CountingServer> {
  let active = 0;
  const server = http.createServer((_req, res) => {
    const wait = typeof delayMs === 'number' ? delayMs : delayMs(state.requests);
    state.requests += 1;
    active += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, active);
    setTimeout(() => {
      active -= 1;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }, wait);
  });
  const state: CountingServer = { url: '', server, connections: 0, requests: 0, maxConcurrent: 0 };
  server.on('connection', () => (state.connections += 1));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return state;
}

async function openConnections(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

describe.concurrent('sendRequests reuses a connection only when asked to', () => {
  // Node's global agent already keeps connections alive, so the starter passes this one: it guards your own agent.
  test('keepAlive: true sends 20 sequential requests over one TCP connection (the starter already does: keep it so)', async () => {
    const counter = await startServer();
    const result = await sendRequests(counter.url, 20, { keepAlive: true });
    expect(result.requests).toBe(20);
    expect(counter.requests, 'The server should have answered all 20 requests.').toBe(20);
    expect(counter.connections, 'With keep-alive every request reuses the first connection.').toBe(1);
  });

  test('keepAlive: false opens a new TCP connection for every request', async () => {
    const counter = await startServer();
    const result = await sendRequests(counter.url, 20, { keepAlive: false });
    expect(result.requests).toBe(20);
    expect(counter.requests).toBe(20);
    expect(counter.connections, 'Without keep-alive each request needs its own connection: pass an http.Agent with keepAlive: false (Node\'s default agent keeps connections alive).').toBe(20);
  });

  test('sends the requests one after another, never two at once (the starter already does: keep it so)', async () => {
    const counter = await startServer(5);
    await sendRequests(counter.url, 8, { keepAlive: true });
    await sendRequests(counter.url, 8, { keepAlive: false });
    expect(counter.maxConcurrent, 'Each request starts after the previous response has ended.').toBe(1);
  });

  test('closes its kept-alive connection when it is done', async () => {
    const counter = await startServer();
    await sendRequests(counter.url, 5, { keepAlive: true });
    const deadline = performance.now() + 500;
    while ((await openConnections(counter.server)) > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await openConnections(counter.server), 'Half a second after sendRequests resolved the server still had an open connection: call agent.destroy() when done.').toBe(0);
  });
});

// Not concurrent: the other tests' work on this thread would lengthen a wrong measurement past the floor.
describe('sendRequests measures real time', () => {
  test('totalMs covers every request, and perRequestMs is totalMs / requests', async () => {
    // The first and the last answer take 80 ms, the four between 5 ms: at least 180 ms in all. A measurement
    // that leaves out the first or the last request lands near 100 ms, far below the floor whatever the load.
    const counter = await startServer((index) => (index === 0 || index === 5 ? 80 : 5));
    const started = performance.now();
    const result = await sendRequests(counter.url, 6, { keepAlive: false });
    const wallMs = performance.now() - started;
    expect(result.totalMs, `The six answers take at least 80 + 4 × 5 + 80 = 180 ms, the first and the last 80 ms each; totalMs was ${result.totalMs}. Start the clock before the first request and stop it after the last response.`).toBeGreaterThanOrEqual(178);
    expect(result.totalMs, `totalMs (${result.totalMs}) cannot be longer than the ${wallMs.toFixed(1)} ms the call took.`).toBeLessThanOrEqual(wallMs + 1);
    expect(result.perRequestMs).toBeCloseTo(result.totalMs / 6, 6);
  });

  test('rejects a count that is not a whole number of at least 1', async () => {
    const counter = await startServer();
    for (const count of [0, -3, 2.5, Number.NaN]) {
      await expect(sendRequests(counter.url, count, { keepAlive: true }), `count ${count} makes no sense: reject it with a RangeError.`).rejects.toThrow(RangeError);
    }
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startLongPolling, type LongPollClient } from '../client.ts';
import { createMessageServer, type Message } from '../server.ts';

const clients: LongPollClient[] = [];
const servers: http.Server[] = [];
/**
 * Connections that carried a request and are still open, so a test can tell when the server has seen
 * its clients hang up. (Only those: fetch may open a spare connection it never sends anything on.)
 */
const serverSockets = new Set<Socket>();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  serverSockets.clear();
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  server.on('request', (req: http.IncomingMessage) => {
    const socket = req.socket;
    if (socket.destroyed || serverSockets.has(socket)) return;
    serverSockets.add(socket);
    socket.once('close', () => serverSockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function start(options: Parameters<typeof startLongPolling>[0]): LongPollClient {
  const client = startLongPolling(options);
  clients.push(client);
  return client;
}

async function waitFor(condition: () => boolean, timeoutMs: number, explanation: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Waits until count() reaches goal, failing as soon as it stops growing for idleMs: a stalled flow fails
 * at once instead of waiting out a long deadline, and a slow but moving one is not cut short.
 */
async function waitForProgress(count: () => number, goal: number, idleMs: number, explanation: () => string): Promise<void> {
  let seen = count();
  let movedAt = performance.now();
  while (count() < goal) {
    if (count() !== seen) {
      seen = count();
      movedAt = performance.now();
    } else if (performance.now() - movedAt > idleMs) throw new Error(explanation());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A scripted server for situations the real one never creates (proxy errors, repeated messages). */
async function scripted(answer: (index: number, res: http.ServerResponse) => void): Promise<{ baseUrl: string; requests: Array<{ url: string; at: number }> }> {
  const requests: Array<{ url: string; at: number }> = [];
  const baseUrl = await listen(http.createServer((req, res) => answer(requests.push({ url: req.url ?? '', at: performance.now() }) - 1, res)));
  return { baseUrl, requests };
}

const json = (res: http.ServerResponse, messages: Message[]): void => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages }));
};

describe('the client never loses or repeats a message', () => {
  test('receives every message exactly once, in order, even when bursts arrive between polls', async () => {
    const app = createMessageServer({ holdMs: 5000 });
    const baseUrl = await listen(app.server);
    const total = 16;
    let published = 0;
    const publishNext = (): void => {
      published += 1;
      app.publish(`message ${published}`);
    };
    // Each time the server finishes an answer, publish a burst of three at once: they land while the
    // client is reading that answer, before its next poll can reach the server.
    app.server.on('request', (_req, res) => {
      res.on('finish', () => {
        if (res.statusCode !== 200) return;
        for (let i = 0; i < 3 && published < total; i += 1) publishNext();
      });
    });
    const received: Message[] = [];
    start({ baseUrl, onMessage: (message) => received.push(message) });
    await waitFor(() => app.pendingCount() === 1, 2000, () => 'The client never made a poll that the server held.');
    publishNext();
    await waitForProgress(
      () => received.length,
      total,
      400,
      () => `The client had received ids [${received.map((m) => m.id).join(', ')}] of 1–${total} and got nothing more for 0.4 s: send ?after=<last id> with every poll so messages published between polls are not lost.`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((message) => message.id), 'Every id from 1 to 16, each once, in order.').toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  test('starts after the cursor it is given', async () => {
    const app = createMessageServer({ holdMs: 5000 });
    const baseUrl = await listen(app.server);
    for (let i = 1; i <= 8; i += 1) app.publish(`message ${i}`);
    const received: number[] = [];
    const client = start({ baseUrl, after: 5, onMessage: (message) => received.push(message.id) });
    const explanation = (): string => `With after: 5 the client should get 6, 7 and 8; it got [${received.join(', ')}].`;
    // 6, 7 and 8 are in the log, so the first poll is answered at once; one the server holds got nothing.
    await waitFor(() => received.length >= 3 || app.pendingCount() > 0, 1200, explanation);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received, explanation()).toEqual([6, 7, 8]);
    expect(client.lastId).toBe(8);
  });

  test('skips messages it already has when an answer repeats them', async () => {
    const server = await scripted((index, res) => {
      if (index === 0) json(res, [{ id: 1, text: 'a' }, { id: 2, text: 'b' }]);
      else if (index === 1) json(res, [{ id: 2, text: 'b' }, { id: 3, text: 'c' }]);
      else setTimeout(() => res.writeHead(204).end(), 100);
    });
    const received: number[] = [];
    start({ baseUrl: server.baseUrl, onMessage: (message) => received.push(message.id) });
    await waitFor(() => server.requests.length >= 3, 2000, () => 'The client stopped polling.');
    expect(received, 'Message 2 came twice; deliver it once.').toEqual([1, 2, 3]);
    expect(server.requests.map((request) => request.url).slice(0, 3), 'Each poll carries the id of the last message received.').toEqual([
      '/messages?after=0',
      '/messages?after=2',
      '/messages?after=3',
    ]);
  });
});

describe('the client copes with errors', () => {
  test('asks again at once after a 504 that came after a long hold (a proxy gave up on it)', async () => {
    let gatewayTimeoutSent = false;
    const server = await scripted((index, res) => {
      if (index === 0) {
        setTimeout(() => {
          res.writeHead(504).end('Gateway Timeout');
          gatewayTimeoutSent = true;
        }, 100);
      } else if (index === 1) json(res, [{ id: 1, text: 'after the timeout' }]);
      else setTimeout(() => res.writeHead(204).end(), 200);
    });
    const received: string[] = [];
    start({ baseUrl: server.baseUrl, retryDelayMs: 2000, slowGatewayMs: 50, onMessage: (message) => received.push(message.text) });
    await waitFor(() => gatewayTimeoutSent, 1000, () => 'The client never made a first poll.');
    await waitFor(() => server.requests.length >= 2, 300, () => 'A 504 came after the poll had been held 100 ms (slowGatewayMs is 50), and the client did not poll again within 0.3 s: that 504 is a proxy\'s timeout, retry it at once.');
    const gap = (server.requests[1]?.at ?? NaN) - (server.requests[0]?.at ?? NaN);
    expect(gap, 'A 504 after a long hold is a proxy timeout, not a server fault: retry without waiting.').toBeLessThan(100 + 300);
    await waitFor(() => received.length === 1, 1000, () => 'The message after the 504 never reached onMessage.');
    expect(received).toEqual(['after the timeout']);
  });

  test('backs off after a 502 or 504 that comes at once (the backend is down)', async () => {
    const server = await scripted((index, res) => {
      if (index === 0) res.writeHead(502).end('Bad Gateway');
      else if (index === 1) res.writeHead(504).end('Gateway Timeout');
      else setTimeout(() => res.writeHead(204).end(), 200);
    });
    start({ baseUrl: server.baseUrl, retryDelayMs: 50, slowGatewayMs: 1000, onMessage: () => {} });
    await waitFor(() => server.requests.length >= 3, 2000, () => 'After two instant gateway errors the client stopped polling.');
    const gaps = [1, 2].map((i) => (server.requests[i]?.at ?? NaN) - (server.requests[i - 1]?.at ?? NaN));
    expect(gaps[0], `The 502 came within moments, and the client asked again after ${Math.round(gaps[0]!)} ms: an instant 502 means the backend is down, so wait retryDelayMs (50 ms) before the next poll.`).toBeGreaterThanOrEqual(48);
    expect(gaps[1], `A second instant gateway error in a row: the wait doubles to 100 ms, but the client waited ${Math.round(gaps[1]!)} ms.`).toBeGreaterThanOrEqual(98);
  });

  test('asks again at once after a 204, however many come in a row (the starter already does: keep it so)', async () => {
    const server = await scripted((_index, res) => setTimeout(() => res.writeHead(204).end(), 15));
    start({ baseUrl: server.baseUrl, retryDelayMs: 500, onMessage: () => {} });
    await waitFor(() => server.requests.length >= 6, 1500, () => `Only ${server.requests.length} polls in 1.5 s while every hold ended in 204.`);
    const gaps = server.requests.slice(1, 6).map((request, i) => request.at - server.requests[i]!.at);
    expect(Math.max(...gaps), `The gaps between polls were ${gaps.map(Math.round).join(', ')} ms with holds of 15 ms: a 204 means "nothing new yet", not an error; backing off on it slows a quiet feed to one poll per backoff.`).toBeLessThan(250);
  });

  test('backs off, doubling the wait, while the server keeps failing', async () => {
    const server = await scripted((_index, res) => res.writeHead(500).end('broken'));
    start({ baseUrl: server.baseUrl, retryDelayMs: 20, onMessage: () => {} });
    await waitFor(() => server.requests.length >= 4, 1500, () => 'The client gave up instead of retrying.');
    // Doubling waits put the first four requests at 0, 20, 60 and 140 ms; a fixed wait puts them 20 ms apart.
    const gaps = [1, 2, 3].map((i) => server.requests[i]!.at - server.requests[i - 1]!.at);
    expect(
      gaps.every((gap, i) => gap >= 20 * 2 ** i - 2),
      `The client waited ${gaps.map(Math.round).join(', ')} ms between failed requests: after each error in a row, double the wait (20, 40, 80 … ms).`,
    ).toBe(true);
  });

  test('stop() aborts the held poll, and the server forgets it', async () => {
    const app = createMessageServer({ holdMs: 10_000 });
    const baseUrl = await listen(app.server);
    const client = startLongPolling({ baseUrl, onMessage: () => {} });
    await waitFor(() => app.pendingCount() === 1, 2000, () => 'The client never made a poll that the server held.');
    const stopped = performance.now();
    await client.stop();
    expect(performance.now() - stopped, 'stop() resolves as soon as the held request is aborted.').toBeLessThan(1000);
    const explanation = (): string => `The client stopped, but the server still holds ${app.pendingCount()} request(s).`;
    await waitFor(() => serverSockets.size === 0, 1000, explanation);
    // The server has seen the connection close, so a server that listens for req 'close' forgets the poll within moments.
    await waitFor(() => app.pendingCount() === 0, 100, explanation);
  });
});

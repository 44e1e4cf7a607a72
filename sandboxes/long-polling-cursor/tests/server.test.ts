import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createMessageServer, type Message, type MessageServer } from '../server.ts';

let app: MessageServer | undefined;
let baseUrl = '';
const openRequests = new Set<http.ClientRequest>();
/**
 * Connections that carried a request and are still open, so a test can tell when the server has seen
 * its clients hang up. (Only those: fetch may open a spare connection it never sends anything on.)
 */
const serverSockets = new Set<Socket>();

async function start(holdMs: number): Promise<MessageServer> {
  app = createMessageServer({ holdMs });
  app.server.on('request', (req: http.IncomingMessage) => {
    const socket = req.socket;
    if (socket.destroyed || serverSockets.has(socket)) return;
    serverSockets.add(socket);
    socket.once('close', () => serverSockets.delete(socket));
  });
  app.server.listen(0, '127.0.0.1');
  await once(app.server, 'listening');
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return app;
}

afterEach(() => {
  for (const request of openRequests) request.destroy();
  openRequests.clear();
  serverSockets.clear();
  app?.server.closeAllConnections();
  app?.server.close();
  app = undefined;
});

interface Answer {
  status: number;
  messages?: Message[];
  text: string;
  ms: number;
}

async function poll(after: string | number | undefined, signal: AbortSignal): Promise<Answer> {
  const started = performance.now();
  const query = after === undefined ? '' : `?after=${after}`;
  const response = await fetch(`${baseUrl}/messages${query}`, { signal });
  const text = await response.text();
  const messages = response.status === 200 ? (JSON.parse(text) as { messages: Message[] }).messages : undefined;
  return { status: response.status, messages, text, ms: performance.now() - started };
}

/**
 * A poll that should be answered at once. Resolves undefined as soon as the server parks it instead
 * (pendingCount() goes up), so a server that holds it fails the test right away rather than after a timeout.
 */
async function pollAtOnce(server: MessageServer, after: string | number | undefined): Promise<Answer | undefined> {
  const before = server.pendingCount();
  const parked = new AbortController();
  const watch = setInterval(() => {
    if (server.pendingCount() > before) parked.abort();
  }, 5);
  try {
    return await poll(after, AbortSignal.any([parked.signal, AbortSignal.timeout(1000)]));
  } catch {
    return undefined;
  } finally {
    clearInterval(watch);
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number, explanation: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ids = (messages: readonly Message[] | undefined): number[] => (messages ?? []).map((message) => message.id);

describe('the server answers from its log at once when the client is behind', () => {
  test('answers every message newer than `after` without waiting', async () => {
    const server = await start(5000);
    for (const text of ['one', 'two', 'three']) server.publish(text);
    const answer = await pollAtOnce(server, 1);
    expect(answer, 'GET /messages?after=1 was held although messages 2 and 3 were in the log: answer at once when there is something newer.').toBeDefined();
    expect(answer?.status).toBe(200);
    expect(answer?.messages, 'The client has message 1, so it gets 2 and 3, in order.').toEqual([
      { id: 2, text: 'two' },
      { id: 3, text: 'three' },
    ]);
  });

  test('after=0, or no `after` at all, means the client has nothing yet', async () => {
    const server = await start(5000);
    server.publish('first');
    server.publish('second');
    expect(ids((await pollAtOnce(server, 0))?.messages), 'after=0 gets the whole log.').toEqual([1, 2]);
    expect(ids((await pollAtOnce(server, undefined))?.messages), 'No cursor gets the whole log too.').toEqual([1, 2]);
  });

  test('rejects a cursor that is not a whole number with 400 and a sentence saying why', async () => {
    const server = await start(5000);
    for (const bad of ['abc', '-1', '1.5', '']) {
      const answer = await pollAtOnce(server, bad);
      expect(answer?.status, `after=${JSON.stringify(bad)} is not the id of a message: answer 400 at once.`).toBe(400);
      expect(answer?.text.length, 'Say in the body what is wrong with the cursor.').toBeGreaterThan(10);
    }
  });
});

describe('the server holds requests while there is nothing new', () => {
  test('holds the request, then answers as soon as a message is published (the starter already does: keep it so)', async () => {
    const server = await start(5000);
    const answer = poll(0, AbortSignal.timeout(3000));
    await waitFor(() => server.pendingCount() === 1, 1000, 'pendingCount() should be 1 while the request is being held.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const published = performance.now();
    server.publish('goal!');
    const result = await answer;
    expect(result.status).toBe(200);
    expect(result.messages).toEqual([{ id: 1, text: 'goal!' }]);
    expect(result.ms, 'The request was held until the message came (at least the 50 ms the test waited).').toBeGreaterThanOrEqual(50);
    expect(performance.now() - published, 'The held request is answered right when the message is published.').toBeLessThan(500);
    expect(server.pendingCount(), 'An answered request is no longer pending.').toBe(0);
  });

  test('answers every waiting client when a message arrives (the starter already does: keep it so)', async () => {
    const server = await start(5000);
    const answers = [0, 1, 2].map(() => poll(0, AbortSignal.timeout(3000)));
    await waitFor(() => server.pendingCount() === 3, 1000, `pendingCount() is ${server.pendingCount()}, but three requests are waiting.`);
    server.publish('for everyone');
    for (const answer of await Promise.all(answers)) expect(answer.messages).toEqual([{ id: 1, text: 'for everyone' }]);
  });

  test('releases a held request with 204 and no body when holdMs passes (the starter already does: keep it so)', async () => {
    const server = await start(50);
    server.publish('old news');
    const result = await poll(1, AbortSignal.timeout(3000));
    expect(result.status, 'Nothing arrived during the hold, so the answer is 204 No Content.').toBe(204);
    expect(result.text).toBe('');
    expect(result.ms, 'The request is held for holdMs (50 ms) first.').toBeGreaterThanOrEqual(47);
    expect(server.pendingCount()).toBe(0);
  });

  test('forgets a waiting client as soon as it disconnects, instead of holding it until the timeout', async () => {
    const server = await start(10_000);
    for (let i = 0; i < 5; i += 1) {
      // agent: false gives each request its own connection, so destroying it really closes the socket.
      const request = http.get(`${baseUrl}/messages?after=0`, { agent: false });
      request.on('error', () => {});
      openRequests.add(request);
    }
    await waitFor(() => server.pendingCount() === 5, 2000, `pendingCount() is ${server.pendingCount()}, but five requests are waiting.`);
    for (const request of openRequests) request.destroy();
    await waitFor(() => serverSockets.size === 0, 1000, 'The test closed five connections, but the server did not see them close within a second.');
    // The server has seen the sockets close, so each req has emitted (or is about to emit) 'close': a
    // server that listens for it forgets the waiters within moments, one that does not keeps them.
    await waitFor(
      () => server.pendingCount() === 0,
      100,
      `The five clients hung up, but pendingCount() is still ${server.pendingCount()} after their connections closed: on req 'close', clear the waiter's timer and remove it.`,
    );
    server.publish('nobody is listening');
    expect((await pollAtOnce(server, 0))?.messages, 'The server keeps working after clients left.').toEqual([{ id: 1, text: 'nobody is listening' }]);
  });
});

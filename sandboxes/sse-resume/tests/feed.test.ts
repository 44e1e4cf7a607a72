import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createFeed, type Feed, type FeedOptions } from '../feed.ts';
import { awayWithoutRetry, openTestClient, settle, waitFor, type ReceivedEvent, type TestClient } from './reconnecting-client.ts';

const feeds: Feed[] = [];
const clients: TestClient[] = [];
const sockets: net.Socket[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const feed of feeds.splice(0)) {
    feed.finish();
    feed.server.closeAllConnections();
    feed.server.close();
  }
});

async function startFeed(options: Partial<FeedOptions> = {}): Promise<{ feed: Feed; url: string }> {
  const feed = createFeed({ historyLimit: 1000, retryMs: 30, heartbeatMs: 10_000, ...options });
  feeds.push(feed);
  feed.server.listen(0, '127.0.0.1');
  await once(feed.server, 'listening');
  return { feed, url: `http://127.0.0.1:${(feed.server.address() as AddressInfo).port}/events` };
}

function connect(url: string, options?: Parameters<typeof openTestClient>[1]): TestClient {
  const client = openTestClient(url, options);
  clients.push(client);
  return client;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
const show = (events: readonly ReceivedEvent[]): string => events.map((e) => `${e.type === 'message' ? '' : `${e.type} `}#${e.lastEventId} ${JSON.stringify(e.data)}`).join(', ');
const bids = (from: number, to: number): ReceivedEvent[] => Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'message', data: `bid ${from + i}`, lastEventId: String(from + i) }));

/**
 * Waits for the stream to open, publishes `data` live and waits for it. A stream delivers in order, so once
 * the live event is there, whatever the server wrote before it (a replay, a reset) is there too: the test
 * judges the replay at once instead of waiting out a deadline for events that may never come.
 */
async function publishAndReceive(feed: Feed, client: TestClient, data: string, explanation: () => string): Promise<void> {
  await waitFor(() => client.readyState === 1, 600, () => 'The client did not connect within 0.6 s.');
  feed.publish(data);
  await waitFor(() => client.events.some((event) => event.data === data), 600, explanation);
}

describe('ids, retry and resuming', () => {
  test('opens with text/event-stream and retry, and numbers every event 1, 2, 3 …', async () => {
    const { feed, url } = await startFeed({ retryMs: 1234 });
    feed.publish('bid 1');
    feed.publish('bid 2');
    const client = connect(url);
    await publishAndReceive(feed, client, 'bid 3', () => 'A live event did not arrive within 0.6 s.');
    if (client.events.length < 3) throw new Error(`A first connection should receive the 2 events already in the log before the live event 3; it got: ${show(client.events)}`);
    expect(client.requests[0]?.contentType ?? '', 'EventSource fails the connection unless the type is text/event-stream.').toMatch(/^text\/event-stream/);
    expect(client.retries, 'Each stream starts with `retry: <retryMs>`, so clients reconnect as fast as you chose.').toEqual([1234]);
    expect(client.events, 'Every event carries `id: <n>`, counting from 1.').toEqual(bids(1, 3));
  });

  test('replays exactly the events after Last-Event-ID, then continues live', async () => {
    const { feed, url } = await startFeed();
    for (let i = 1; i <= 5; i += 1) feed.publish(`bid ${i}`);
    const client = connect(url, { lastEventId: '3' });
    await publishAndReceive(feed, client, 'bid 6', () => `The live event 6 did not arrive; the client got: ${show(client.events)}`);
    if (client.events.length < 3) throw new Error(`With Last-Event-ID: 3 the client should get events 4 and 5 at once; it got: ${show(client.events)}`);
    await sleep(50);
    expect(client.events, 'Nothing up to id 3 again (no duplicates), nothing skipped.').toEqual(bids(4, 6));
  });

  test('a client that loses its connection mid-stream three times gets every event exactly once, in order', async () => {
    const { feed, url } = await startFeed({ retryMs: 30 });
    const dropAfter = new Set(['20', '60', '100']);
    const client = connect(url, {
      // Dropping from inside the event handler cuts the stream in the middle of a chunk: events already in
      // that chunk after this one are lost to this connection and must be replayed.
      onEvent: (event, self) => {
        if (dropAfter.delete(event.lastEventId)) self.drop();
      },
    });
    await waitFor(() => client.readyState === 1, 600, () => 'The client did not connect within 0.6 s.');
    // Publish in bursts every 5 ms, also while the client is away (retry is 30 ms).
    for (let i = 1; i <= 150; i += 1) {
      feed.publish(`bid ${i}`);
      if (i % 5 === 0) await sleep(5);
    }
    await waitFor(() => client.events.length >= 150, 1200, () => `The client got only ${client.events.length} of 150 events; its requests carried Last-Event-ID ${client.requests.map((r) => r.lastEventId ?? '(none)').join(', ')}, and the server asked for retry ${client.retries.join(', ') || '(never)'}.`, awayWithoutRetry(client));
    await sleep(50);
    const ids = client.events.map((event) => Number(event.lastEventId));
    const missing = Array.from({ length: 150 }, (_, i) => i + 1).filter((id) => !ids.includes(id));
    const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect({ missing, duplicated }, 'Replay exactly the events after Last-Event-ID: none lost in the gap, none sent twice.').toEqual({ missing: [], duplicated: [] });
    expect(client.events, 'The events arrive in id order.').toEqual(bids(1, 150));
    expect(client.requests.map((request) => request.lastEventId), 'The reconnects carried the last id the client had received.').toEqual([undefined, '20', '60', '100']);
  });

  test('a first connection gets the retained history, oldest first', async () => {
    const { feed, url } = await startFeed({ historyLimit: 5 });
    for (let i = 1; i <= 20; i += 1) feed.publish(`bid ${i}`);
    const client = connect(url);
    await publishAndReceive(feed, client, 'bid 21', () => `The live event 21 did not arrive; the client got: ${show(client.events)}`);
    if (client.events.length < 6) throw new Error(`A first connection should receive the 5 events still in the log before the live event 21; it got: ${show(client.events)}`);
    expect(client.events, 'Only the newest historyLimit events are kept.').toEqual(bids(16, 21));
  });
});

describe('ids the log cannot resume from', () => {
  test('a Last-Event-ID older than the history gets a reset carrying the newest id, and later resumes work', async () => {
    const { feed, url } = await startFeed({ historyLimit: 5 });
    for (let i = 1; i <= 20; i += 1) feed.publish(`bid ${i}`);
    const client = connect(url, { lastEventId: '3' });
    await publishAndReceive(feed, client, 'bid 21', () => `The live event 21 did not follow the reset: ${show(client.events)}`);
    const [reset] = client.events;
    expect(reset?.type, `Events 4 to 15 are gone, so replaying 16 to 20 would hide a gap. Send "event: reset" instead. Got: ${show(client.events)}`).toBe('reset');
    expect(reset?.lastEventId, 'The reset carries `id: <newest id>`, so the next reconnect resumes from there.').toBe('20');
    expect(reset?.data.length, 'The reset says why in its data.').toBeGreaterThan(0);
    client.drop();
    await waitFor(() => client.readyState === 1 && client.requests.length === 2, 600, () => 'The client did not reconnect.');
    feed.publish('bid 22');
    await waitFor(() => client.events.length >= 3, 600, () => `Event 22 did not arrive after the reconnect: ${show(client.events)}`);
    await sleep(50);
    expect(client.events.slice(1), 'After the reset, resuming works as usual.').toEqual(bids(21, 22));
    expect(client.requests[1]?.lastEventId).toBe('21');
  });

  test('an id the server never issued, or not a number at all, gets a reset too', async () => {
    for (const stale of ['999', '-1', '1.5', 'abc', '2x']) {
      const { feed, url } = await startFeed();
      for (let i = 1; i <= 3; i += 1) feed.publish(`bid ${i}`);
      const client = connect(url, { lastEventId: stale });
      // Event 4 goes out live after the reset (or the replay) the connection answered with.
      await publishAndReceive(feed, client, 'bid 4', () => `No event arrived for Last-Event-ID ${JSON.stringify(stale)}.`);
      const answer = client.events.filter((event) => event.data !== 'bid 4');
      expect(answer.map((event) => `${event.type} #${event.lastEventId}`), `Last-Event-ID ${JSON.stringify(stale)} is not an id this log issued (a restart, another server, garbage): reset, and do not replay.`).toEqual(['reset #3']);
      client.close();
    }
  });
});

describe('ending the feed', () => {
  test('after finish(), open streams end, the reconnect gets 204 and the client stops for good', async () => {
    const { feed, url } = await startFeed({ retryMs: 20 });
    const client = connect(url);
    await waitFor(() => client.readyState === 1, 600, () => 'The client did not connect within 0.6 s.');
    feed.publish('bid 1');
    await waitFor(() => client.events.length === 1, 600, () => 'The event did not arrive.');
    feed.finish();
    await waitFor(() => client.readyState === 2, 600, () => `The client did not close after finish(); its requests were answered ${client.requests.map((r) => r.status ?? 'pending').join(', ')}. Answer 204 No Content once the feed is over.`, awayWithoutRetry(client));
    await sleep(100); // five retry periods: nothing more may happen
    expect(client.requests.map((request) => request.status), 'One stream, one reconnect that got 204, and then silence.').toEqual([200, 204]);
    expect(feed.connectedClients).toBe(0);
  });

  test('a client cut off just before finish() still gets the events it missed, then 204', async () => {
    const { feed, url } = await startFeed({ retryMs: 30 });
    let cut = false;
    const client = connect(url, {
      onEvent: (event, self) => {
        if (event.lastEventId !== '3' || cut) return;
        cut = true;
        self.drop();
        feed.publish('bid 4'); // published and finished while the client is away
        feed.publish('bid 5');
        feed.finish();
      },
    });
    await waitFor(() => client.readyState === 1, 600, () => 'The client did not connect within 0.6 s.');
    for (let i = 1; i <= 3; i += 1) feed.publish(`bid ${i}`);
    await waitFor(() => client.readyState === 2, 900, () => `The client never closed; its requests were answered ${client.requests.map((r) => r.status ?? 'pending').join(', ')} and it received ${show(client.events)}.`, awayWithoutRetry(client));
    expect(client.events, 'Answering 204 at once would lose events 4 and 5: replay them first, then end the stream.').toEqual(bids(1, 5));
    expect(client.requests.map((request) => `${request.status} after ${request.lastEventId ?? '(none)'}`), 'One stream, one catch-up stream, and a 204 once the client has everything.').toEqual(['200 after (none)', '200 after 3', '204 after 5']);
  });
});

describe('ending the feed without hiding a gap', () => {
  test('after finish(), a Last-Event-ID too old to resume from gets a reset, not a 204 that hides the gap', async () => {
    const { feed, url } = await startFeed({ historyLimit: 5, retryMs: 20 });
    for (let i = 1; i <= 20; i += 1) feed.publish(`bid ${i}`);
    feed.finish();
    // The client saw up to event 3, was away while 4 to 20 were published, and comes back after the end.
    const client = connect(url, { lastEventId: '3' });
    await waitFor(() => client.readyState === 2, 600, () => `The client never closed; its requests were answered ${client.requests.map((r) => r.status ?? 'pending').join(', ')} and it received ${show(client.events)}.`);
    expect(
      client.events.map((event) => `${event.type} #${event.lastEventId}`),
      'Events 4 to 15 are gone from the log. A 204 would end the feed for this client as if it had everything: send "event: reset" with the newest id first (then end the stream), so it reloads its state.',
    ).toEqual(['reset #20']);
    expect(client.requests.map((request) => `${request.status} after ${request.lastEventId ?? '(none)'}`), 'One stream with the reset, then a 204 once the client holds the newest id.').toEqual(['200 after 3', '204 after 20']);
  });
});

describe('a server that holds up', () => {
  test('sends comment heartbeats while nothing happens (the starter already does: keep it so)', async () => {
    const { url } = await startFeed({ heartbeatMs: 25 });
    const client = connect(url);
    await settle(() => client.comments >= 4, 600);
    expect(client.comments, 'With heartbeatMs 25, a quiet stream should carry a comment line every 25 ms.').toBeGreaterThanOrEqual(4);
    expect(client.events, 'Heartbeats dispatch nothing.').toEqual([]);
  });

  test('survives 20 abrupt disconnects without leaking open streams or timers', async () => {
    const { feed, url } = await startFeed({ heartbeatMs: 1000 });
    let socketsClosed = 0;
    feed.server.on('connection', (socket: net.Socket) => socket.on('close', () => (socketsClosed += 1)));
    const before = timers();
    const requests = Array.from({ length: 20 }, () => http.get(url, { agent: false }));
    await Promise.all(requests.map((request) => once(request, 'response')));
    await waitFor(() => feed.connectedClients === 20, 600, () => `connectedClients is ${feed.connectedClients} with 20 streams open.`);
    for (const request of requests) request.destroy(); // no goodbye: the sockets just close
    for (let i = 1; i <= 10; i += 1) feed.publish(`bid ${i}`); // writing to departed clients must not crash
    await waitFor(() => socketsClosed === 20, 600, () => `The server noticed only ${socketsClosed} of the 20 departed clients within 0.6 s.`);
    // The responses' 'close' handlers have run with their sockets' (a request's 'close' a tick later): 0.2 s is ample.
    // One timer more than before is allowed (a feed may share one heartbeat timer among its clients);
    // one per departed client is a leak.
    await waitFor(() => feed.connectedClients === 0 && timers() <= before + 1, 200, () => `After 20 clients vanished, connectedClients is ${feed.connectedClients} and ${timers() - before} more timers are running than before they came. Stop the heartbeat and forget the client when the response closes.`);
    const client = connect(url, { lastEventId: '8' });
    await waitFor(() => client.events.length >= 2, 600, () => 'The feed stopped working after the disconnects.');
    expect(client.events).toEqual(bids(9, 10));
  });

  test('cuts off a client that stops reading once maxBufferedBytes are queued for it', async () => {
    const { feed, url } = await startFeed({ maxBufferedBytes: 64 * 1024 });
    const { port } = new URL(url);
    const stalled = net.connect(Number(port), '127.0.0.1');
    sockets.push(stalled);
    await once(stalled, 'connect');
    stalled.write('GET /events HTTP/1.1\r\nHost: feed\r\nAccept: text/event-stream\r\n\r\n');
    stalled.pause(); // reads nothing from now on, like a client on a dead network or a frozen tab
    await waitFor(() => feed.connectedClients === 1, 600, () => 'The stalled client never counted as connected.');
    const bigBid = 'x'.repeat(32 * 1024);
    // 10 MB: more than the kernel's socket buffers hold, so the rest queues up in the server's memory.
    for (let i = 0; i < 320; i += 1) feed.publish(bigBid);
    // A destroyed response closes within a tick or two.
    await waitFor(() => feed.connectedClients === 0, 300, () => 'A client that reads nothing is still connected after 10 MB were published for it: destroy the response once res.writableLength passes maxBufferedBytes. It can resume from the log.');
  });
});

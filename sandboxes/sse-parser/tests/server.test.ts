import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { createSseServer, formatEvent, type MessageSource, type SseMessage, type SseServerOptions } from '../server.ts';
import { readEventStream } from './reference-reader.ts';

const servers: http.Server[] = [];
const sockets: net.Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function start(source: MessageSource, options?: SseServerOptions): Promise<string> {
  const server = createSseServer(source, options);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
}

/** Rejects with `explanation` unless `promise` settles within `ms`; clears its timer either way. */
async function within<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(explanation)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A source that yields `messages`, then waits until the client leaves. */
function thenWait(messages: SseMessage[]): MessageSource {
  return async function* (signal) {
    yield* messages;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  };
}

/** Reads a fetch body as raw text for `ms` milliseconds (or until it ends), with its own decoder. */
async function readFor(body: ReadableStream<Uint8Array>, ms: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, ms, 'timeout')));
  for (;;) {
    const next = await Promise.race([reader.read(), deadline]);
    if (next === 'timeout' || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  clearTimeout(timer);
  await reader.cancel().catch(() => {});
  return text;
}

describe('the head of the response', () => {
  test('is an HTTP/1.1 event stream: text/event-stream, no-cache, chunked without a length, no proxy buffering', async () => {
    const url = await start(thenWait([{ data: 'hi' }]));
    const controller = new AbortController();
    const response = await within(fetch(url, { signal: controller.signal }), 2000, 'The head did not arrive within 2 s.');
    controller.abort();
    const type = response.headers.get('content-type') ?? '';
    expect(type.split(';')[0]?.trim().toLowerCase(), `content-type was "${type}": EventSource fails the connection unless it is text/event-stream.`).toBe('text/event-stream');
    expect(response.headers.get('cache-control') ?? '', 'cache-control: no-cache stops caches from answering with stored bytes of an old stream.').toContain('no-cache');
    expect(response.headers.get('content-length'), 'A stream has no length known in advance…').toBeNull();
    expect(response.headers.get('transfer-encoding'), '…so HTTP/1.1 sends it with chunked transfer coding.').toBe('chunked');
    expect(response.headers.get('x-accel-buffering'), 'x-accel-buffering: no asks nginx to pass each event on at once.').toBe('no');
  });

  test('is sent before the first event exists, so the client knows at once that it is connected', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = await start(async function* () {
      await gate;
      yield { data: 'late' };
    });
    try {
      const controller = new AbortController();
      await within(fetch(url, { signal: controller.signal }), 1000, 'No head arrived within 1 s while the source had nothing to say: call res.flushHeaders() after writeHead.');
      controller.abort();
    } finally {
      release();
    }
  });
});

describe('the events', () => {
  // What `curl -N -i --http1.1` shows, read with a raw TCP socket, so the test runs wherever Node does
  // (WebContainers have no curl binary).
  test('a raw HTTP/1.1 client gets each event the moment the server sends it', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = await start(async function* () {
      yield { event: 'token', id: '1', data: 'Hello' };
      await gate; // the second event does not exist until the client has the first
      yield { event: 'token', id: '2', data: 'world 🌍' };
    });
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    sockets.push(socket);
    socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    let raw = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (raw = Buffer.concat([raw, chunk])));
    const ended = once(socket, 'end');
    const deadline = performance.now() + 2000;
    while (!raw.includes('Hello')) {
      if (performance.now() > deadline) throw new Error(`No event arrived within 2 s while the server waited to send the second one. The client received: ${JSON.stringify(raw.toString('utf8'))}`);
      await sleep(10);
    }
    release();
    const wire = await within(
      (async () => {
        while (!raw.includes('\r\n0\r\n\r\n')) await sleep(10);
        return raw.toString('utf8');
      })(),
      2000,
      'The response did not end within 2 s after the source was done: end it (res.end()) when the source is done.',
    );
    socket.end();
    await ended.catch(() => {});
    const headEnd = wire.indexOf('\r\n\r\n');
    const head = wire.slice(0, headEnd);
    expect(head, 'The status line comes first.').toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('content-type: text/event-stream');
    expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
    // Undo the chunked framing (RFC 9112 §7.1): size in hex, CRLF, data, CRLF … then a zero-size chunk.
    let rest = Buffer.from(wire.slice(headEnd + 4), 'utf8');
    const body: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (!(size > 0)) break;
      body.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    expect(readEventStream(Buffer.concat(body).toString('utf8')).events).toEqual([
      { type: 'token', data: 'Hello', lastEventId: '1' },
      { type: 'token', data: 'world 🌍', lastEventId: '2' },
    ]);
  });

  test('formats multi-line data, event names, ids and retry so a spec-following reader gets them back', async () => {
    const url = await start(async function* () {
      yield { data: 'line 1\nline 2\r\nline 3\rline 4' };
      yield { event: 'score', id: '42', data: '2-1' };
      yield { data: ' leading space, trailing space ' };
      yield { retry: 2500, data: '{"json": true}' };
      yield { data: '' };
    });
    const body = await readFor((await fetch(url)).body as ReadableStream<Uint8Array>, 2000);
    const read = readEventStream(body);
    expect(read.events, `The body was ${JSON.stringify(body)}. Each line of the data needs its own "data:" line, or a line break would end the field and corrupt the event.`).toEqual([
      { type: 'message', data: 'line 1\nline 2\nline 3\nline 4', lastEventId: '' },
      { type: 'score', data: '2-1', lastEventId: '42' },
      { type: 'message', data: ' leading space, trailing space ', lastEventId: '42' },
      { type: 'message', data: '{"json": true}', lastEventId: '42' },
      { type: 'message', data: '', lastEventId: '42' },
    ]);
    expect(read.retries, 'retry: 2500 tells the client how long to wait before reconnecting.').toEqual([2500]);
  });

  test('formatEvent refuses values that would corrupt the stream', () => {
    const refused: Array<[string, SseMessage]> = [
      ['an event name with a line break', { event: 'a\nb', data: 'x' }],
      ['an id with a carriage return', { id: '1\r2', data: 'x' }],
      ['an id with NULL, which clients ignore', { id: '1\u00002', data: 'x' }],
      ['a fractional retry', { retry: 1.5, data: 'x' }],
      ['a negative retry', { retry: -1, data: 'x' }],
    ];
    for (const [what, message] of refused) {
      expect(() => formatEvent(message), `formatEvent should throw for ${what}.`).toThrow();
    }
  });
});

describe('a long-lived stream', () => {
  test('sends a comment line as a heartbeat while the source is quiet', async () => {
    const url = await start(thenWait([{ data: 'only event' }]), { heartbeatMs: 40 });
    const body = await readFor((await fetch(url)).body as ReadableStream<Uint8Array>, 400);
    const read = readEventStream(body);
    expect(read.comments, `In 400 ms with heartbeatMs 40 the body held ${read.comments} comment lines: ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(3);
    expect(read.events, 'Heartbeats are comments, so they dispatch no events.').toEqual([{ type: 'message', data: 'only event', lastEventId: '' }]);
  });

  test('waits for drain when write() returns false, instead of buffering without limit for a slow reader', async () => {
    const LIMIT = 300; // 30 MB if the server ignores backpressure
    let produced = 0;
    let response: http.ServerResponse | undefined;
    const url = await start(async function* (signal) {
      while (!signal.aborted && produced < LIMIT) {
        produced += 1;
        yield { data: 'x'.repeat(100_000) }; // about 100 kB per event
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    servers[0]!.on('request', (_req, res: http.ServerResponse) => (response = res));
    // A client that sends its request and then reads nothing: the kernel's buffers fill, then Node's.
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    socket.pause();
    socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    // Wait until the server stops pulling (backpressure engaged), or has pulled everything (none), however
    // fast or slow this machine is: a server that respects backpressure stalls once the buffers are full.
    // "Stopped" is judged after each look, over 300 ms and 8 looks: on a busy machine one late timer can
    // take over 300 ms, during which nothing here runs, the server included.
    let last = -1;
    let stillSince = performance.now();
    let stillLooks = 0;
    const deadline = performance.now() + 4000;
    while (produced < LIMIT && performance.now() < deadline) {
      await sleep(20);
      if (produced !== last || produced === 0) {
        last = produced;
        stillSince = performance.now();
        stillLooks = 0;
      } else if (++stillLooks >= 8 && performance.now() - stillSince >= 300) break;
    }
    const queued = response?.writableLength ?? 0;
    expect(response?.headersSent, 'The head had not been sent: stream the events as they come (this test then checks that a slow reader does not make the server buffer them all).').toBe(true);
    expect(produced, `The server pulled all ${LIMIT} events from the source (30 MB) for a client that reads nothing: when res.write() returns false, wait for 'drain' (or 'close') before writing more.`).toBeLessThan(LIMIT);
    expect(queued, `The client reads nothing, yet the server queued ${(queued / 1e6).toFixed(1)} MB in memory (${produced} events pulled from the source): when res.write() returns false, wait for 'drain' (or 'close') before writing more.`).toBeLessThan(1_000_000);
    expect(performance.now() - stillSince, 'The server kept pulling from the source for 4 s for a client that reads nothing: stop pulling while the socket is full.').toBeGreaterThanOrEqual(300);
  });

  test('stops the source and the heartbeat timer when the client disconnects (the starter, with no heartbeat yet, passes: keep it so)', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    let stopped = 0;
    const url = await start(
      async function* (signal) {
        try {
          yield { data: 'hello' };
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        } finally {
          stopped += 1;
        }
      },
      { heartbeatMs: 1000 },
    );
    const before = timers();
    // node:http without an agent: one socket per request and no client-side timers of its own.
    const requests = Array.from({ length: 5 }, () => http.get(url, { agent: false }));
    await Promise.all(requests.map((request) => within(once(request, 'response'), 2000, 'A head did not arrive within 2 s.')));
    for (const request of requests) request.destroy(); // abrupt: no goodbye, the socket just closes
    const deadline = performance.now() + 1500;
    while ((stopped < 5 || timers() > before) && performance.now() < deadline) await sleep(10);
    expect(stopped, 'Each departed client must stop its source (abort the signal when the response closes).').toBe(5);
    expect(timers(), 'Every departed client left a timer behind: clear the heartbeat interval when the response ends or closes.').toBeLessThanOrEqual(before);
  });
});

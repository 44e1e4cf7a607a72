import { once } from 'node:events';
import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { createNdjsonParser } from '../ndjson.ts';
import { createNdjsonServer, type MessageSource } from '../server.ts';

let server: http.Server | undefined;
/** Set when a test ends, so no test source keeps producing into the next test. */
let testOver = false;

async function start(source: MessageSource): Promise<string> {
  testOver = false;
  server = createNdjsonServer(source);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
}

afterEach(() => {
  testOver = true;
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** Reads the body's lines with Node's own stream decoding, so these tests do not depend on your parser. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let pending = '';
  for await (const text of Readable.fromWeb(body).setEncoding('utf8')) {
    pending += text;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    yield* parts;
  }
  if (pending !== '') yield pending;
}

function within<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(explanation)))]);
}

describe('the server streams NDJSON', () => {
  test('labels the body as NDJSON, asks proxies not to buffer it, and sends it chunked', async () => {
    const url = await start(async function* () {
      yield { hello: 'world' };
    });
    const response = await fetch(url);
    await response.text();
    expect(response.headers.get('content-type'), 'NDJSON is served as application/x-ndjson.').toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('x-accel-buffering'), 'X-Accel-Buffering: no stops nginx from holding the lines back.').toBe('no');
    expect(response.headers.get('content-length'), 'A stream has no known length up front, so it has no Content-Length…').toBeNull();
    expect(response.headers.get('transfer-encoding'), '…and is sent with chunked transfer coding.').toBe('chunked');
  });

  test('sends the head before the first message exists', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = await start(async function* () {
      await gate; // the first message does not exist until the test has the head
      yield { seq: 1 };
    });
    try {
      const response = await within(fetch(url), 500, 'The source had nothing to send yet, and no head arrived within 0.5 s: send the head first (writeHead, then res.flushHeaders()), so the client knows at once that the stream has begun. Without flushHeaders Node holds the head back until the first write.');
      expect(response.status).toBe(200);
    } finally {
      release();
    }
  });

  test('sends each message as soon as the source yields it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = await start(async function* () {
      yield { seq: 1, text: '最初' };
      await gate; // the second message does not exist until the test has read the first
      yield { seq: 2, text: '次 🎉' };
    });
    const response = await within(fetch(url), 500, 'The head of the response did not arrive within 0.5 s: send it before the first message (writeHead, then res.flushHeaders()).');
    const reader = lines(response.body as ReadableStream<Uint8Array>);
    const first = await within(reader.next(), 500, 'The first line did not arrive within 0.5 s while the source was still waiting to produce the second: write each message as soon as you have it.');
    expect(JSON.parse(String(first.value))).toEqual({ seq: 1, text: '最初' });
    release();
    const second = await within(reader.next(), 2000, 'The second line never arrived.');
    expect(JSON.parse(String(second.value))).toEqual({ seq: 2, text: '次 🎉' });
    expect((await reader.next()).done, 'The stream ends when the source is done.').toBe(true);
  });

  test('writes exactly one JSON text per line, newline included (the starter already does: keep it so)', async () => {
    const sent = [{ text: 'line one\nstill one', emoji: '🧑‍🚀' }, { n: 2 }, 'a string', [3, '三']];
    const url = await start(async function* () {
      yield* sent;
    });
    const body = await (await fetch(url)).text();
    expect(body.endsWith('\n'), 'Every message, the last one included, ends with "\\n".').toBe(true);
    expect(body.split('\n').slice(0, -1).map((line) => JSON.parse(line)), 'JSON.stringify escapes newlines inside strings, so each message is exactly one line.').toEqual(sent);
  });

  test('stops pulling from the source when the client goes away', async () => {
    let produced = 0;
    let finished = false;
    const url = await start(async function* () {
      try {
        while (!testOver && produced < 1000) {
          produced += 1;
          yield { tick: produced };
          await sleep(10);
        }
      } finally {
        finished = true;
      }
    });
    const controller = new AbortController();
    const response = await within(fetch(url, { signal: controller.signal }), 500, 'The head of the response did not arrive within 0.5 s.');
    const reader = lines(response.body as ReadableStream<Uint8Array>);
    await within(reader.next(), 500, 'The first line did not arrive within 0.5 s.');
    controller.abort();
    await reader.return(undefined).catch(() => {});
    const deadline = performance.now() + 1000;
    while (!finished && performance.now() < deadline) await sleep(10);
    expect(finished, `The client left, but the source was still being read a second later (${produced} messages so far): break out of the loop when res.destroyed.`).toBe(true);
  });

  test('ends the response with an error, not a clean end, when the source fails', async () => {
    const url = await start(async function* () {
      yield { seq: 1 };
      await sleep(20);
      throw new Error('the feed broke (expected by this test)');
    });
    const head = fetch(url).catch(() => {
      throw new Error('The response failed before its head arrived: send the head and each message as it comes, so the message before the failure reaches the client.');
    });
    const response = await within(head, 2000, 'The head did not arrive within 2 s.');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: string[] = [];
    const outcome = await within(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended cleanly';
          chunks.push(new TextDecoder().decode(value));
        }
      })().catch(() => 'failed'),
      2000,
      'The stream neither ended nor failed within 2 s.',
    );
    expect(chunks.join(''), 'The message before the failure was already sent.').toBe('{"seq":1}\n');
    expect(outcome, 'A clean end would tell the client it has everything; destroy the response instead.').toBe('failed');
  });

  test('waits for drain when write() returns false, instead of buffering without limit for a slow reader', async () => {
    const MESSAGE = { pad: 'x'.repeat(100_000) }; // about 100 kB per line
    // 15 MB if the server ignores backpressure; one that respects it stalls after a few MB (40 lines here).
    const LIMIT = 150;
    let produced = 0;
    let response: http.ServerResponse | undefined;
    const url = await start(async function* () {
      while (!testOver && produced < LIMIT) {
        produced += 1;
        yield MESSAGE;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    server!.on('request', (_req, res: http.ServerResponse) => (response = res));
    // A client that sends its request and then reads nothing: the kernel's buffers fill, then Node's.
    const { port } = new URL(url);
    const client = net.connect(Number(port), '127.0.0.1');
    client.on('error', () => {});
    client.pause();
    client.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    try {
      // Wait until the server stops pulling (backpressure engaged), or has pulled everything (none), however
      // fast or slow this machine is: a server that respects backpressure stalls once the buffers are full.
      // "Stopped" is judged after each look, over 150 ms and 8 looks: on a busy machine one late timer can
      // take over 150 ms, during which nothing here runs, the server included.
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
        } else if (++stillLooks >= 8 && performance.now() - stillSince >= 150) break;
      }
      const queued = response?.writableLength ?? 0;
      expect(response?.headersSent, 'The head had not been sent: stream the messages as they come (this test then checks that a slow reader does not make the server buffer them all).').toBe(true);
      expect(produced, `The server pulled all ${LIMIT} messages from the source (15 MB) for a client that reads nothing: when res.write() returns false, wait for 'drain' (or 'close') before writing more.`).toBeLessThan(LIMIT);
      expect(queued, `The client reads nothing, yet the server queued ${(queued / 1e6).toFixed(1)} MB in memory (${produced} messages pulled from the source): when res.write() returns false, wait for 'drain' (or 'close') before writing more.`).toBeLessThan(1_000_000);
      expect(performance.now() - stillSince, 'The server kept pulling from the source for 4 s for a client that reads nothing: stop pulling while the socket is full.').toBeGreaterThanOrEqual(150);
    } finally {
      client.destroy();
    }
  });

  test('end to end: fetch + createNdjsonParser read every message intact (the starter passes while chunks hold whole characters: keep it so)', async () => {
    const sent = Array.from({ length: 50 }, (_, i) => ({ seq: i + 1, text: `メッセージ ${i + 1} ${'🎉'.repeat(i % 4)}` }));
    const url = await start(async function* () {
      for (const message of sent) {
        yield message;
        if (message.seq % 10 === 0) await sleep(5);
      }
    });
    const received: unknown[] = [];
    for await (const message of (await fetch(url)).body!.pipeThrough(createNdjsonParser())) received.push(message);
    expect(received).toEqual(sent);
  });
});

import http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { now } from '../clock.ts';
import { measure, prepare } from '../lab.ts';
import { formatEvent, sse } from '../transports/sse.ts';
import type { FeedServer, Update } from '../transports/types.ts';

const update = (seq: number): Update => ({ seq, sentAt: 1234.5, body: 'hello' });
const servers: FeedServer[] = [];
const requests: http.ClientRequest[] = [];

afterEach(async () => {
  for (const req of requests.splice(0)) req.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(): Promise<FeedServer> {
  const server = await sse.startServer({ onRequest: () => {} });
  servers.push(server);
  return server;
}

/** Opens the stream with a raw HTTP client, failing within 1 s if no response comes. */
function open(port: number): Promise<{ res: http.IncomingMessage; text: () => string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The SSE server sent no response headers within 1 s. Send them with res.writeHead(200, …) and res.flushHeaders().')), 1000);
    const req = http.get(`http://127.0.0.1:${port}/events`, (res) => {
      clearTimeout(timer);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', () => {});
      resolve({ res, text: () => text });
    });
    requests.push(req);
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('formatEvent', () => {
  test('writes an id line, a data line with the JSON, and the blank line that ends the event', () => {
    expect(formatEvent(update(3)), 'Expected "id: 3\\n", "data: " + JSON + "\\n", then an empty line ("\\n"): without the empty line a browser never dispatches the event.').toBe(
      'id: 3\ndata: {"seq":3,"sentAt":1234.5,"body":"hello"}\n\n',
    );
  });
});

describe('the SSE server', () => {
  test('answers 200 with Content-Type text/event-stream and Cache-Control no-cache', async () => {
    const server = await startServer();
    const { res } = await open(server.port);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type']), 'EventSource refuses any other content type.').toMatch(/^text\/event-stream/);
    expect(String(res.headers['cache-control']), 'A cached event stream would replay old events: send Cache-Control: no-cache.').toContain('no-cache');
  });

  test('sends every published update, as complete events, to every subscriber', async () => {
    const server = await startServer();
    const [a, b] = [await open(server.port), await open(server.port)];
    await sleep(50);
    expect(server.subscribers(), 'Two streams are open: keep each response in `streams`.').toBe(2);
    server.publish(update(1));
    server.publish(update(2));
    await sleep(100);
    for (const [name, stream] of [['first', a], ['second', b]] as const) {
      const events = stream.text().split('\n\n');
      expect(events.at(-1), `The ${name} stream must end with a blank line after the last event, or that event is never dispatched.`).toBe('');
      expect(events.slice(0, -1), `The ${name} subscriber should have received both events, in order.`).toEqual([
        'id: 1\ndata: {"seq":1,"sentAt":1234.5,"body":"hello"}',
        'id: 2\ndata: {"seq":2,"sentAt":1234.5,"body":"hello"}',
      ]);
    }
  });

  test('forgets a client that went away, and keeps publishing to the others', async () => {
    const server = await startServer();
    const leaver = await open(server.port);
    const stayer = await open(server.port);
    await sleep(50);
    leaver.res.destroy();
    await sleep(100);
    expect(server.subscribers(), 'When a response closes, remove it from `streams` (res.on("close", …)), or every broadcast keeps writing to dead clients.').toBe(1);
    expect(() => server.publish(update(1))).not.toThrow();
    await sleep(50);
    expect(stayer.text()).toContain('id: 1\n');
  });
});

describe('the SSE row of the lab', () => {
  test('3 clients receive a burst of 3 updates each, every one exactly once', { timeout: 20_000 }, async () => {
    const workload = { clients: 3, updates: 0, burst: 3 };
    const prepared = await prepare('sse', workload);
    const row = await measure(prepared, workload, now());
    expect(row.delivered, 'Each of the 3 clients should get all 3 updates through your SSE adapter.').toBe(9);
    expect(row.requests, 'One request per subscriber: an SSE stream is one long response.').toBe(3);
    expect(Number.isFinite(row.burstP95Ms), 'The row needs the burst\'s latency: summarize() must work.').toBe(true);
    expect(row.bytesPerMessage, 'Bytes per message are counted on the server\'s sockets.').toBeGreaterThan(40);
  });
});

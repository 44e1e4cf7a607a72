/**
 * The course server as `npm start` runs it: static files, the runner and its config endpoint on one
 * port, the preview origin on another, driven by a real WebSocket client and real HTTP requests.
 * The hostile side of the preview origin is in preview-isolation.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createCourseRunner, type CourseRunner } from '../../src/server/course-runner.ts';
import { createStaticServer } from '../../src/server/static-server.ts';
import { TestClient } from './helpers.ts';

let root: string;
let runner: CourseRunner;
let server: ReturnType<typeof createStaticServer>;
let base: string;
let origin: string;
let previewOrigin: string;

const SERVER_TS = `
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
const server = createServer((req, res) => {
  if (req.url === '/data') { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ from: 'learner', path: req.url })); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<h1>learner page</h1>');
});
new WebSocketServer({ server }).on('connection', (socket) => socket.on('message', (m) => socket.send('echo:' + m)));
server.listen(0, () => console.log('listening'));
`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'course-site-'));
  writeFileSync(join(root, 'index.html'), '<h1>course</h1>');
  runner = createCourseRunner(() => (server.address() as AddressInfo).port);
  server = createStaticServer({ root, handlers: [runner.handleRequest], upgrades: [runner.handleUpgrade] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  previewOrigin = await runner.previewReady;
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  origin = `http://localhost:${port}`;
});
afterAll(async () => {
  await runner.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function connect(): Promise<TestClient> {
  const config = (await (await fetch(`${base}/__runner/config`)).json()) as { url: string; token: string };
  return TestClient.connect(`ws://127.0.0.1:${new URL(base).port}${config.url}?token=${config.token}`, origin);
}

describe('runner config', () => {
  test('is same-origin JSON with the token and the preview origin, never cached', async () => {
    const response = await fetch(`${base}/__runner/config`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const config = (await response.json()) as { url: string; token: string; previewOrigin: string };
    expect(config.url).toBe('/__runner');
    expect(config.token).toBe(runner.runner.token);
    expect(config.previewOrigin).toBe(previewOrigin);
    expect(new URL(previewOrigin).port).not.toBe(new URL(base).port);
  });
});

describe('preview origin', () => {
  test('forwards pages, root-relative requests from the preview and WebSocket upgrades to the run; 502 once it ends', async () => {
    const client = await connect();
    client.send({ type: 'run', runId: 'preview-1', entry: 'server.ts', files: { 'server.ts': SERVER_TS }, timeLimitMs: 60_000 });
    const port = (await client.next((m) => m.type === 'port' && m.runId === 'preview-1')) as { previewUrl?: string };
    const pageUrl = port.previewUrl!;
    expect(new URL(pageUrl).origin).toBe(previewOrigin);

    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>learner page</h1>');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    // `fetch('/data')` inside the preview page: the Referer names the preview.
    const data = await fetch(`${previewOrigin}/data`, { headers: { referer: pageUrl } });
    expect(await data.json()).toEqual({ from: 'learner', path: '/data' });
    expect((await fetch(`${previewOrigin}/data`)).status).toBe(404);
    // The course origin serves no previews at all.
    expect((await fetch(`${base}${new URL(pageUrl).pathname}`)).status).toBe(404);

    const socket = new WebSocket(pageUrl.replace('http:', 'ws:'), { origin: previewOrigin });
    const echo = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send('hi'));
      socket.on('message', (m) => resolve(String(m)));
      socket.on('error', reject);
    });
    expect(echo).toBe('echo:hi');
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));

    client.send({ type: 'stop', runId: 'preview-1' });
    await client.exit('preview-1');
    await socketClosed; // the tunnel goes with the run
    expect((await fetch(pageUrl)).status).toBe(502);
    expect((await fetch(`${previewOrigin}/__runner/preview/nope/`)).status).toBe(502);
    await client.close();
  });
});

describe('per-run time limit', () => {
  test('timeLimitMs replaces the default wall time, within the documented maximum', async () => {
    const client = await connect();
    client.send({ type: 'run', runId: 'slow', entry: 'a.ts', files: { 'a.ts': 'setInterval(() => {}, 1000);' }, timeLimitMs: 1500 });
    const exit = await client.exit('slow');
    expect(exit.reason).toBe('timeout');
    expect(exit.durationMs).toBeLessThan(5000);
    const error = await client.sendExpectingError({ type: 'run', runId: 'greedy', entry: 'a.ts', files: { 'a.ts': '' }, timeLimitMs: 3_600_000 });
    expect(error.code).toBe('E_BAD_MESSAGE');
    expect(error.message).toMatchInlineSnapshot(`"Field "timeLimitMs" of a "run" message must be a whole number of milliseconds from 1000 to 600000, but it is the number 3600000. Leave it out to use the default of 10000 ms."`);
    await client.close();
  });
});

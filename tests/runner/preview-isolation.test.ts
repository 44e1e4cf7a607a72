/**
 * Issue 9, items 1–4, as hostile inputs against the course server (`npm start`'s shape): a page on
 * another site or a DNS-rebinding name cannot read the token or open the runner; the preview origin
 * answers only its own Host and its own pages' upgrades; the proxy forwards only to ports the kernel
 * says the run holds, never to the course server a run names; run ids are scoped to their connection.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCourseRunner, type CourseRunner } from '../../src/server/course-runner.ts';
import { createStaticServer } from '../../src/server/static-server.ts';
import { rawUpgrade, TestClient } from './helpers.ts';

let root: string;
let runner: CourseRunner;
let server: ReturnType<typeof createStaticServer>;
let port: number;
let previewOrigin: string;
let previewPort: number;
const clients: TestClient[] = [];

const SERVER = (name: string) => `
import { createServer } from 'node:http';
createServer((req, res) => res.end('${name}')).listen(0);
`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'course-site-'));
  writeFileSync(join(root, 'index.html'), '<h1>course</h1>');
  runner = createCourseRunner(() => (server.address() as AddressInfo).port, { log: () => {} });
  server = createStaticServer({ root, handlers: [runner.handleRequest], upgrades: [runner.handleUpgrade] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  previewOrigin = await runner.previewReady;
  previewPort = Number(new URL(previewOrigin).port);
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await runner.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** A GET with exactly these headers (fetch() would not let a test set Host). */
function get(toPort: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: toPort, path, method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(`ws://127.0.0.1:${port}/__runner?token=${runner.runner.token}`, `http://localhost:${port}`);
  clients.push(client);
  return client;
}

describe('the token and the runner are out of reach (items 1–3)', () => {
  test('/__runner/config refuses a rebinding Host, another site and the preview origin', async () => {
    const ok = await get(port, '/__runner/config', { Host: `localhost:${port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).token).toBe(runner.runner.token);
    const refusedHeaders: Record<string, string>[] = [
      { Host: `attacker.example:${port}` },
      { Host: 'localhost:1' }, // right name, wrong port: not this server
      { Host: `localhost:${port}`, 'Sec-Fetch-Site': 'cross-site' },
      { Host: `127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-site', Origin: previewOrigin }, // a preview page
    ];
    for (const headers of refusedHeaders) {
      const refused = await get(port, '/__runner/config', headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body).not.toContain(runner.runner.token);
    }
  });

  test('a runner upgrade with a rebinding Host, or from a preview page, is refused', async () => {
    const path = `/__runner?token=${runner.runner.token}`;
    const rebinding = await rawUpgrade(port, path, { Host: `attacker.example:${port}`, Origin: `http://attacker.example:${port}` });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).toContain('Host header');
    const fromPreview = await rawUpgrade(port, path, { Host: `127.0.0.1:${port}`, Origin: previewOrigin });
    expect(fromPreview.status).toBe(403);
    const wrongPort = await rawUpgrade(port, path, { Host: `127.0.0.1:${port + 1}`, Origin: `http://127.0.0.1:${port}` });
    expect(wrongPort.status).toBe(403);
  });

  test('the course origin serves no previews', async () => {
    expect((await get(port, '/__runner/preview/anything/', { Host: `127.0.0.1:${port}` })).status).toBe(404);
  });
});

describe('the preview origin (items 3–4)', () => {
  test('answers only its own Host, and only its own pages may open WebSockets or send non-GET requests', async () => {
    const client = await connect();
    client.send({ type: 'run', runId: 'p', entry: 'main.ts', files: { 'main.ts': SERVER('mine') }, timeLimitMs: 60_000 });
    const { previewUrl } = (await client.next((m) => m.type === 'port' && m.runId === 'p')) as { previewUrl: string };
    const path = new URL(previewUrl).pathname;
    expect((await get(previewPort, path, { Host: `127.0.0.1:${previewPort}` })).body).toBe('mine');
    expect((await get(previewPort, path, { Host: `attacker.example:${previewPort}` })).status).toBe(403);
    expect((await get(previewPort, path, { Host: `127.0.0.1:${previewPort}`, Origin: 'https://evil.example' }, 'POST')).status).toBe(403);
    const crossSite = await rawUpgrade(previewPort, path, { Host: `127.0.0.1:${previewPort}`, Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const rebinding = await rawUpgrade(previewPort, path, { Host: `attacker.example:${previewPort}`, Origin: `http://attacker.example:${previewPort}` });
    expect(rebinding.status).toBe(403);
    client.send({ type: 'stop', runId: 'p' });
    await client.exit('p');
  });

  test('a run that claims the course server\'s port gets no preview of it; its own server is previewed', async () => {
    const client = await connect();
    const source = readFileSync(new URL('./fixtures/claims-port.ts', import.meta.url), 'utf8');
    client.send({ type: 'run', runId: 'liar', entry: 'main.ts', env: { CLAIM: String(port) }, files: { 'main.ts': source }, timeLimitMs: 60_000 });
    const own = (await client.next((m) => m.type === 'port' && m.runId === 'liar')) as { port: number; previewUrl: string };
    expect(own.port).not.toBe(port);
    expect(await (await fetch(own.previewUrl)).text()).toBe('own server');
    // The false report was checked against the kernel for well over its retry window: still nothing.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const ports = client.of('liar').filter((m) => m.type === 'port');
    expect(ports.map((m) => (m as { port: number }).port)).toEqual([own.port]);
    client.send({ type: 'stop', runId: 'liar' });
    await client.exit('liar');
  });

  test('run ids are scoped to their connection: the same id on two pages gives two previews, and one stop ends only its own', async () => {
    const [first, second] = [await connect(), await connect()];
    first.send({ type: 'run', runId: 'same', entry: 'main.ts', files: { 'main.ts': SERVER('first') }, timeLimitMs: 60_000 });
    second.send({ type: 'run', runId: 'same', entry: 'main.ts', files: { 'main.ts': SERVER('second') }, timeLimitMs: 60_000 });
    const a = (await first.next((m) => m.type === 'port')) as { previewUrl: string };
    const b = (await second.next((m) => m.type === 'port')) as { previewUrl: string };
    expect(a.previewUrl).not.toBe(b.previewUrl);
    expect(await (await fetch(a.previewUrl)).text()).toBe('first');
    expect(await (await fetch(b.previewUrl)).text()).toBe('second');
    // The preview URL carries no run id a page could guess.
    expect(a.previewUrl).not.toContain('same');
    first.send({ type: 'stop', runId: 'same' });
    await first.exit('same');
    expect((await fetch(a.previewUrl)).status).toBe(502);
    expect(await (await fetch(b.previewUrl)).text()).toBe('second');
    second.send({ type: 'stop', runId: 'same' });
    await second.exit('same');
  });
});

/**
 * Issue 9, items 7 (stdin backpressure) and 8 (fair share): hostile pages that flood a program's
 * input, hold connections open, or grab every long-running slot.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { IDLE_CLOSE_CODE, TOO_MANY_CONNECTIONS_CLOSE_CODE } from '../../src/runner/limits.ts';
import { eventually, ORIGIN, startTestServer, TestClient, type TestServer } from './helpers.ts';

const MiB = 1024 * 1024;
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await server.dispose();
});

async function serverWith(limits: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(limits);
  servers.push(server);
  return server;
}
async function clientOf(server: TestServer): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  return client;
}

describe('standard input is flow-controlled (item 7)', () => {
  test('a program that never reads gets at most the stdin buffer; the rest is refused with E_STDIN_FULL', async () => {
    const server = await serverWith({ stdinBufferBytes: 256 * 1024 });
    const client = await clientOf(server);
    client.send({ type: 'run', runId: 'deaf', entry: 'main.ts', files: { 'main.ts': "console.log('up'); setInterval(() => {}, 1000);" }, timeLimitMs: 60_000 });
    await client.next((m) => m.type === 'output' && m.runId === 'deaf');
    const chunk = 'x'.repeat(1 * MiB);
    for (let i = 0; i < 12; i += 1) client.send({ type: 'stdin', runId: 'deaf', data: chunk });
    const full = await client.next((m) => m.type === 'error' && m.code === 'E_STDIN_FULL');
    expect((full as { message: string }).message).toMatch(/has .* of input it has not read yet, more than the 256 KiB the runner holds/);
    // Messages are handled in order, so by the time the stop is, every stdin message was.
    client.send({ type: 'stop', runId: 'deaf' });
    expect((await client.exit('deaf')).reason).toBe('stopped');
    const refused = client.messages.filter((m) => m.type === 'error' && m.code === 'E_STDIN_FULL').length;
    // 12 MiB were sent; the pipe's own buffer and one message past the limit is all that was kept.
    expect(refused).toBeGreaterThanOrEqual(10);
  });

  test('a program that reads gets all of its input, however much', async () => {
    const server = await serverWith({ stdinBufferBytes: 64 * 1024 });
    const client = await clientOf(server);
    const reader = "let n = 0; process.stdin.on('data', (d) => { n += d.length; }); process.stdin.on('end', () => console.log(n));";
    client.send({ type: 'run', runId: 'reader', entry: 'main.ts', files: { 'main.ts': reader } });
    await client.next((m) => m.type === 'started');
    client.send({ type: 'stdin', runId: 'reader', data: 'y'.repeat(32 * 1024), end: true });
    expect(await client.exit('reader')).toMatchObject({ code: 0 });
    expect(client.output('reader')).toBe(`${32 * 1024}\n`);
  });
});

describe('fair share (item 8)', () => {
  test('connections past maxConnections are closed at once with 1013 and a stable code the page can read', async () => {
    const server = await serverWith({ maxConnections: 2 });
    await clientOf(server);
    await clientOf(server);
    const third = new WebSocket(server.url, { origin: ORIGIN });
    const [code, reason] = await new Promise<[number, string]>((resolve) => third.once('close', (closeCode, closeReason) => resolve([closeCode, String(closeReason)])));
    expect(code).toBe(TOO_MANY_CONNECTIONS_CLOSE_CODE);
    expect(reason).toBe('E_TOO_MANY_CONNECTIONS: 2 course tabs are connected, the most. Close some, then reload.');
    expect(server.runner.connectionCount).toBe(2);
  });

  test('an idle connection is closed with code 4000 so it frees its place', async () => {
    const server = await serverWith({ idleConnectionMs: 300 });
    const client = await clientOf(server);
    const [code] = await new Promise<[number]>((resolve) => client.socket.once('close', (closeCode) => resolve([closeCode])));
    expect(code).toBe(IDLE_CLOSE_CODE);
    await eventually(() => server.runner.connectionCount === 0, 2000, 'the runner to forget the connection');
  });

  test('a connection with a run going is not idle', async () => {
    const server = await serverWith({ idleConnectionMs: 300 });
    const client = await clientOf(server);
    client.send({ type: 'run', runId: 'busy', entry: 'main.ts', files: { 'main.ts': 'setTimeout(() => {}, 900);' } });
    expect(await client.exit('busy')).toMatchObject({ reason: 'exit' });
  });

  test('one page holds at most maxLongRunsPerConnection long runs, all pages at most maxLongRunsGlobal; short runs still start', async () => {
    const server = await serverWith({ maxLongRunsPerConnection: 1, maxLongRunsGlobal: 2 });
    const [a, b, c] = [await clientOf(server), await clientOf(server), await clientOf(server)];
    const long = { entry: 'main.ts', files: { 'main.ts': 'setInterval(() => {}, 1000);' }, timeLimitMs: 120_000 };
    a.send({ type: 'run', runId: 'long-1', ...long });
    await a.next((m) => m.type === 'started');
    const own = await a.sendExpectingError({ type: 'run', runId: 'long-2', ...long });
    expect(own.code).toBe('E_TOO_MANY_LONG_RUNS');
    expect(own.message).toContain('Stop it, then start this one again');
    b.send({ type: 'run', runId: 'long-3', ...long });
    await b.next((m) => m.type === 'started');
    const global = await c.sendExpectingError({ type: 'run', runId: 'long-4', ...long });
    expect(global.code).toBe('E_RUNNER_BUSY');
    expect(global.message).toContain('long-running programs');
    // An ordinary run, even with a lesson's longer time limit, is not long.
    c.send({ type: 'run', runId: 'short', entry: 'main.ts', files: { 'main.ts': "console.log('short')" }, timeLimitMs: 22_000 });
    expect(await c.exit('short')).toMatchObject({ code: 0 });
    for (const [client, runId] of [[a, 'long-1'], [b, 'long-3']] as const) {
      client.send({ type: 'stop', runId });
      await client.exit(runId);
    }
  });
});

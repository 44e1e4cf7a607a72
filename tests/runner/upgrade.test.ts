import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createRunner, startRunnerServer } from '../../src/runner/index.ts';
import { ORIGIN, rawUpgrade, startTestServer, TestClient, type TestServer } from './helpers.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('who may connect', () => {
  test('the right token from an allowed origin gets a WebSocket and a ready message', async () => {
    const client = await TestClient.connect(server.url);
    expect(client.messages[0]).toMatchObject({
      type: 'ready',
      protocolVersion: 1,
      nodeVersion: process.version,
      limits: { maxProcesses: 10, runWallTimeMs: 10_000 },
    });
    await client.close();
  });

  test('a page from another origin is refused with 403 before any WebSocket exists', async () => {
    const answer = await rawUpgrade(server.port, `/__runner?token=${server.runner.token}`, {
      Origin: 'https://evil.example',
      Host: `127.0.0.1:${server.port}`,
    });
    expect(answer).toMatchInlineSnapshot(`
      {
        "body": "Pages from "https://evil.example" may not use the code runner. Open the course from the server that started the runner and connect from its pages.",
        "status": 403,
      }
    `);
  });

  test('a missing Origin is refused', async () => {
    const answer = await rawUpgrade(server.port, `/__runner?token=${server.runner.token}`, {});
    expect(answer).toMatchInlineSnapshot(`
      {
        "body": "The request has no Origin header. Connect from a page of the course, or send the Origin of one.",
        "status": 403,
      }
    `);
  });

  test('a missing or wrong token is refused', async () => {
    expect(await rawUpgrade(server.port, '/__runner', { Origin: ORIGIN })).toMatchInlineSnapshot(`
      {
        "body": "The runner URL has no token. Add the ?token=… the course page was given; reload the page if it has none.",
        "status": 403,
      }
    `);
    expect(await rawUpgrade(server.port, '/__runner?token=', { Origin: ORIGIN })).toMatchInlineSnapshot(`
      {
        "body": "The runner URL has no token. Add the ?token=… the course page was given; reload the page if it has none.",
        "status": 403,
      }
    `);
    const wrong = server.runner.token.replace(/^./, (first) => (first === 'A' ? 'B' : 'A'));
    expect(await rawUpgrade(server.port, `/__runner?token=${wrong}`, { Origin: ORIGIN })).toMatchInlineSnapshot(`
      {
        "body": "The token in the runner URL does not match this server. The token changes every time the server starts; reload the page to get the current one.",
        "status": 403,
      }
    `);
  });

  test('a Host header that is not loopback (DNS rebinding) is refused', async () => {
    const answer = await rawUpgrade(server.port, `/__runner?token=${server.runner.token}`, {
      Origin: ORIGIN,
      Host: 'attacker.example:4321',
    });
    expect(answer).toMatchInlineSnapshot(`
      {
        "body": "The code runner only answers requests addressed to this computer, but the Host header is "attacker.example:4321". Open the course at http://localhost or http://127.0.0.1.",
        "status": 403,
      }
    `);
  });

  test('the ws client sees the refusal as an HTTP 403, not as an open socket', async () => {
    const socket = new WebSocket(server.url.replace(/token=[^&]+/, 'token=nope'), { origin: ORIGIN });
    const status = await new Promise<number>((resolve, reject) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened')));
      socket.on('error', () => {});
    });
    expect(status).toBe(403);
  });

  test('other paths are left to other upgrade handlers', async () => {
    const runner = createRunner({ allowedOrigins: [ORIGIN], log: () => {} });
    const other: string[] = [];
    const http = createServer();
    http.on('upgrade', (request, socket, head) => {
      if (!runner.handleUpgrade(request, socket, head)) {
        other.push(request.url ?? '');
        socket.end('HTTP/1.1 418 I am a teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as { port: number }).port;
    try {
      expect((await rawUpgrade(port, '/_vite_hmr', { Origin: ORIGIN })).status).toBe(418);
      expect((await rawUpgrade(port, '/__runner', { Origin: ORIGIN })).status).toBe(403);
      expect(other).toEqual(['/_vite_hmr']);
    } finally {
      await runner.close();
      http.close();
    }
  });

  test('every runner start has its own token', async () => {
    const runner = createRunner({ allowedOrigins: [ORIGIN], log: () => {} });
    expect(runner.token).not.toBe(server.runner.token);
    expect(runner.token.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    await runner.close();
  });

  test('the stand-alone server refuses to listen beyond loopback', async () => {
    await expect(startRunnerServer({ host: '0.0.0.0', allowedOrigins: [ORIGIN] })).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: The code runner must listen on a loopback address, not "0.0.0.0", because it runs any code it is sent. Use "127.0.0.1", "::1" or "localhost".]`);
  });

  test('an origin predicate can decide', async () => {
    const custom = await startRunnerServer({
      allowedOrigins: (origin) => origin.startsWith('http://localhost:'),
      log: () => {},
    });
    try {
      const client = await TestClient.connect(custom.url, 'http://localhost:9999');
      await client.close();
      const refused = await rawUpgrade(custom.port, `/__runner?token=${custom.runner.token}`, { Origin: 'http://127.0.0.1:9999' });
      expect(refused.status).toBe(403);
    } finally {
      await custom.close();
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRunnerConfig, parseRunnerConfig, RUNNER_CONFIG_PATH } from '../../src/sandbox/runner-config.ts';

const page = 'http://127.0.0.1:4321/foundations/polling/';

describe('parseRunnerConfig', () => {
  test('a path is resolved against the page and turned into a WebSocket URL', () => {
    expect(parseRunnerConfig({ url: '/__runner', token: 't' }, page, 'test')).toEqual({ url: 'ws://127.0.0.1:4321/__runner', token: 't' });
    expect(parseRunnerConfig({ url: '/__runner', token: 't' }, 'https://course.example/x/', 'test').url).toBe('wss://course.example/__runner');
    expect(parseRunnerConfig({ url: 'ws://[::1]:9000/__runner', token: 't' }, page, 'test').url).toBe('ws://[::1]:9000/__runner');
  });

  test('bad configurations say what is wrong and what to do', () => {
    const messages = [
      'nope',
      { token: 't' },
      { url: '/__runner', token: '' },
      { url: 'ftp://x/__runner', token: 't' },
    ].map((value) => {
      try {
        parseRunnerConfig(value, page, '<meta name="course-runner">');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(messages).toMatchInlineSnapshot(`
      [
        "The runner configuration from <meta name="course-runner"> is not an object with "url" and "token"; the course server wrote something else. Restart it with \`npm start\` or \`npm run dev\`.",
        "The runner configuration from <meta name="course-runner"> has no "url" (a string such as "/__runner"). Restart the course server with \`npm start\` or \`npm run dev\`.",
        "The runner configuration from <meta name="course-runner"> has no "token" (the secret the runner checks). Restart the course server with \`npm start\` or \`npm run dev\`.",
        "The runner configuration from <meta name="course-runner"> has the URL "ftp://x/__runner", but the runner is reached over ws:// or wss://.",
      ]
    `);
  });
});

describe('findRunnerConfig', () => {
  let server: Server;
  let origin: string;
  /** What the fake course server answers on /__runner/config, switched per test. */
  let answer: { status: number; type: string; body: string } = { status: 404, type: 'text/html', body: '<h1>Not found</h1>' };

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== RUNNER_CONFIG_PATH) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchConfig = () => fetch(`${origin}${RUNNER_CONFIG_PATH}`);

  test('the global wins over the meta tag, and the meta tag over the endpoint', async () => {
    const meta = JSON.stringify({ url: '/from-meta', token: 'm' });
    await expect(findRunnerConfig({ global: { url: '/from-global', token: 'g' }, meta, pageUrl: origin, fetchConfig })).resolves.toEqual({
      url: `${origin.replace('http', 'ws')}/from-global`,
      token: 'g',
    });
    await expect(findRunnerConfig({ meta, pageUrl: origin, fetchConfig })).resolves.toMatchObject({ token: 'm' });
  });

  test('without global or meta tag, /__runner/config is asked', async () => {
    answer = { status: 200, type: 'application/json', body: JSON.stringify({ url: '/__runner', token: 'e' }) };
    await expect(findRunnerConfig({ pageUrl: origin, fetchConfig })).resolves.toEqual({ url: `${origin.replace('http', 'ws')}/__runner`, token: 'e' });
  });

  test('a static host (404 page) or no server at all means there is no runner', async () => {
    answer = { status: 404, type: 'text/html', body: '<h1>Not found</h1>' };
    await expect(findRunnerConfig({ pageUrl: origin, fetchConfig })).resolves.toBeUndefined();
    await expect(findRunnerConfig({ pageUrl: origin, fetchConfig: () => fetch('http://127.0.0.1:1/__runner/config') })).resolves.toBeUndefined();
    await expect(findRunnerConfig({ pageUrl: origin })).resolves.toBeUndefined();
  });

  test('a meta tag that is not JSON is an error, not a silent "no runner"', async () => {
    await expect(findRunnerConfig({ meta: '{url:', pageUrl: origin, fetchConfig })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: The <meta name="course-runner"> tag of this page does not hold valid JSON. Restart the course server with \`npm start\` or \`npm run dev\`.]`,
    );
  });
});

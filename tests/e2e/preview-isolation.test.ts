/**
 * Issue 9, items 1–2, in real Chromium: a preview page (learner output, which may carry any script a
 * chat message smuggled in) embedded in a course page, as the sandbox embeds it. It tries to read the
 * course's localStorage, the runner token (/__runner/config) and to open the runner's WebSocket, and
 * writes what it got into its own page. All of it must fail, and the preview must still load inside
 * the cross-origin isolated course page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { launchBrowser } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
let runner: WebSocket;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  runner?.close();
  await browser?.close();
});

/** The attacker's page, served by the learner's server inside the preview. */
const ATTACK = `
import { createServer } from 'node:http';
const page = \`<!doctype html><meta charset="utf-8"><title>chat</title><pre id="result">running</pre><script type="module">
const course = \${JSON.stringify(process.env.COURSE)};
const results = {};
const attempt = async (name, action) => { try { results[name] = await action(); } catch (error) { results[name] = 'error:' + error.name; } };
await attempt('ownStorage', () => localStorage.getItem('course-secret'));
await attempt('parentStorage', () => parent.localStorage.getItem('course-secret'));
await attempt('parentDocument', () => parent.document.title);
await attempt('configCors', async () => (await fetch(course + '/__runner/config')).text());
await attempt('configNoCors', async () => { const r = await fetch(course + '/__runner/config', { mode: 'no-cors' }); return r.type + ':' + (await r.text()); });
await attempt('configHere', async () => (await (await fetch('/__runner/config')).text()).startsWith('{'));
await attempt('socket', () => new Promise((resolve) => {
  const socket = new WebSocket(course.replace('http', 'ws') + '/__runner?token=guessed');
  socket.onopen = () => resolve('open');
  socket.onclose = (event) => resolve('closed:' + event.code);
  setTimeout(() => resolve('timeout'), 5000);
}));
document.getElementById('result').textContent = JSON.stringify(results);
</script>\`;
createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(page); }).listen(0);
`;

test('a preview page cannot read the course\'s storage or the runner token, nor open the runner', { timeout: 60_000 }, async () => {
  const config = (await (await fetch(`${base}/__runner/config`)).json()) as { url: string; token: string };
  runner = new WebSocket(`${base.replace('http', 'ws')}${config.url}?token=${config.token}`, { origin: base });
  const messages: Array<{ type: string; previewUrl?: string }> = [];
  runner.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    runner.once('open', resolve);
    runner.once('error', reject);
  });
  runner.send(JSON.stringify({ type: 'run', runId: 'attack', entry: 'main.ts', files: { 'main.ts': ATTACK }, env: { COURSE: base }, timeLimitMs: 60_000 }));
  await expect.poll(() => messages.find((message) => message.type === 'port'), { timeout: 20_000 }).toBeTruthy();
  const previewUrl = messages.find((message) => message.type === 'port')!.previewUrl!;
  expect(new URL(previewUrl).origin).not.toBe(new URL(base).origin);

  const tab = await browser.newPage();
  try {
    await tab.goto(`${base}/`);
    expect(await tab.evaluate(() => crossOriginIsolated)).toBe(true);
    await tab.evaluate((src) => {
      localStorage.setItem('course-secret', 'S3CRET');
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
      frame.src = src;
      frame.id = 'preview';
      document.body.append(frame);
    }, previewUrl);
    const result = tab.frameLocator('#preview').locator('#result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).not.toBe('running');
    const got = JSON.parse((await result.textContent())!) as Record<string, unknown>;
    expect(got).toEqual({
      ownStorage: null,
      parentStorage: 'error:SecurityError',
      parentDocument: 'error:SecurityError',
      configCors: 'error:TypeError',
      // COEP require-corp in the preview, and CORP same-origin on the config: even an opaque read is blocked.
      configNoCors: 'error:TypeError',
      // On the preview origin the path is just another request to the learner's own server (which answers with this page).
      configHere: false,
      socket: 'closed:1006',
    });
    expect(JSON.stringify(got)).not.toContain(config.token);
  } finally {
    await tab.close();
    runner.send(JSON.stringify({ type: 'stop', runId: 'attack' }));
  }
});

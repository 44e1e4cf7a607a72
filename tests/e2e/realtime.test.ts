/**
 * Phases 2 and 3 in real Chromium: the browser's own EventSource against an HTTP/1.1 server (the
 * six-connections-per-origin limit the SSE lesson teaches), and one SSE and one WebSocket exercise
 * solved through the sandbox UI on the local runner, exactly as a learner would.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserForFile } from './browser.ts';
import { activate, check, islandData, lessonEmbedding, openSandboxLesson, pasteSolution } from './sandbox-page.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;
browserForFile((launched) => (browser = launched));

describe('EventSource over HTTP/1.1', () => {
  let server: Server;
  let origin: string;
  const streams = new Set<ServerResponse>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>ten streams</title><p>ten streams</p>');
        return;
      }
      if (!req.url?.startsWith('/events/')) {
        res.writeHead(404).end(); // e.g. /favicon.ico, which must not hold a connection of its own
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(`data: hello from ${req.url}\n\n`);
      streams.add(res);
      res.on('close', () => streams.delete(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of streams) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a page that opens ten streams to one origin gets only six; closing one lets the seventh in', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.evaluate(() => {
      const state = { opened: [] as number[], messages: [] as number[], sources: [] as EventSource[] };
      (window as unknown as { streams: typeof state }).streams = state;
      for (let i = 0; i < 10; i++) {
        const source = new EventSource(`/events/${i}`);
        source.onopen = () => state.opened.push(i);
        source.onmessage = () => state.messages.push(i);
        state.sources.push(source);
      }
    });
    const opened = () => page.evaluate(() => (window as unknown as { streams: { opened: number[] } }).streams.opened.length);
    await expect.poll(opened, { timeout: 10_000 }).toBe(6);
    // Give the other four every chance: they stay queued behind the browser's per-origin limit.
    await page.waitForTimeout(1000);
    expect(await opened()).toBe(6);
    expect(await page.evaluate(() => (window as unknown as { streams: { sources: EventSource[] } }).streams.sources.filter((s) => s.readyState === EventSource.CONNECTING).length)).toBe(4);
    expect(streams.size, 'the server sees exactly six open responses').toBe(6);
    await page.evaluate(() => (window as unknown as { streams: { sources: EventSource[]; opened: number[] } }).streams.sources[0]!.close());
    await expect.poll(opened, { timeout: 10_000 }).toBe(7);
    await page.close();
  });
});

describe("the SSE exercise's solution against Chromium's own EventSource", () => {
  test('a stream cut twice resumes from Last-Event-ID without loss or duplicates, and 204 stops reconnection', { timeout: 60_000 }, async () => {
    // The solution as a learner would finish it: starter/ with solution/ laid over it.
    const dir = mkdtempSync(join(tmpdir(), 'sse-resume-'));
    cpSync(join(root, 'sandboxes/sse-resume/starter'), dir, { recursive: true });
    cpSync(join(root, 'sandboxes/sse-resume/solution'), dir, { recursive: true });
    const { createFeed } = (await import(join(dir, 'feed.ts'))) as typeof import('../../sandboxes/sse-resume/solution/feed.ts');
    const feed = createFeed({ historyLimit: 100, retryMs: 150, heartbeatMs: 1000 });
    const sockets = new Set<Socket>();
    feed.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => feed.server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(feed.server.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`); // any page on the feed's origin, so the EventSource is same-origin
      await page.evaluate(() => {
        const state = { ids: [] as string[], opens: 0, source: new EventSource('/events') };
        state.source.onopen = () => state.opens++;
        state.source.onmessage = (event) => state.ids.push(event.lastEventId);
        (window as unknown as { feed: typeof state }).feed = state;
      });
      type FeedState = { ids: string[]; opens: number; source: EventSource };
      const state = () => page.evaluate(() => {
        const feedState = (window as unknown as { feed: FeedState }).feed;
        return { ids: feedState.ids, opens: feedState.opens, readyState: feedState.source.readyState };
      });
      await expect.poll(async () => (await state()).opens).toBe(1);
      let published = 0;
      const publish = (count: number) => {
        for (let i = 0; i < count; i++) feed.publish(`bid ${++published}`);
      };
      publish(5);
      await expect.poll(async () => (await state()).ids.length).toBe(5);
      for (const socket of sockets) socket.destroy(); // the network drops the stream
      publish(5); // published while the browser is disconnected
      await expect.poll(async () => (await state()).opens, { timeout: 10_000 }).toBe(2);
      await expect.poll(async () => (await state()).ids.length, { timeout: 10_000 }).toBe(10);
      for (const socket of sockets) socket.destroy();
      publish(3);
      await expect.poll(async () => (await state()).ids.length, { timeout: 10_000 }).toBe(13);
      feed.finish();
      await expect.poll(async () => (await state()).readyState, { timeout: 10_000 }).toBe(2);
      expect((await state()).ids).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
    } finally {
      await page.close();
      feed.server.closeAllConnections();
      await new Promise((resolve) => feed.server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe.each(['sse-resume', 'ws-chat'])('the %s exercise, solved in the browser', (sandboxId) => {
  test('the starter fails Check, the pasted solution passes it', { timeout: 180_000 }, async () => {
    const { tab, sandbox, errors } = await openSandboxLesson(browser, base, lessonEmbedding(root, sandboxId));
    const data = await islandData(sandbox);
    await activate(sandbox);
    expect(await check(sandbox)).toBe('bad');
    await pasteSolution(tab, sandbox, data);
    expect(await check(sandbox)).toBe('ok');
    expect(await sandbox.locator('[data-results-list] li[data-status="failed"]').count()).toBe(0);

    if (data.meta.preview) {
      // The solved server in the preview, spoken to by Chromium's own WebSocket through the course's proxy.
      await sandbox.getByRole('button', { name: 'Run' }).click();
      const frame = tab.frameLocator(`course-sandbox[data-sandbox-id="${sandboxId}"] iframe[data-preview-frame]`);
      await expect.poll(() => frame.locator('#status').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/Connected/);
      await frame.locator('#join button, #join [type="submit"]').first().click();
      const attack = '<img src=x onerror="document.title=\'pwned\'">';
      await frame.locator('#text').fill(attack);
      await frame.locator('#text').press('Enter');
      await expect.poll(() => frame.locator('#messages').textContent(), { timeout: 15_000 }).toContain(attack);
      expect(await frame.locator('#messages img').count(), 'user text is rendered as text, never as HTML').toBe(0);
      await sandbox.getByRole('button', { name: 'Stop' }).click();
    }
    expect(errors).toEqual([]);
    await tab.context().close();
  });
});

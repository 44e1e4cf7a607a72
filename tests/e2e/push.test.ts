/**
 * Phase 5 in real Chromium. Web Push: a real service worker receives a push message and shows a
 * notification, also while no page of its origin is open. Chromium's DevTools protocol delivers the
 * message straight to the registration (ServiceWorker.deliverPushMessage); no push service and no
 * encryption are involved, which the web-push-server sandbox covers against a local push service.
 * (Subscribing cannot be shown here: PushManager.subscribe() needs the browser vendor's push service,
 * and headless Chromium 156 rejects it offline with "AbortError: Registration failed - permission denied".)
 * HTTP/2: Chromium refuses Server Push (SETTINGS_ENABLE_PUSH = 0) and acts on 103 Early Hints, over
 * HTTPS with the sandbox's test certificate.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { Http2ServerRequest, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../../src/lib/chromium.ts';
import type { createSite as CreateSite } from '../../sandboxes/h2-push-early-hints/starter/site.ts';
import { TEST_CERT, TEST_KEY } from '../../sandboxes/h2-push-early-hints/starter/tls.ts';

const fixtures = fileURLToPath(new URL('../fixtures/web-push/', import.meta.url));
const exercise = fileURLToPath(new URL('../../sandboxes/h2-push-early-hints/', import.meta.url));
let browser: Browser;
let createSite: typeof CreateSite;
let solutionDir: string;

beforeAll(async () => {
  // The exercise's solution, laid over its starter as the runner does, so the server under test is the
  // one the sandbox grades.
  solutionDir = mkdtempSync(join(tmpdir(), 'h2-solution-'));
  cpSync(join(exercise, 'starter'), solutionDir, { recursive: true });
  cpSync(join(exercise, 'solution'), solutionDir, { recursive: true });
  ({ createSite } = (await import(pathToFileURL(join(solutionDir, 'site.ts')).href)) as { createSite: typeof CreateSite });
  // The certificate is self-signed for 127.0.0.1; only the HTTP/2 tests use HTTPS.
  browser = await chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'] });
});
afterAll(async () => {
  await browser?.close();
  rmSync(solutionDir, { recursive: true, force: true });
});

async function listen(server: Server | Http2SecureServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const close = (server: Server | Http2SecureServer): Promise<unknown> => new Promise((resolve) => server.close(resolve));

describe('Web Push: a service worker in Chromium', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const file = req.url === '/sw.js' ? 'sw.js' : req.url === '/' ? 'index.html' : undefined;
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
      res.end(readFileSync(`${fixtures}${file}`));
    });
    // http://127.0.0.1 is a secure context, so service workers and notifications work without TLS.
    origin = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await close(server);
  });

  async function notifications(page: Page): Promise<{ title: string; body: string }[]> {
    return page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body }));
    });
  }

  test('a push delivered to the registration wakes the worker, which shows the notification, with the page closed', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto(`${origin}/`);
    await expect.poll(() => page.textContent('#state'), { timeout: 10_000 }).toContain('Service worker active');
    const id = await registrationId;

    // With the page open: the worker, not the page, handles the push.
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data: JSON.stringify({ title: 'Goal!', body: 'Home 2–1 Away' }) });
    await expect.poll(() => notifications(page), { timeout: 10_000 }).toEqual([{ title: 'Goal!', body: 'Home 2–1 Away' }]);

    // Close every page of the origin, deliver from a blank page's DevTools session, then look again.
    const blank = await context.newPage();
    await page.close();
    const blankCdp = await context.newCDPSession(blank);
    await blankCdp.send('ServiceWorker.enable');
    await blankCdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: id, data: JSON.stringify({ title: 'Sale', body: 'Starts now' }) });
    await blank.waitForTimeout(500);
    const again = await context.newPage();
    await again.goto(`${origin}/`);
    await expect
      .poll(() => notifications(again), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([{ title: 'Sale', body: 'Starts now' }]));
    await context.close();
  });
});

describe('HTTP/2 Server Push and Early Hints in Chromium', () => {
  test('Chromium sends SETTINGS_ENABLE_PUSH = 0, so the push server cannot push to it; the page still loads', async () => {
    const site = createSite({ key: TEST_KEY, cert: TEST_CERT, mode: 'push', thinkMs: 50 });
    const seen: { path: string | undefined; version: string; enablePush: boolean | undefined }[] = [];
    site.on('request', (req) => {
      seen.push({ path: req.url, version: req.httpVersion, enablePush: req instanceof Http2ServerRequest ? req.stream.session?.remoteSettings.enablePush : undefined });
    });
    const origin = `https://127.0.0.1:${await listen(site)}`;
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(102, 51, 153)');
    expect(seen.find((r) => r.path === '/'), 'Chromium speaks HTTP/2 and forbids pushes').toMatchObject({ version: '2.0', enablePush: false });
    expect(seen.map((r) => r.path), 'With no push, the browser requests the stylesheet itself').toContain('/style.css');
    await page.close();
    await close(site);
  });

  // Its own Chromium process each attempt, and up to five retries: Chromium 156 sometimes ignores the 103
  // for this page, with the same server and flags. In 3 of 12 fresh browsers in a row (script, no test
  // runner) it reported no 103 and asked for the stylesheet only after the page (850–885 ms later, not
  // 12–88 ms): it acted as if no hint came. In one CI run all three attempts did so. The cause is not
  // understood yet; the assertions stay strict, and a fresh browser acts on the hint 3 times in 4.
  test('with 103 Early Hints, Chromium requests the stylesheet while the page is still being generated', { retry: 5 }, async () => {
    const browser = await chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'] });
    try {
      await earlyHintsScenario(browser);
    } finally {
      await browser.close();
    }
  });
});

/** Serves the exercise's page with 103 Early Hints and watches, from both ends, when the stylesheet is asked for. */
async function earlyHintsScenario(browser: Browser): Promise<void> {
  const THINK_MS = 800;
  const site = createSite({ key: TEST_KEY, cert: TEST_CERT, mode: 'early-hints', thinkMs: THINK_MS });
  const arrivals = new Map<string, number>();
  let pageSentAt = 0;
  site.on('request', (req, res) => {
    if (!arrivals.has(req.url)) arrivals.set(req.url, performance.now()); // the first request for each path
    if (req.url === '/') res.on('finish', () => (pageSentAt = performance.now()));
  });
  const origin = `https://127.0.0.1:${await listen(site)}`;
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const earlyHints: Record<string, string>[] = [];
  cdp.on('Network.responseReceivedEarlyHints', (event) => earlyHints.push(event.headers as Record<string, string>));
  await page.goto(`${origin}/`);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(102, 51, 153)');

  // The CDP session's events are dispatched apart from the page's load event, so the 103 may be
  // reported a moment after goto() resolves (seen once in a CI run): wait for it rather than race it.
  await expect.poll(() => earlyHints.length, { message: 'DevTools reports the 103 response', timeout: 5_000 }).toBe(1);
  expect(Object.entries(earlyHints[0]!).find(([name]) => name.toLowerCase() === 'link')?.[1]).toContain('</style.css>; rel=preload; as=style');
  const cssAt = arrivals.get('/style.css');
  expect(cssAt, 'Chromium fetched the stylesheet').toBeDefined();
  // Server-side clocks: the stylesheet request reached the server before the page's response had even
  // been written, i.e. during the server's think time. Without the hint it could only come after.
  expect(cssAt!, 'the stylesheet was requested before the page was sent').toBeLessThan(pageSentAt);
  expect(cssAt! - arrivals.get('/')!, 'and well within the think time').toBeLessThan(THINK_MS);
  // Not asserted: that the parser reused the preloaded response. With this untrusted certificate
  // Chromium 156 does not cache responses, so it requests /style.css a second time after the page
  // arrives; on a site with a trusted certificate the preload is served from the cache.
  await page.close();
  await close(site);
}

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createPoller, parseRetryAfter, type Poller, type Visibility } from '../poller.ts';

interface Seen {
  at: number;
  ifNoneMatch: string | undefined;
}

type Respond = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void;

const servers: http.Server[] = [];
const pollers: Poller[] = [];

afterEach(() => {
  vi.restoreAllMocks();
  for (const poller of pollers.splice(0)) poller.stop();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A test server that records when each request came and what If-None-Match it carried. */
async function startServer(respond: Respond): Promise<{ url: string; seen: Seen[]; inFlightMax: () => number }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  const server = http.createServer((req, res) => {
    seen.push({ at: performance.now(), ifNoneMatch: req.headers['if-none-match'] });
    inFlight += 1;
    inFlightMax = Math.max(inFlightMax, inFlight);
    res.on('close', () => (inFlight -= 1));
    respond(req, res, seen.length - 1);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`, seen, inFlightMax: () => inFlightMax };
}

function start(options: Parameters<typeof createPoller>[0]): Poller {
  const poller = createPoller(options);
  pollers.push(poller);
  return poller;
}

async function waitFor(condition: () => boolean, timeoutMs: number, explanation: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const gaps = (seen: readonly Seen[]): number[] => seen.slice(1).map((entry, i) => entry.at - (seen[i] as Seen).at);
const rounded = (values: readonly number[]): string => values.map((value) => Math.round(value)).join(', ');

/** Answers like a real conditional server: 304 when If-None-Match is the current tag. */
function versioned(state: { version: number }): Respond {
  return (req, res) => {
    const etag = `"v${state.version}"`;
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { etag }).end(`body ${state.version}`);
  };
}

const failWith503: Respond = (_req, res) => res.writeHead(503).end('try later');

/**
 * Jitter makes each wait random; these tests pin Math.random() just below 1, so every wait is its ceiling
 * min(maxBackoffMs, intervalMs × 2^n) and the timing is checked exactly. The jitter has tests of its own.
 */
function waitAtTheCeiling(): void {
  vi.spyOn(Math, 'random').mockReturnValue(0.999999);
}

describe('the poller asks conditionally', () => {
  test('sends If-None-Match with the last ETag, counts 304s, and calls onChange only for the 200', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 15, onChange: (body) => changes.push(body) });
    await waitFor(() => poller.stats.notModified >= 4, 1500, `After 1.5 s the poller has counted ${poller.stats.notModified} 304 answers; it should send If-None-Match with the ETag of the last 200 and count each 304 in stats.notModified.`);
    expect(server.seen[0]?.ifNoneMatch, 'The first poll has no ETag to send yet.').toBeUndefined();
    expect(server.seen.slice(1, 5).map((entry) => entry.ifNoneMatch), 'Every later poll sends the ETag it got.').toEqual(['"v1"', '"v1"', '"v1"', '"v1"']);
    expect(changes, 'onChange runs for the one 200 answer, never for a 304.').toEqual(['body 1']);
    expect(poller.stats.changed).toBe(1);
  });

  test('calls onChange with the new body when the resource changes, then sends the new ETag', async () => {
    const state = { version: 1 };
    const server = await startServer(versioned(state));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 15, onChange: (body) => changes.push(body) });
    await waitFor(() => poller.stats.notModified >= 2, 1500, 'The poller never counted two 304 answers.');
    state.version = 2;
    await waitFor(() => changes.length >= 2, 3000, `After the change, onChange got ${JSON.stringify(changes)}; it should also get "body 2".`);
    const countAfterChange = server.seen.length;
    await waitFor(() => server.seen.length >= countAfterChange + 2, 3000, 'The poller stopped polling after the change.');
    expect(changes).toEqual(['body 1', 'body 2']);
    expect(server.seen.at(-1)?.ifNoneMatch, 'After the change, polls carry the new ETag.').toBe('"v2"');
    expect(poller.stats.changed).toBe(2);
  });
});

describe('the poller is gentle with the server', () => {
  test('never has two polls in flight: the next poll waits for the previous answer', async () => {
    const server = await startServer((req, res) => setTimeout(() => res.writeHead(200, { etag: '"x"' }).end('slow'), 60));
    start({ url: server.url, intervalMs: 5, onChange: () => {} });
    await waitFor(() => server.seen.length >= 4, 3000, 'The poller did not make 4 requests within 3 s.');
    expect(server.inFlightMax(), 'Answers take 60 ms but the interval is 5 ms: start the next poll only after the previous one finished (setTimeout, not setInterval).').toBe(1);
  });

  test('backs off after 5xx answers: the ceiling doubles after each failure', async () => {
    waitAtTheCeiling();
    const server = await startServer(failWith503);
    const poller = start({ url: server.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 5, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Timers never fire early, so lower bounds hold on a busy machine too (2 ms of slack for rounding).
    [20, 40, 80, 160].forEach((expected, i) => {
      expect(waits[i], `Waits between polls were ${rounded(waits)} ms with Math.random() at its top; after failure ${i + 1} the ceiling is intervalMs × 2^${i + 1} = ${expected} ms.`).toBeGreaterThanOrEqual(expected - 2);
    });
    expect(poller.stats.failures).toBeGreaterThanOrEqual(4);
  });

  test('adds equal jitter: each wait is a random point in the upper half of its ceiling', async () => {
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 20, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 5, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    [40, 80, 160, 320].forEach((ceiling, i) => {
      expect(waits[i], `Waits between polls were ${rounded(waits)} ms; after failure ${i + 1} the wait is between ${ceiling / 2} and ${ceiling} ms (equal jitter never goes below half the ceiling).`).toBeGreaterThanOrEqual(ceiling / 2 - 2);
    });
    const total = waits.slice(0, 4).reduce((sum, wait) => sum + wait, 0);
    expect(total, `Waits between polls were ${rounded(waits)} ms; together they may not pass the ceilings' sum (600 ms) by more than scheduling noise.`).toBeLessThan(600 + 250);
  });

  test('the jitter is random: with Math.random() at 0 every wait is half its ceiling', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 50, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 4, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen).slice(0, 3);
    const total = waits.reduce((sum, wait) => sum + wait, 0);
    // Without jitter the three waits are their ceilings, 100 + 200 + 400 = 700 ms.
    expect(waits[2]!, `Waits between polls were ${rounded(waits)} ms: after each failure the ceiling doubles.`).toBeGreaterThan(waits[0]! * 2);
    expect(total, `With Math.random() returning 0 the three waits should be 50 + 100 + 200 = 350 ms, but they were ${rounded(waits)} ms: pick each wait as ceiling / 2 + Math.random() × ceiling / 2, so clients that failed together drift apart.`).toBeLessThan(550);
  });

  test('obeys Retry-After, in seconds or as an HTTP date, instead of its own backoff', async () => {
    const retryOnce = (value: () => string): Respond => (_req, res, index) =>
      index === 0 ? res.writeHead(503, { 'retry-after': value() }).end('busy') : res.writeHead(200, { etag: '"ok"' }).end('fine');
    const seconds = await startServer(retryOnce(() => '1'));
    // An HTTP date has whole seconds: 1.5 s ahead, rounded down, is 0.5 to 1.5 s away.
    const date = await startServer(retryOnce(() => new Date(Date.now() + 1500).toUTCString()));
    start({ url: seconds.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    start({ url: date.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => seconds.seen.length >= 2 && date.seen.length >= 2, 3000, 'After a 503 with Retry-After the poller never polled again.');
    const [afterSeconds] = gaps(seconds.seen);
    const [afterDate] = gaps(date.seen);
    expect(afterSeconds, `A 503 said "Retry-After: 1" and the poller came back after ${Math.round(afterSeconds!)} ms: the server's wait wins over the backoff.`).toBeGreaterThanOrEqual(990);
    expect(afterDate, `A 503 said Retry-After with a date about 1 s ahead and the poller came back after ${Math.round(afterDate!)} ms: Retry-After may be an HTTP date (Date.parse reads it).`).toBeGreaterThanOrEqual(400);
  });

  test('parseRetryAfter reads seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('Fri, 04 Dec 2026 21:30:00 GMT');
    expect(parseRetryAfter('120', now), '"120" means 120 seconds.').toBe(120_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 21:30:30 GMT', now), 'A date 30 s ahead means 30 000 ms.').toBe(30_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 21:00:00 GMT', now), 'A date in the past means "now": 0.').toBe(0);
    expect(parseRetryAfter('soon', now), 'Text that is neither is not a wait.').toBeUndefined();
    expect(parseRetryAfter(null, now), 'No header, no wait.').toBeUndefined();
  });

  test('caps the wait at maxBackoffMs', async () => {
    waitAtTheCeiling();
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 10, maxBackoffMs: 60, onChange: () => {} });
    await waitFor(() => server.seen.length >= 8, 5000, `Only ${server.seen.length} requests arrived in 5 s: the wait should stop growing at maxBackoffMs (60 ms).`);
    const waits = gaps(server.seen);
    // Uncapped, the 6th and 7th waits would be 640 and 1280 ms; capped, they are 60 ms.
    for (const wait of waits.slice(5, 7)) {
      expect(wait, `Waits between polls were ${rounded(waits)} ms; none may grow beyond maxBackoffMs (60 ms) by more than scheduling noise.`).toBeLessThan(400);
      expect(wait, `Waits between polls were ${rounded(waits)} ms (Math.random() at its top); once the doubled ceiling passes maxBackoffMs, every ceiling is maxBackoffMs (60 ms).`).toBeGreaterThanOrEqual(58);
    }
  });

  test('goes back to the normal interval after one success', async () => {
    waitAtTheCeiling();
    const server = await startServer((req, res, index) => (index < 4 ? failWith503(req, res, index) : res.writeHead(200, { etag: '"ok"' }).end('fine')));
    const poller = start({ url: server.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 7, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Requests 0–3 fail (waits 20, 40, 80, 160 ms); request 4 succeeds, so the waits after it are 10 ms again.
    // Without the reset they would stay at 160 ms or more.
    expect(waits[3], `Waits between polls were ${rounded(waits)} ms; after the fourth failure the wait is 160 ms.`).toBeGreaterThanOrEqual(158);
    expect(waits[4], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (10 ms).`).toBeLessThan(120);
    expect(waits[5], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (10 ms).`).toBeLessThan(120);
    expect(poller.stats.failures).toBe(4);
  });

  test('treats network errors like 5xx: it keeps going, but backs off', async () => {
    waitAtTheCeiling();
    // Take a port, then free it: connecting to it is refused.
    const server = await startServer(failWith503);
    const { url } = server;
    const closed = servers.pop() as http.Server;
    closed.close();
    await once(closed, 'close');
    const poller = start({ url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // With backoff the attempts come at 0, 20, 60, 140 ms (and 300): about 4. Without it: about 25.
    expect(poller.stats.failures, 'Refused connections count as failures.').toBeGreaterThanOrEqual(2);
    expect(poller.stats.failures, `${poller.stats.failures} attempts in 250 ms: a refused connection must double the wait just like a 5xx answer.`).toBeLessThanOrEqual(6);
  });

  test('stop() ends the polling (the starter already does: keep it so)', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const poller = start({ url: server.url, intervalMs: 10, onChange: () => {} });
    await waitFor(() => server.seen.length >= 3, 3000, 'The poller did not make 3 requests within 3 s.');
    poller.stop();
    const count = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.seen.length, 'No request may start after stop().').toBe(count);
  });
});

/** A stand-in for document.visibilityState and visibilitychange that the test flips by hand. */
function fakeVisibility(hidden: boolean): Visibility & { set(hidden: boolean): void; listeners: Set<() => void> } {
  const listeners = new Set<() => void>();
  return {
    listeners,
    isHidden: () => hidden,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      hidden = next;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('the poller sleeps while the page is hidden', () => {
  test('schedules nothing while hidden, and polls at once when shown again', async () => {
    // The first answer takes 80 ms, and the page is hidden while it is in flight: it may finish, but
    // nothing may be scheduled after it.
    const answer = versioned({ version: 1 });
    const server = await startServer((req, res, index) => (index === 0 ? setTimeout(() => answer(req, res, index), 80) : answer(req, res, index)));
    const visibility = fakeVisibility(false);
    start({ url: server.url, intervalMs: 300, onChange: () => {}, visibility });
    await waitFor(() => server.seen.length >= 1, 2000, 'The poller never made its first request.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    visibility.set(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(server.seen.length, 'The page was hidden (while a poll was in flight) for 450 ms with a 300 ms interval: a hidden page must not poll, nor schedule a poll after the one in flight (nobody sees the data).').toBe(1);
    const shownAt = performance.now();
    visibility.set(false);
    await waitFor(() => server.seen.length >= 2, 2000, 'After the page was shown again the poller never polled.');
    const delay = (server.seen[1] as Seen).at - shownAt;
    expect(delay, `The poller polled ${Math.round(delay)} ms after the page was shown; the data is probably stale, so poll at once instead of waiting a whole interval (300 ms).`).toBeLessThan(150);
  });

  test('does not start polling in a page that is hidden from the start', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const visibility = fakeVisibility(true);
    start({ url: server.url, intervalMs: 20, onChange: () => {}, visibility });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.seen.length, 'The page was hidden all along: wait for it to be shown before the first poll.').toBe(0);
    visibility.set(false);
    await waitFor(() => server.seen.length >= 1, 1000, 'The page was shown, but the poller did not poll.');
  });

  test('stop() also stops listening for visibility changes', async () => {
    const server = await startServer(versioned({ version: 1 }));
    const visibility = fakeVisibility(false);
    const poller = start({ url: server.url, intervalMs: 20, onChange: () => {}, visibility });
    await waitFor(() => server.seen.length >= 1, 2000, 'The poller never made its first request.');
    expect(visibility.listeners.size, 'Listen for visibility changes with options.visibility.onChange.').toBe(1);
    poller.stop();
    expect(visibility.listeners.size, 'After stop() the poller must call the function onChange returned, or a stopped poller would wake up when the page is shown.').toBe(0);
    visibility.set(true);
    visibility.set(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const count = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(server.seen.length).toBe(count);
  });
});

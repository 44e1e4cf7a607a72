import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test, vi, type TestContext } from 'vitest';
import { createPoller, parseRetryAfter, type Poller, type Visibility } from '../poller.ts';

interface Seen {
  at: number;
  ifNoneMatch: string | undefined;
}

type Respond = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void;

/** Math.random() while tests pin it: tests that run at once may pin it only to the same value, and share it. */
let pinned: { value: number; users: number; restore: () => void } | undefined;

/**
 * What one test starts (servers, pollers, mocks), undone when that test finishes. Many tests run
 * concurrently with their neighbours (test.concurrent), so nothing here is shared between tests.
 */
function harness({ onTestFinished }: TestContext) {
  return {
    /** A test server that records when each request came and what If-None-Match it carried. */
    async startServer(respond: Respond): Promise<{ url: string; seen: Seen[]; inFlightMax: () => number }> {
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
      onTestFinished(() => {
        server.closeAllConnections();
        server.close();
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`, seen, inFlightMax: () => inFlightMax };
    },

    start(options: Parameters<typeof createPoller>[0]): Poller {
      const poller = createPoller(options);
      onTestFinished(() => poller.stop());
      return poller;
    },

    /**
     * Jitter makes each wait random; some tests pin Math.random(): just below 1, every wait is its ceiling
     * min(maxBackoffMs, intervalMs × 2^n) and the timing is checked exactly. The jitter has tests of its own.
     */
    pinRandom(value: number): void {
      if (pinned && pinned.value !== value) throw new Error('Tests that run at the same time pin Math.random() to different values.');
      if (!pinned) {
        const random = vi.spyOn(Math, 'random').mockReturnValue(value);
        pinned = { value, users: 0, restore: () => random.mockRestore() };
      }
      pinned.users += 1;
      onTestFinished(() => {
        if (pinned && --pinned.users === 0) {
          pinned.restore();
          pinned = undefined;
        }
      });
    },

    /** Moves the clock Date.now() reads by offsetMs; timers and performance.now() are untouched. */
    shiftClock(offsetMs: number): void {
      const realNow = Date.now.bind(Date);
      const now = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
      onTestFinished(() => now.mockRestore());
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, explanation: string | (() => string)): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(typeof explanation === 'string' ? explanation : explanation());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Watches for ms for something that must not happen, and returns early when it does: a wrong poller fails at once. */
async function watch(forbidden: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!forbidden() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
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

describe('the poller asks conditionally', () => {
  test.concurrent('sends If-None-Match with the last ETag, counts 304s, and calls onChange only for the 200', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer(versioned({ version: 1 }));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 10, onChange: (body) => changes.push(body) });
    const explanation = (): string => `After ${server.seen.length} polls the poller has counted ${poller.stats.notModified} 304 answers; it should send If-None-Match with the ETag of the last 200 and count each 304 in stats.notModified.`;
    // By the time the sixth poll arrives, the answers to polls 2–5 have been read: all 304s for a poller that asks conditionally.
    await waitFor(() => poller.stats.notModified >= 4 || server.seen.length >= 6, 1500, explanation);
    if (poller.stats.notModified < 4) throw new Error(explanation());
    expect(server.seen[0]?.ifNoneMatch, 'The first poll has no ETag to send yet.').toBeUndefined();
    expect(server.seen.slice(1, 5).map((entry) => entry.ifNoneMatch), 'Every later poll sends the ETag it got.').toEqual(['"v1"', '"v1"', '"v1"', '"v1"']);
    expect(changes, 'onChange runs for the one 200 answer, never for a 304.').toEqual(['body 1']);
    expect(poller.stats.changed).toBe(1);
  });

  test.concurrent('calls onChange with the new body when the resource changes, then sends the new ETag', async (context) => {
    const { startServer, start } = harness(context);
    const state = { version: 1 };
    const server = await startServer(versioned(state));
    const changes: string[] = [];
    const poller = start({ url: server.url, intervalMs: 10, onChange: (body) => changes.push(body) });
    await waitFor(() => poller.stats.notModified >= 2 || server.seen.length >= 4, 1500, 'The poller never counted two 304 answers.');
    if (poller.stats.notModified < 2) throw new Error('The poller never counted two 304 answers.');
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
  test('never has two polls in flight: the next poll waits for the previous answer', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer((req, res) => setTimeout(() => res.writeHead(200, { etag: '"x"' }).end('slow'), 40));
    start({ url: server.url, intervalMs: 5, onChange: () => {} });
    await waitFor(() => server.seen.length >= 3 || server.inFlightMax() > 1, 3000, 'The poller did not make 3 requests within 3 s.');
    expect(server.inFlightMax(), 'Answers take 40 ms but the interval is 5 ms: start the next poll only after the previous one finished (setTimeout, not setInterval).').toBe(1);
  });

  test('backs off after 5xx answers: the ceiling doubles after each failure', async (context) => {
    const { startServer, start, pinRandom } = harness(context);
    pinRandom(0.999999);
    const server = await startServer(failWith503);
    const poller = start({ url: server.url, intervalMs: 5, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 4, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Timers never fire early, so lower bounds hold on a busy machine too (2 ms of slack for rounding).
    [10, 20, 40].forEach((expected, i) => {
      expect(waits[i], `Waits between polls were ${rounded(waits)} ms with Math.random() at its top; after failure ${i + 1} the ceiling is intervalMs × 2^${i + 1} = ${expected} ms.`).toBeGreaterThanOrEqual(expected - 2);
    });
    expect(poller.stats.failures).toBeGreaterThanOrEqual(3);
  });

  test('adds equal jitter: each wait is a random point in the upper half of its ceiling', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 5, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 5, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    [10, 20, 40, 80].forEach((ceiling, i) => {
      expect(waits[i], `Waits between polls were ${rounded(waits)} ms; after failure ${i + 1} the wait is between ${ceiling / 2} and ${ceiling} ms (equal jitter never goes below half the ceiling).`).toBeGreaterThanOrEqual(ceiling / 2 - 2);
    });
    const total = waits.slice(0, 4).reduce((sum, wait) => sum + wait, 0);
    expect(total, `Waits between polls were ${rounded(waits)} ms; together they may not pass the ceilings' sum (150 ms) by more than scheduling noise.`).toBeLessThan(150 + 250);
  });

  test('the jitter is random: with Math.random() at 0 every wait is half its ceiling', async (context) => {
    const { startServer, start, pinRandom } = harness(context);
    pinRandom(0);
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 20, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 4, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen).slice(0, 3);
    const total = waits.reduce((sum, wait) => sum + wait, 0);
    // Half of the third ceiling (160 ms) is 80 ms. Without jitter the three waits are their ceilings,
    // 40 + 80 + 160 = 280 ms at the least (timers never fire early), so below 270 ms proves the halving.
    expect(waits[2]!, `Waits between polls were ${rounded(waits)} ms: after each failure the ceiling doubles.`).toBeGreaterThanOrEqual(78);
    expect(total, `With Math.random() returning 0 the three waits should be 20 + 40 + 80 = 140 ms, but they were ${rounded(waits)} ms: pick each wait as ceiling / 2 + Math.random() × ceiling / 2, so clients that failed together drift apart.`).toBeLessThan(270);
  });

  test.concurrent('obeys Retry-After, in seconds or as an HTTP date, instead of its own backoff', async (context) => {
    const { startServer, start, shiftClock } = harness(context);
    const retryOnce = (value: () => string): Respond => (_req, res, index) =>
      index === 0 ? res.writeHead(503, { 'retry-after': value() }).end('busy') : res.writeHead(200, { etag: '"ok"' }).end('fine');
    // "Retry-After: 0" means "now": the poller must not wait out its own backoff (200 to 400 ms here) first.
    const seconds = await startServer(retryOnce(() => '0'));
    // An HTTP date has whole seconds, so the test names the next whole second and moves the clock that
    // Date.now() reads to 200 ms before it: the date is then exactly 200 ms ahead, without a real 1 s wait.
    const date = await startServer(
      retryOnce(() => {
        const ahead = Math.ceil((Date.now() + 200) / 1000) * 1000;
        shiftClock(ahead - 200 - Date.now());
        return new Date(ahead).toUTCString();
      }),
    );
    start({ url: seconds.url, intervalMs: 200, maxBackoffMs: 10_000, onChange: () => {} });
    start({ url: date.url, intervalMs: 10, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => seconds.seen.length >= 2 && date.seen.length >= 2, 1000, 'After a 503 with Retry-After the poller never polled again.');
    const [afterSeconds] = gaps(seconds.seen);
    const [afterDate] = gaps(date.seen);
    expect(afterSeconds, `A 503 said "Retry-After: 0" and the poller came back after ${Math.round(afterSeconds!)} ms: the server's wait wins over the backoff, even a wait of 0 s.`).toBeLessThan(150);
    expect(afterDate, `A 503 said Retry-After with a date 200 ms ahead and the poller came back after ${Math.round(afterDate!)} ms: Retry-After may be an HTTP date (Date.parse reads it).`).toBeGreaterThanOrEqual(190);
  });

  test.concurrent('parseRetryAfter reads seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('Fri, 04 Dec 2026 21:30:00 GMT');
    expect(parseRetryAfter('120', now), '"120" means 120 seconds.').toBe(120_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 21:30:30 GMT', now), 'A date 30 s ahead means 30 000 ms.').toBe(30_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 21:00:00 GMT', now), 'A date in the past means "now": 0.').toBe(0);
    expect(parseRetryAfter('soon', now), 'Text that is neither is not a wait.').toBeUndefined();
    expect(parseRetryAfter(null, now), 'No header, no wait.').toBeUndefined();
  });

  test.concurrent('caps the wait at maxBackoffMs', async (context) => {
    const { startServer, start, pinRandom } = harness(context);
    pinRandom(0.999999);
    const server = await startServer(failWith503);
    start({ url: server.url, intervalMs: 5, maxBackoffMs: 50, onChange: () => {} });
    await waitFor(() => server.seen.length >= 8, 5000, `Only ${server.seen.length} requests arrived in 5 s: the wait should stop growing at maxBackoffMs (50 ms).`);
    const waits = gaps(server.seen);
    // The ceilings are 10, 20, 40, then 50 ms from the 4th wait on. Uncapped, the 6th and 7th would be 320 and 640 ms.
    for (const wait of waits.slice(3, 7)) {
      expect(wait, `Waits between polls were ${rounded(waits)} ms (Math.random() at its top); once the doubled ceiling passes maxBackoffMs, every ceiling is maxBackoffMs (50 ms).`).toBeGreaterThanOrEqual(48);
    }
    for (const wait of waits.slice(5, 7)) {
      expect(wait, `Waits between polls were ${rounded(waits)} ms; none may grow beyond maxBackoffMs (50 ms) by more than scheduling noise.`).toBeLessThan(250);
    }
  });

  test.concurrent('goes back to the normal interval after one success', async (context) => {
    const { startServer, start, pinRandom } = harness(context);
    pinRandom(0.999999);
    const server = await startServer((req, res, index) => (index < 4 ? failWith503(req, res, index) : res.writeHead(200, { etag: '"ok"' }).end('fine')));
    const poller = start({ url: server.url, intervalMs: 8, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => server.seen.length >= 7, 5000, `Only ${server.seen.length} requests arrived in 5 s.`);
    const waits = gaps(server.seen);
    // Requests 0–3 fail (waits 16, 32, 64, 128 ms); request 4 succeeds, so the waits after it are 8 ms again.
    // Without the reset they would stay at 128 ms or more.
    expect(waits[3], `Waits between polls were ${rounded(waits)} ms; after the fourth failure the wait is 128 ms.`).toBeGreaterThanOrEqual(126);
    expect(waits[4], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (8 ms).`).toBeLessThan(100);
    expect(waits[5], `Waits between polls were ${rounded(waits)} ms; after the success the failure count resets and the wait is intervalMs (8 ms).`).toBeLessThan(100);
    expect(poller.stats.failures).toBe(4);
  });

  test('treats network errors like 5xx: it keeps going, but backs off', async (context) => {
    const { start } = harness(context);
    // Take a port, then free it: connecting to it is refused.
    const probe = http.createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/status`;
    probe.close();
    await once(probe, 'close');
    const started = performance.now();
    const poller = start({ url, intervalMs: 5, maxBackoffMs: 10_000, onChange: () => {} });
    await waitFor(() => poller.stats.failures >= 2, 1000, 'Refused connections count as failures.');
    await new Promise((resolve) => setTimeout(resolve, started + 120 - performance.now()));
    // With backoff the attempts come at 0, 5–10, 15–30, 35–70 and 75–150 ms: at most 5. Without it: about 20.
    expect(poller.stats.failures, 'Refused connections count as failures.').toBeGreaterThanOrEqual(2);
    expect(poller.stats.failures, `${poller.stats.failures} attempts in 120 ms: a refused connection must double the wait just like a 5xx answer.`).toBeLessThanOrEqual(6);
  });

  test('stop() ends the polling (the starter already does: keep it so)', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer(versioned({ version: 1 }));
    const poller = start({ url: server.url, intervalMs: 10, onChange: () => {} });
    await waitFor(() => server.seen.length >= 3, 3000, 'The poller did not make 3 requests within 3 s.');
    poller.stop();
    const count = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
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
  test.concurrent('schedules nothing while hidden, and polls at once when shown again', async (context) => {
    const { startServer, start } = harness(context);
    // The first answer is held until the page is hidden, so that poll is in flight when it happens: it
    // may finish, but nothing may be scheduled after it.
    const answer = versioned({ version: 1 });
    let answerFirst = (): void => {};
    const server = await startServer((req, res, index) => (index === 0 ? (answerFirst = () => answer(req, res, index)) : answer(req, res, index)));
    const visibility = fakeVisibility(false);
    start({ url: server.url, intervalMs: 150, onChange: () => {}, visibility });
    await waitFor(() => server.seen.length >= 1, 2000, 'The poller never made its first request.');
    visibility.set(true);
    answerFirst();
    // A poller that polls while hidden does so 150 ms after that answer; stop looking as soon as it does.
    await watch(() => server.seen.length > 1, 250);
    expect(server.seen.length, 'The page was hidden (while a poll was in flight) for 250 ms with a 150 ms interval: a hidden page must not poll, nor schedule a poll after the one in flight (nobody sees the data).').toBe(1);
    const shownAt = performance.now();
    visibility.set(false);
    await waitFor(() => server.seen.length >= 2, 2000, 'After the page was shown again the poller never polled.');
    const delay = (server.seen[1] as Seen).at - shownAt;
    expect(delay, `The poller polled ${Math.round(delay)} ms after the page was shown; the data is probably stale, so poll at once instead of waiting a whole interval (150 ms).`).toBeLessThan(100);
  });

  test.concurrent('does not start polling in a page that is hidden from the start', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer(versioned({ version: 1 }));
    const visibility = fakeVisibility(true);
    start({ url: server.url, intervalMs: 20, onChange: () => {}, visibility });
    // A poller that ignores the hidden page polls at once; stop looking as soon as it does.
    await watch(() => server.seen.length > 0, 100);
    expect(server.seen.length, 'The page was hidden all along: wait for it to be shown before the first poll.').toBe(0);
    visibility.set(false);
    await waitFor(() => server.seen.length >= 1, 1000, 'The page was shown, but the poller did not poll.');
  });

  test.concurrent('stop() also stops listening for visibility changes', async (context) => {
    const { startServer, start } = harness(context);
    const server = await startServer(versioned({ version: 1 }));
    const visibility = fakeVisibility(false);
    const poller = start({ url: server.url, intervalMs: 20, onChange: () => {}, visibility });
    await waitFor(() => server.seen.length >= 1, 2000, 'The poller never made its first request.');
    expect(visibility.listeners.size, 'Listen for visibility changes with options.visibility.onChange.').toBe(1);
    poller.stop();
    expect(visibility.listeners.size, 'After stop() the poller must call the function onChange returned, or a stopped poller would wake up when the page is shown.').toBe(0);
    visibility.set(true);
    visibility.set(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const count = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(server.seen.length).toBe(count);
  });
});

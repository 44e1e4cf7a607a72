import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backoffDelay, connectWithRetry } from '../client.ts';
import { startRedis, type RedisProcess } from '../redis.ts';
import { startFanoutServer, type FanoutServer } from '../server.ts';
import type { WebSocket as WsSocket } from 'ws';
import { WebSocket } from 'ws';
import { settleWithin } from './harness.ts';

let redis: RedisProcess;
const servers: FanoutServer[] = [];
const sockets: WsSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 10_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(servers.splice(0).map((server) => server.drain()));
  await redis?.stop();
});

/** Opens a socket and resolves with "welcome" or the close code it got instead. */
function attempt(port: number, id: string): Promise<'welcome' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/?id=${id}`);
    sockets.push(socket);
    socket.on('error', () => {});
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'welcome') resolve('welcome');
    });
    socket.on('close', (code) => resolve(code));
  });
}

describe('admission control', () => {
  test('30 connections in one moment against a budget of 10 per tick: the excess is refused with 1013 Try Again Later', async () => {
    const server = await startFanoutServer({ name: 'x', redisUrl: redis.url, admitPerTick: 10, tickMs: 2000 });
    servers.push(server);
    const outcomes = await settleWithin(Promise.all(Array.from({ length: 30 }, (_, i) => attempt(server.port, `herd-${i}`))), 3000, 'Some connections got neither a welcome nor a close within 3 s.');
    const admitted = outcomes.filter((outcome) => outcome === 'welcome').length;
    const refused = outcomes.filter((outcome) => outcome !== 'welcome');
    expect(refused.length, `All 30 were admitted at once. Count the connections of the current tick and close those over admitPerTick with 1013.`).toBeGreaterThanOrEqual(10);
    expect(new Set(refused), 'A refusal is the close code 1013 "Try Again Later", which tells a client to come back later.').toEqual(new Set([1013]));
    expect(admitted, 'The budget is 10 per tick; 30 arrived within at most two ticks.').toBeLessThanOrEqual(20);
    expect(admitted, 'Admission control refuses the excess, not everybody.').toBeGreaterThanOrEqual(10);
  });

  test('the budget renews every tick: a client refused now is admitted after the tick', async () => {
    const server = await startFanoutServer({ name: 'y', redisUrl: redis.url, admitPerTick: 2, tickMs: 200 });
    servers.push(server);
    const first = await Promise.all([attempt(server.port, 'p'), attempt(server.port, 'q'), attempt(server.port, 'r')]);
    expect(first.filter((outcome) => outcome === 1013).length, 'The third of three simultaneous connections is over a budget of 2.').toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await attempt(server.port, 'later'), 'Two ticks later the count must have been reset (setInterval every tickMs).').toBe('welcome');
  });
});

describe('a reconnect storm, handled on both sides', () => {
  test('40 clients storming a server that admits 8 per 100 ms all get in, by backing off with jitter', { timeout: 15_000 }, async () => {
    const server = await startFanoutServer({ name: 'z', redisUrl: redis.url, admitPerTick: 8, tickMs: 100 });
    servers.push(server);
    const refusals: number[] = [];
    const started = performance.now();
    const connected = await settleWithin(
      Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          connectWithRetry(`ws://127.0.0.1:${server.port}/?id=storm-${i}`, { baseMs: 100, capMs: 2000, maxAttempts: 12, onRefused: (code) => refusals.push(code) }),
        ),
      ),
      10_000,
      'Not all 40 clients got in within 10 s.',
    );
    sockets.push(...connected);
    const seconds = (performance.now() - started) / 1000;
    expect(refusals.length, 'The storm should have hit the admission budget (1013) at least once.').toBeGreaterThan(0);
    expect(server.clients(), `All 40 clients are connected after ${seconds.toFixed(1)} s.`).toBe(40);
  });
});

describe('backoffDelay: exponential backoff with full jitter', () => {
  test('the delay is random() × min(cap, base × 2^attempt)', () => {
    expect(backoffDelay(0, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 0: half of 100 ms.').toBe(50);
    expect(backoffDelay(3, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 3: half of 100 × 2³ = 800 ms.').toBe(400);
    expect(backoffDelay(3, { baseMs: 100, capMs: 5000, random: () => 0 }), 'random() = 0 means "try again at once": full jitter starts at 0.').toBe(0);
    expect(backoffDelay(10, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 10: 100 × 2¹⁰ = 102,400 ms is capped at 5,000; half of it.').toBe(2500);
  });

  test('uses the defaults 100 ms and 5 s, and never reaches the ceiling', () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const delay = backoffDelay(attempt, { random: () => 0.999999 });
      const ceiling = Math.min(5000, 100 * 2 ** attempt);
      expect(delay, `attempt ${attempt}: random() is below 1, so the delay stays below the ceiling of ${ceiling} ms; returning the ceiling itself means there is no jitter.`).toBeLessThan(ceiling);
      expect(delay, `attempt ${attempt}: with random() close to 1 the delay is close to the ceiling of ${ceiling} ms (base 100 ms doubled per attempt, capped at 5000 ms).`).toBeGreaterThan(0.99 * ceiling);
    }
  });

  test('1000 clients dropped together spread their retries over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4)); // ceiling 1,600 ms
    const distinct = new Set(delays.map((delay) => Math.round(delay)));
    expect(distinct.size, 'Without jitter every client waits the same time and they all return in the same moment: multiply the ceiling by Math.random().').toBeGreaterThan(500);
    expect(Math.min(...delays), 'Full jitter spreads from 0…').toBeLessThan(100);
    expect(Math.max(...delays), '…to just under the ceiling of 1,600 ms.').toBeGreaterThan(1500);
    expect(Math.max(...delays)).toBeLessThan(1600);
  });
});

// One spec file on purpose: every spec file costs a worker of its own, which imports ioredis and ws again and
// starts its own Redis. The tests of servers in this process run first, one after the other, while the two
// server processes start; then the tests of those processes run concurrently (each with its own client ids
// and texts, at most 5 at once); the garbage test and draining run last and alone.
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebSocket as WsSocket } from 'ws';
import { WebSocket } from 'ws';
import { startBalancer, type Balancer } from '../balancer.ts';
import { backoffDelay, connectWithRetry } from '../client.ts';
import { startRedis, type RedisProcess } from '../redis.ts';
import { startFanoutServer, type FanoutServer } from '../server.ts';
import { chatsIn, connect, eventually, QUIET_MS, settleWithin, sleep, startServerProcess, stopServerProcesses, type ServerProcess, type TestClient } from './harness.ts';

interface Deployment {
  a: ServerProcess;
  b: ServerProcess;
  balancer: Balancer;
}

let redis: RedisProcess;
/** Server processes a and b behind the balancer; awaited by the tests that need them, so the others run meanwhile. */
let deployment: Promise<Deployment>;
let balancer: Balancer | undefined;
/** The in-process servers of the admission and storm tests. */
const servers: FanoutServer[] = [];
const sockets: WsSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  deployment = (async () => {
    const [a, b] = await Promise.all([startServerProcess('a', redis.url), startServerProcess('b', redis.url)]);
    balancer = await startBalancer([a.port, b.port]);
    return { a, b, balancer };
  })();
  deployment.catch(() => {}); // reported by every test that awaits it
}, 10_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await balancer?.close();
  await stopServerProcesses();
  await Promise.all(servers.splice(0).map((server) => server.drain()));
  await redis?.stop();
});

/** Starting two Node processes can take seconds on a busy machine; the tests' own deadlines stay short. */
const WITH_PROCESSES = { timeout: 20_000 };

/**
 * Set by the first test. The later tests need working fan-out too; when it is known to be broken they fail
 * at once with a pointer to the first test, instead of each waiting out its own deadline.
 */
let reportFanout: (problem: string | undefined) => void = () => {};
const fanoutVerdict = new Promise<string | undefined>((resolve) => (reportFanout = resolve));
async function requireFanout(): Promise<void> {
  const fanoutProblem = await fanoutVerdict;
  if (fanoutProblem) throw new Error(`Fan-out does not work yet, so this test cannot either. Fix the first test ("a message said on server a reaches…") first: ${fanoutProblem}`);
}

/** Waits until every client holds `text` once, then a little longer, so that duplicates show up too. */
async function deliveredEverywhere(clients: TestClient[], text: string): Promise<void> {
  await eventually(() => clients.every((client) => chatsIn(client, text) >= 1), 1000);
  await sleep(QUIET_MS);
}

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
    // On a busy machine three handshakes can straddle a tick boundary and all fit; then another burst tries.
    let first: ('welcome' | number)[] = [];
    for (let burst = 0; burst < 3 && !first.includes(1013); burst += 1) {
      first = await Promise.all([attempt(server.port, `p${burst}`), attempt(server.port, `q${burst}`), attempt(server.port, `r${burst}`)]);
    }
    expect(first.filter((outcome) => outcome === 1013).length, 'The third of three simultaneous connections is over a budget of 2.').toBeGreaterThanOrEqual(1);
    // Knocks again until admitted, for at most two ticks: a count that is reset lets one in within a tick.
    const deadline = performance.now() + 450;
    let later = await attempt(server.port, 'later');
    while (later !== 'welcome' && performance.now() < deadline) {
      await sleep(25);
      later = await attempt(server.port, 'later');
    }
    expect(later, 'Two ticks later the count must have been reset (setInterval every tickMs).').toBe('welcome');
  });
});

describe('a reconnect storm, handled on both sides', () => {
  test('20 clients storming a server that admits 4 per 50 ms all get in, by backing off with jitter', { timeout: 15_000 }, async () => {
    const server = await startFanoutServer({ name: 'z', redisUrl: redis.url, admitPerTick: 4, tickMs: 50 });
    servers.push(server);
    const refusals: number[] = [];
    const started = performance.now();
    const connected = await settleWithin(
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          connectWithRetry(`ws://127.0.0.1:${server.port}/?id=storm-${i}`, { baseMs: 50, capMs: 2000, maxAttempts: 12, onRefused: (code) => refusals.push(code) }),
        ),
      ),
      10_000,
      'Not all 20 clients got in within 10 s.',
    );
    sockets.push(...connected);
    const seconds = (performance.now() - started) / 1000;
    expect(refusals.length, 'The storm should have hit the admission budget (1013) at least once.').toBeGreaterThan(0);
    expect(server.clients(), `All 20 clients are connected after ${seconds.toFixed(1)} s.`).toBe(20);
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

describe.concurrent('fan-out across two server processes through Redis', WITH_PROCESSES, () => {
  test('a message said on server a reaches every client of a AND of b, exactly once each', async () => {
    let fanoutProblem: string | undefined = 'the first test has not finished.';
    try {
      const { a, b } = await deployment;
      const [a1, a2, b1, b2] = await Promise.all([connect(a.port, 'a1'), connect(a.port, 'a2'), connect(b.port, 'b1'), connect(b.port, 'b2')]);
      a1.say('hello from a');
      await deliveredEverywhere([a1, a2, b1, b2], 'hello from a');
      const counts = [a1, a2, b1, b2].map((client) => chatsIn(client, 'hello from a'));
      fanoutProblem = counts.every((count) => count === 1) ? undefined : `clients a1, a2, b1 and b2 received ${counts.join(', ')} copies instead of 1 each.`;
      expect(chatsIn(a2, 'hello from a'), 'a2 is on the same process as the sender: it must get the message (once).').toBe(1);
      expect(chatsIn(b1, 'hello from a'), 'b1 is on the OTHER process: only Redis can carry the message there. Publish to Redis, and deliver what the subscriber receives.').toBe(1);
      expect(chatsIn(b2, 'hello from a')).toBe(1);
      expect(chatsIn(a1, 'hello from a'), 'The sender sees its own message once, as it comes back from Redis. Twice means you broadcast locally AND deliver from Redis.').toBe(1);
      const message = a2.inbox.find((m) => m.type === 'message' && m.text === 'hello from a');
      expect(message, 'A chat message names the sender and the server it was said on.').toEqual({ type: 'message', from: 'a1', server: 'a', text: 'hello from a' });
    } finally {
      reportFanout(fanoutProblem);
    }
  });

  test('and the other way round: said on b, delivered on a', async () => {
    const { a, b } = await deployment;
    await requireFanout();
    const [a1, b1] = await Promise.all([connect(a.port, 'a3'), connect(b.port, 'b3')]);
    b1.say('hello from b');
    await deliveredEverywhere([a1, b1], 'hello from b');
    expect(chatsIn(a1, 'hello from b'), 'A client of a must receive what was said on b.').toBe(1);
    expect(chatsIn(b1, 'hello from b'), 'Local clients get each message exactly once.').toBe(1);
  });

  test('through the sticky balancer: one id always lands on the same server, and both servers are used', async () => {
    const { balancer } = await deployment;
    const first = await connect(balancer.port, 'zoe');
    const again = await connect(balancer.port, 'zoe');
    expect(again.server, 'The balancer hashes the id: the same id must reach the same process.').toBe(first.server);
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => connect(balancer.port, `user-${i}`)));
    const servers = new Set(clients.map((client) => client.server));
    expect([...servers].sort(), '8 ids should spread over both processes.').toEqual(['a', 'b']);
    await requireFanout();
    clients[0]?.say('via the balancer');
    await deliveredEverywhere(clients, 'via the balancer');
    expect(clients.map((client) => chatsIn(client, 'via the balancer')), 'Every client behind the balancer, on either process, gets the message once.').toEqual(clients.map(() => 1));
  });
});

describe.concurrent('malformed input', WITH_PROCESSES, () => {
  test('bad frames get an error reply, and the server keeps serving everyone', async () => {
    const { a, b } = await deployment;
    const [rude, listener] = await Promise.all([connect(a.port, 'rude'), connect(b.port, 'listener')]);
    for (const frame of ['not json', '{"type":"say"}', '{"type":"say","text":42}', '[1,2,3]', 'null', '{"type":"shout","text":"x"}']) rude.socket.send(frame);
    rude.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await eventually(() => rude.inbox.filter((m) => m.type === 'error').length >= 7, 1000);
    expect(rude.inbox.filter((m) => m.type === 'error').length, 'Each of the 7 bad frames gets an { type: "error" } answer.').toBe(7);
    expect(a.child.exitCode, 'Server a must still be running.').toBe(null);
    await requireFanout();
    rude.say('still here');
    await deliveredEverywhere([rude, listener], 'still here');
    expect(chatsIn(listener, 'still here'), 'After the bad frames, fan-out still works.').toBe(1);
  });

  test('a frame above 16 KiB closes only its sender (1009), and nothing else', async () => {
    const { a, b } = await deployment;
    const [big, bystander, other] = await Promise.all([connect(a.port, 'big'), connect(a.port, 'bystander'), connect(b.port, 'other')]);
    const closed = once(big.socket, 'close') as Promise<[number]>;
    big.socket.send(JSON.stringify({ type: 'say', text: 'x'.repeat(20_000) }));
    const [code] = await closed;
    expect(code, 'ws answers an oversized frame with 1009 Message Too Big.').toBe(1009);
    await requireFanout();
    bystander.say('after the big one');
    await deliveredEverywhere([bystander, other], 'after the big one');
    expect(chatsIn(other, 'after the big one')).toBe(1);
  });
});

// Last but one and alone: a server that crashes on the garbage would fail the tests running beside it too.
describe('malformed input', WITH_PROCESSES, () => {
  test('garbage published on the Redis channel by another program reaches no client and crashes no server', async () => {
    const { a, b } = await deployment;
    const [onA, onB] = await Promise.all([connect(a.port, 'watcher-a'), connect(b.port, 'watcher-b')]);
    const intruder = new Redis(redis.url);
    try {
      for (const raw of ['not json', '{"type":"message"}', '{"type":"message","from":1,"server":"x","text":"x"}', '[]']) await intruder.publish('chat', raw);
    } finally {
      intruder.disconnect();
    }
    await sleep(QUIET_MS);
    const chats = (client: TestClient) => client.inbox.filter((m) => m.type !== 'welcome');
    expect(chats(onA), 'Only well-formed chat messages may reach clients: read what Redis delivers with parseChatMessage and skip the rest.').toEqual([]);
    expect(chats(onB)).toEqual([]);
    expect([a.child.exitCode, b.child.exitCode], 'Both server processes must still run.').toEqual([null, null]);
    await requireFanout();
    onA.say('after the garbage');
    await deliveredEverywhere([onA, onB], 'after the garbage');
    expect(chatsIn(onB, 'after the garbage')).toBe(1);
  });
});

describe('draining on deploy', WITH_PROCESSES, () => {
  test('on SIGTERM a server closes its clients with 1001 Going Away, and they reconnect to the other through the balancer', async () => {
    const { b, balancer } = await deployment;
    const clients = await Promise.all(Array.from({ length: 6 }, (_, i) => connect(balancer.port, `drain-${i}`)));
    const onB = clients.filter((client) => client.server === 'b');
    expect(onB.length, 'Some of these ids land on b.').toBeGreaterThan(0);
    const codes = onB.map((client) => once(client.socket, 'close').then(([code]) => code as number));
    b.child.kill('SIGTERM');
    expect(await Promise.all(codes), 'Every client of b is told 1001 Going Away, so it knows to reconnect elsewhere.').toEqual(onB.map(() => 1001));
    await once(b.child, 'exit');
    const moved = await connect(balancer.port, 'drain-moved');
    const back = onB[0] ? await connect(balancer.port, `drain-${clients.indexOf(onB[0])}`) : moved;
    expect(back.server, 'With b gone, the balancer sends b\'s ids to a.').toBe('a');
  });
});

import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBalancer, type Balancer } from '../balancer.ts';
import { startRedis, type RedisProcess } from '../redis.ts';
import { chatsIn, connect, eventually, QUIET_MS, sleep, startServerProcess, stopServerProcesses, type ServerProcess, type TestClient } from './harness.ts';

let redis: RedisProcess;
let a: ServerProcess;
let b: ServerProcess;
let balancer: Balancer;

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startServerProcess('a', redis.url), startServerProcess('b', redis.url)]);
  balancer = await startBalancer([a.port, b.port]);
}, 30_000);

afterAll(async () => {
  await balancer?.close();
  await stopServerProcesses();
  await redis?.stop();
});

/**
 * Set by the first test. The later tests need working fan-out too; when it is already known to be broken
 * they fail at once with a pointer to the first test, instead of each waiting out its own timeout.
 */
let fanoutProblem: string | undefined;
function requireFanout(): void {
  if (fanoutProblem) throw new Error(`Fan-out does not work yet, so this test cannot either. Fix the first test ("a message said on server a reaches…") first: ${fanoutProblem}`);
}

/** Waits until every client holds `text` once, then a little longer, so that duplicates show up too. */
async function deliveredEverywhere(clients: TestClient[], text: string): Promise<void> {
  await eventually(() => clients.every((client) => chatsIn(client, text) >= 1), 1500);
  await sleep(QUIET_MS);
}

describe('fan-out across two server processes through Redis', () => {
  test('a message said on server a reaches every client of a AND of b, exactly once each', async () => {
    fanoutProblem = 'the first test has not finished.';
    const [a1, a2, b1, b2] = [await connect(a.port, 'a1'), await connect(a.port, 'a2'), await connect(b.port, 'b1'), await connect(b.port, 'b2')];
    a1.say('hello from a');
    await deliveredEverywhere([a1, a2, b1, b2], 'hello from a');
    const counts = [a1, a2, b1, b2].map((client) => chatsIn(client, 'hello from a'));
    fanoutProblem = counts.every((count) => count === 1) ? undefined : `clients a1, a2, b1 and b2 received ${counts.join(', ')} copies instead of 1 each.`;
    expect(chatsIn(a2, 'hello from a'), 'a2 is on the same process as the sender: it must get the message (once).').toBe(1);
    expect(chatsIn(b1, 'hello from a'), 'b1 is on the OTHER process: only Redis can carry the message there. Publish to Redis, and deliver what the subscriber receives.').toBe(1);
    expect(chatsIn(b2, 'hello from a')).toBe(1);
    expect(chatsIn(a1, 'hello from a'), 'The sender sees its own message once, as it comes back from Redis. Twice means you broadcast locally AND deliver from Redis.').toBe(1);
    const message = a2.inbox.find((m) => m.type === 'message');
    expect(message, 'A chat message names the sender and the server it was said on.').toEqual({ type: 'message', from: 'a1', server: 'a', text: 'hello from a' });
  });

  test('and the other way round: said on b, delivered on a', async () => {
    requireFanout();
    const [a1, b1] = [await connect(a.port, 'a3'), await connect(b.port, 'b3')];
    b1.say('hello from b');
    await deliveredEverywhere([a1, b1], 'hello from b');
    expect(chatsIn(a1, 'hello from b'), 'A client of a must receive what was said on b.').toBe(1);
    expect(chatsIn(b1, 'hello from b'), 'Local clients get each message exactly once.').toBe(1);
  });

  test('through the sticky balancer: one id always lands on the same server, and both servers are used', async () => {
    requireFanout();
    const first = await connect(balancer.port, 'zoe');
    const again = await connect(balancer.port, 'zoe');
    expect(again.server, 'The balancer hashes the id: the same id must reach the same process.').toBe(first.server);
    const servers = new Set<string>();
    const clients: TestClient[] = [];
    for (let i = 0; i < 8; i += 1) {
      const client = await connect(balancer.port, `user-${i}`);
      servers.add(client.server);
      clients.push(client);
    }
    expect([...servers].sort(), '8 ids should spread over both processes.').toEqual(['a', 'b']);
    clients[0]?.say('via the balancer');
    await deliveredEverywhere(clients, 'via the balancer');
    expect(clients.map((client) => chatsIn(client, 'via the balancer')), 'Every client behind the balancer, on either process, gets the message once.').toEqual(clients.map(() => 1));
  });
});

describe('malformed input', () => {
  test('bad frames get an error reply, and the server keeps serving everyone', async () => {
    const [rude, listener] = [await connect(a.port, 'rude'), await connect(b.port, 'listener')];
    for (const frame of ['not json', '{"type":"say"}', '{"type":"say","text":42}', '[1,2,3]', 'null', '{"type":"shout","text":"x"}']) rude.socket.send(frame);
    rude.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await eventually(() => rude.inbox.filter((m) => m.type === 'error').length >= 7, 1000);
    expect(rude.inbox.filter((m) => m.type === 'error').length, 'Each of the 7 bad frames gets an { type: "error" } answer.').toBe(7);
    expect(a.child.exitCode, 'Server a must still be running.').toBe(null);
    requireFanout();
    rude.say('still here');
    await deliveredEverywhere([rude, listener], 'still here');
    expect(chatsIn(listener, 'still here'), 'After the bad frames, fan-out still works.').toBe(1);
  });

  test('garbage published on the Redis channel by another program reaches no client and crashes no server', async () => {
    const [onA, onB] = [await connect(a.port, 'watcher-a'), await connect(b.port, 'watcher-b')];
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
    requireFanout();
    onA.say('after the garbage');
    await deliveredEverywhere([onA, onB], 'after the garbage');
    expect(chatsIn(onB, 'after the garbage')).toBe(1);
  });

  test('a frame above 16 KiB closes only its sender (1009), and nothing else', async () => {
    const [big, bystander] = [await connect(a.port, 'big'), await connect(a.port, 'bystander')];
    const closed = once(big.socket, 'close') as Promise<[number]>;
    big.socket.send(JSON.stringify({ type: 'say', text: 'x'.repeat(20_000) }));
    const [code] = await closed;
    expect(code, 'ws answers an oversized frame with 1009 Message Too Big.').toBe(1009);
    const other = await connect(b.port, 'other');
    requireFanout();
    bystander.say('after the big one');
    await deliveredEverywhere([bystander, other], 'after the big one');
    expect(chatsIn(other, 'after the big one')).toBe(1);
  });
});

describe('draining on deploy', () => {
  test('on SIGTERM a server closes its clients with 1001 Going Away, and they reconnect to the other through the balancer', async () => {
    const clients: TestClient[] = [];
    for (let i = 0; i < 6; i += 1) clients.push(await connect(balancer.port, `drain-${i}`));
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

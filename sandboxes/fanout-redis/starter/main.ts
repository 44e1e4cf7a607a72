// The whole deployment on one machine: a real Redis, two server processes (your server.ts), a sticky
// balancer in front, then three scenes: fan-out, a reconnect storm, and a deploy that drains server b.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import { startBalancer } from './balancer.ts';
import { connectWithRetry } from './client.ts';
import type { ServerMessage } from './protocol.ts';
import { startRedis } from './redis.ts';

const redis = await startRedis();
console.log(`Redis is up at ${redis.url}.`);
const children: ChildProcess[] = [];

async function serverProcess(name: string): Promise<number> {
  const child = fork(fileURLToPath(new URL('./server-process.ts', import.meta.url)), [], {
    env: { ...process.env, SERVER_NAME: name, REDIS_URL: redis.url, ADMIT_PER_TICK: '10', TICK_MS: '100' },
  });
  children.push(child);
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  return ready.port;
}

const sockets: WebSocket[] = [];
try {
  const ports = await Promise.all([serverProcess('a'), serverProcess('b')]);
  const balancer = await startBalancer(ports);
  console.log(`Server a on port ${ports[0]}, server b on port ${ports[1]}, the sticky balancer on port ${balancer.port}.\n`);

  // Scene 1: six users through the balancer; one of them speaks.
  const homes = new Map<string, string>();
  const heard = new Map<string, number>();
  for (const user of ['ana', 'bo', 'cy', 'dee', 'eli', 'fay']) {
    const socket = await connectWithRetry(`ws://127.0.0.1:${balancer.port}/?id=${user}`, {
      onMessage(message: ServerMessage) {
        if (message.type === 'welcome') homes.set(user, message.server);
        if (message.type === 'message') heard.set(user, (heard.get(user) ?? 0) + 1);
      },
    });
    sockets.push(socket);
  }
  console.log('Scene 1, fan-out. Where each user landed:', Object.fromEntries(homes));
  sockets[0]?.send(JSON.stringify({ type: 'say', text: 'Hello, everyone on every server!' }));
  sockets[1]?.send('this is not JSON'); // must not crash anything
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log('Copies of ana\'s message each user received (1 everywhere is right):', Object.fromEntries([...homes.keys()].map((user) => [user, heard.get(user) ?? 0])));

  // Scene 2: 60 clients arrive at once, as after an outage; each server admits 10 per 100 ms.
  let refusals = 0;
  const started = performance.now();
  const storm = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) =>
      connectWithRetry(`ws://127.0.0.1:${balancer.port}/?id=storm-${i}`, { onRefused: () => (refusals += 1) }),
    ),
  );
  const joined = storm.filter((result) => result.status === 'fulfilled');
  for (const result of joined) sockets.push(result.value);
  console.log(`\nScene 2, a reconnect storm: ${joined.length} of 60 clients connected in ${Math.round(performance.now() - started)} ms, after ${refusals} refusals (1013 Try Again Later).`);

  // Scene 3: deploy server b. It drains (1001 Going Away); its clients come back through the balancer, to a.
  const goingAway: number[] = [];
  for (const socket of sockets) socket.once('close', (code) => goingAway.push(code));
  const mover = [...homes].find(([, server]) => server === 'b')?.[0] ?? 'ana';
  const before = performance.now();
  children[1]?.kill('SIGTERM');
  await once(children[1] as ChildProcess, 'exit');
  console.log(`\nScene 3, draining b: ${goingAway.filter((code) => code === 1001).length} clients were closed with 1001 Going Away.`);
  const moved = await connectWithRetry(`ws://127.0.0.1:${balancer.port}/?id=${mover}`, {
    onMessage: (message) => message.type === 'welcome' && console.log(`${mover}, who was on b, reconnected and landed on server ${message.server} after ${Math.round(performance.now() - before)} ms.`),
  });
  sockets.push(moved);
  await balancer.close();
} catch (error) {
  console.log(`\nThe demo stopped: ${(error as Error).message}`);
} finally {
  for (const socket of sockets) socket.terminate();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await redis.stop();
}

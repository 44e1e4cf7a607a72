// Runs one workload over one transport: start its server in a child process, subscribe N clients, publish
// one update per second, then a burst, and measure what happened.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { now } from './clock.ts';
import type { ServerCommand } from './server-process.ts';
import { summarize } from './summary.ts';
import { loadTransport, type TransportKey } from './transports/index.ts';
import { POLL_INTERVAL_MS, type FeedClient } from './transports/types.ts';

export interface Workload {
  clients: number;
  /** Updates at one per second, before the burst. */
  updates: number;
  /** Updates published back to back at the end. */
  burst: number;
}

export interface LabRow {
  transport: string;
  /** Messages that should have arrived (clients × (updates + burst)) and those that did, each once. */
  expected: number;
  delivered: number;
  /** Latency of the updates sent at one per second: the everyday case. */
  p50Ms: number;
  p95Ms: number;
  /** 95th percentile latency of the burst: how long until a sudden batch has (nearly) all arrived. */
  burstP95Ms: number;
  /** Bytes both ways on the server's sockets while updates flowed, divided by the messages delivered. */
  bytesPerMessage: number;
  /** HTTP requests (or RPC calls, or MQTT subscriptions) and TCP connections over the whole run. */
  requests: number;
  connections: number;
  /** Growth of the server's heap plus external memory with all clients subscribed, per client. */
  memoryPerClientKiB: number;
}

const SERVER_ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a command and waits for the server's answer (one command at a time). */
async function ask<T>(server: ChildProcess, command: ServerCommand): Promise<T> {
  const answer = once(server, 'message') as Promise<[T]>;
  server.send(command);
  return (await answer)[0];
}

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = now() + ms;
  while (!(await condition())) {
    if (now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** One transport with its server running and its clients subscribed, ready to measure. */
export interface Prepared {
  key: TransportKey;
  name: string;
  server: ChildProcess;
  clients: FeedClient[];
  /** Per client, the seqs it received (each counted once). */
  seen: Array<Set<number>>;
  /** Latencies of the one-per-second updates and of the burst, kept apart because they answer different questions. */
  steady: number[];
  burst: number[];
  memoryPerClientKiB: number;
}

/** Starts the transport's server process and subscribes `workload.clients` clients. */
export async function prepare(key: TransportKey, workload: Workload): Promise<Prepared> {
  const transport = await loadTransport(key);
  // --expose-gc lets the server collect garbage before it reports memory, so the numbers are live objects.
  const server = fork(SERVER_ENTRY, [key], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const prepared: Prepared = { key, name: transport.name, server, clients: [], seen: [], steady: [], burst: [], memoryPerClientKiB: Number.NaN };
  try {
    const [ready] = (await Promise.race([
      once(server, 'message'),
      once(server, 'exit').then(([code]) => Promise.reject(new Error(`the ${transport.name} server process exited with code ${code} before it was ready`))),
    ])) as [{ port: number }];
    const before = await ask<{ bytes: number }>(server, { type: 'memory' });
    prepared.seen = Array.from({ length: workload.clients }, () => new Set<number>());
    const connected = await Promise.allSettled(
      prepared.seen.map((mine, index) =>
        transport.connectClient(ready.port, `client-${index}`, (update) => {
          if (mine.has(update.seq)) return; // a duplicate is not a second delivery
          mine.add(update.seq);
          (update.seq <= workload.updates ? prepared.steady : prepared.burst).push(now() - update.sentAt);
        }),
      ),
    );
    for (const result of connected) if (result.status === 'fulfilled') prepared.clients.push(result.value);
    const failed = connected.find((result) => result.status === 'rejected');
    if (failed) throw new Error(`a ${transport.name} client could not subscribe: ${(failed.reason as Error).message}`);
    await waitUntil(async () => (await ask<{ subscribers: number }>(server, { type: 'stats' })).subscribers >= workload.clients, 3000);
    const after = await ask<{ bytes: number }>(server, { type: 'memory' });
    prepared.memoryPerClientKiB = (after.bytes - before.bytes) / workload.clients / 1024;
    return prepared;
  } catch (error) {
    await finish(prepared);
    throw error;
  }
}

/**
 * Publishes the updates at `firstTick`, `firstTick` + 1 s, … (times on clock.ts's clock), the burst one
 * second after the last of them, waits for delivery, and returns the measured row. Always stops the server.
 */
export async function measure(prepared: Prepared, workload: Workload, firstTick: number): Promise<LabRow> {
  const { server, seen } = prepared;
  try {
    const start = await ask<{ bytes: number }>(server, { type: 'stats' });
    for (let seq = 1; seq <= workload.updates; seq += 1) {
      await sleep(firstTick + (seq - 1) * 1000 - now());
      await ask(server, { type: 'publish', seq });
    }
    await sleep(firstTick + workload.updates * 1000 - now());
    await ask(server, { type: 'burst', fromSeq: workload.updates + 1, count: workload.burst });
    const perClient = workload.updates + workload.burst;
    // One poll interval for the pollers, plus time for the lab's own process to read every delivery.
    await waitUntil(() => seen.every((mine) => mine.size >= perClient), POLL_INTERVAL_MS + 2000 + perClient * workload.clients * 0.5);
    const end = await ask<{ bytes: number; requests: number; connections: number }>(server, { type: 'stats' });

    const delivered = seen.reduce((sum, mine) => sum + mine.size, 0);
    const { p50, p95 } = summarize(prepared.steady);
    return {
      transport: prepared.name,
      expected: perClient * workload.clients,
      delivered,
      p50Ms: p50,
      p95Ms: p95,
      burstP95Ms: summarize(prepared.burst).p95,
      bytesPerMessage: delivered > 0 ? (end.bytes - start.bytes) / delivered : Number.NaN,
      requests: end.requests,
      connections: end.connections,
      memoryPerClientKiB: prepared.memoryPerClientKiB,
    };
  } finally {
    await finish(prepared);
  }
}

/** Closes the clients, asks the server process to close, and kills it if it does not exit within 2 s. */
async function finish({ clients, server }: Prepared): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => {})));
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  if (server.connected) server.send({ type: 'close' } satisfies ServerCommand);
  const killer = setTimeout(() => server.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(killer);
}

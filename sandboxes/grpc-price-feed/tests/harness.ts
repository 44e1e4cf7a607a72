// Shared by the specs: a real price feed server from ../feed-server.ts on 127.0.0.1 and a free port, real
// @grpc/grpc-js clients (directly, or through a relay that can cut connections), and a log that counts how
// far the server has read from it, to see how many ticks it has taken ahead of a slow client.
import * as grpc from '@grpc/grpc-js';
import { createPriceFeedServer, listenPriceFeed } from '../feed-server.ts';
import { connectPriceFeed } from '../prices-proto.ts';
import type { PriceFeedClient, Tick } from '../prices-proto.ts';
import { startTcpProxy } from '../tcp-proxy.ts';
import type { TcpProxy } from '../tcp-proxy.ts';
import { TickLog } from '../tick-log.ts';

/** A TickLog that remembers the highest seq anybody has read: how far the server's cursor has got. */
export class WatchedLog extends TickLog {
  highestRead = 0;
  override read(seq: number): Tick | undefined {
    const tick = super.read(seq);
    if (tick && seq > this.highestRead) this.highestRead = seq;
    return tick;
  }
  /** Appends `count` ticks for ACME with a made-up price. */
  appendMany(count: number): void {
    for (let i = 0; i < count; i += 1) this.append('ACME', 10_000 + ((this.latestSeq * 7) % 500));
  }
}

const cleanups: (() => void | Promise<void>)[] = [];

export async function stopEverything(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export interface Feed {
  log: WatchedLog;
  port: number;
  client: PriceFeedClient;
}

/** A log holding `ticks` ticks (and keeping at most `capacity`), a server for it, and a direct client. */
export async function startFeed(ticks = 0, capacity = 100_000): Promise<Feed> {
  const log = new WatchedLog(capacity);
  log.appendMany(ticks);
  const server = createPriceFeedServer(log);
  cleanups.push(() => server.forceShutdown());
  const port = await listenPriceFeed(server);
  return { log, port, client: connect(port) };
}

export function connect(port: number): PriceFeedClient {
  const client = connectPriceFeed(`127.0.0.1:${port}`);
  cleanups.push(() => client.close());
  return client;
}

export async function relayTo(port: number): Promise<TcpProxy> {
  const relay = await startTcpProxy(port);
  cleanups.push(() => relay.close());
  return relay;
}

/** Everything one Subscribe call delivers, and how it ended. */
export interface Subscription {
  call: grpc.ClientReadableStream<Tick>;
  ticks: Tick[];
  status?: grpc.StatusObject;
}

export function subscribe(client: PriceFeedClient, afterSeq: number): Subscription {
  const call = client.subscribe({ afterSeq });
  const subscription: Subscription = { call, ticks: [] };
  call.on('data', (tick: Tick) => subscription.ticks.push(tick));
  call.on('error', () => {}); // reported through `status`
  call.on('status', (status: grpc.StatusObject) => (subscription.status = status));
  cleanups.push(() => call.cancel());
  return subscription;
}

export const statusName = (code: number | undefined): string => `${grpc.status[code ?? grpc.status.OK] ?? 'unknown'} (${code ?? grpc.status.OK})`;
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms until it holds, or fails with `explanation()` after `ms`. */
export async function waitFor(condition: () => boolean, ms: number, explanation: () => string): Promise<void> {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(explanation());
    await sleep(5);
  }
}

/** Waits for `count` ticks, failing at once (with the status) if the call ends before that. */
export async function waitForTicks(subscription: Subscription, count: number, ms: number, explanation: () => string): Promise<void> {
  const ended = () => (subscription.status ? ` The call ended with ${statusName(subscription.status.code)}: ${subscription.status.details}` : '');
  await waitFor(() => subscription.ticks.length >= count || subscription.status !== undefined, ms, () => explanation() + ended());
  await sleep(0);
  if (subscription.ticks.length < count) throw new Error(explanation() + ended());
}

/** "1–5, 7, 9–12": a compact picture of a list of seqs for failure messages. */
export function describeSeqs(seqs: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j += 1;
    parts.push(i === j ? `${seqs[i]}` : `${seqs[i]}–${seqs[j]}`);
    i = j + 1;
  }
  return parts.join(', ') || '(none)';
}

/** Missing and repeated seqs in `seqs`, against 1..`latest`. */
export function gapsAndRepeats(seqs: number[], from: number, to: number): { missing: number[]; repeated: number[] } {
  const seen = new Set<number>();
  const repeated: number[] = [];
  for (const seq of seqs) {
    if (seen.has(seq)) repeated.push(seq);
    seen.add(seq);
  }
  const missing: number[] = [];
  for (let seq = from; seq <= to; seq += 1) if (!seen.has(seq)) missing.push(seq);
  return { missing: missing.slice(0, 20), repeated: repeated.slice(0, 20) };
}

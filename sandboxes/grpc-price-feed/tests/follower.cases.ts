import * as grpc from '@grpc/grpc-js';
import { afterAll, describe, expect, test } from 'vitest';
import { followPrices } from '../follower.ts';
import type { Follower } from '../follower.ts';
import type { Tick } from '../prices-proto.ts';
import { connect, describeSeqs, gapsAndRepeats, relayTo, sleep, startFeed, statusName, stopEverything, waitFor } from './harness.ts';

// After all, not after each: the tests run concurrently, each with a feed and follower of its own.
const followers: Follower[] = [];
afterAll(async () => {
  for (const follower of followers.splice(0)) follower.stop();
  await stopEverything();
});

describe.concurrent('followPrices: resuming after dropped connections', () => {
  test('two dropped connections while the market moves: every tick once, in order', { timeout: 10_000 }, async () => {
    const { log, port } = await startFeed(20);
    const relay = await relayTo(port);
    const client = connect(relay.port);
    const seen: number[] = [];
    const gaveUp: grpc.ServiceError[] = [];
    const follower = followPrices(client, { onTick: (tick: Tick) => seen.push(tick.seq), onGiveUp: (error) => gaveUp.push(error), retryMs: 20 });
    followers.push(follower);

    let publishing = true;
    const market = (async () => {
      while (publishing) {
        log.appendMany(3);
        await sleep(3);
      }
    })();
    const explain = () => `So far: ${describeSeqs(seen)}; ${gaveUp.length ? `gave up with ${statusName(gaveUp[0]!.code)}: ${gaveUp[0]!.details}` : 'not given up'}.`;
    for (const target of [40, 100]) {
      await waitFor(() => seen.length >= target || gaveUp.length > 0, 2000, () => `Waiting for ${target} ticks. ${explain()}`);
      expect(gaveUp, `A dropped connection ends the call with UNAVAILABLE, which is worth a retry, not giving up. ${explain()}`).toEqual([]);
      relay.dropConnections();
    }
    await waitFor(() => seen.length >= 160 || gaveUp.length > 0, 3000, () => `After two drops the follower should resubscribe and keep going. ${explain()}`);
    publishing = false;
    await market;
    await waitFor(() => follower.lastSeq >= log.latestSeq, 2000, () => `The follower stopped at ${follower.lastSeq}; the newest tick is ${log.latestSeq}. ${explain()}`);
    expect(gapsAndRepeats(seen, 1, log.latestSeq), `Resubscribe with afterSeq = the last seq you handed to onTick. ${explain()}`).toEqual({ missing: [], repeated: [] });
    expect(seen.every((seq, i) => seq === i + 1), 'onTick sees the seqs in order.').toBe(true);
  });

  test('OUT_OF_RANGE is final: onGiveUp is called once and nothing is retried', async () => {
    const { log, client } = await startFeed(500, 100);
    const gaveUp: grpc.ServiceError[] = [];
    const follower = followPrices(client, { afterSeq: 10, onTick: () => {}, onGiveUp: (error) => gaveUp.push(error), retryMs: 20 });
    followers.push(follower);
    await waitFor(() => gaveUp.length > 0, 1000, () => 'Ticks 11–400 are gone, so the server answers OUT_OF_RANGE. The follower must report that through onGiveUp and stop: resubscribing with the same cursor can never succeed.');
    await sleep(100);
    expect(gaveUp.map((error) => statusName(error.code)), 'Retrying cannot bring old ticks back: give up once, do not resubscribe in a loop.').toEqual([statusName(grpc.status.OUT_OF_RANGE)]);
    expect(log.listenerCount).toBe(0);
  });

  test('stop() ends the call and any pending retry', async () => {
    const { log, port } = await startFeed(5);
    const relay = await relayTo(port);
    const seen: number[] = [];
    const follower = followPrices(connect(relay.port), { onTick: (tick) => seen.push(tick.seq), retryMs: 150 });
    followers.push(follower);
    await waitFor(() => seen.length >= 5, 1000, () => `The follower should receive ticks 1–5; got ${describeSeqs(seen)}.`);
    relay.dropConnections();
    await waitFor(() => log.listenerCount === 0, 1000, () => 'The server should notice the cut connection.');
    await sleep(30); // the client has noticed too, and its retry is waiting for retryMs (150 ms)
    follower.stop();
    await sleep(450); // well past the moment the retry would have resubscribed, even on a busy machine
    expect(log.listenerCount, 'stop() came while a retry was pending. No subscription may come back afterwards: clear the retry timer in stop().').toBe(0);
  });
});

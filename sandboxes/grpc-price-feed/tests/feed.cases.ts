import * as grpc from '@grpc/grpc-js';
import { afterAll, describe, expect, test } from 'vitest';
import { connect, describeSeqs, gapsAndRepeats, relayTo, sleep, startFeed, statusName, stopEverything, subscribe, waitFor, waitForTicks } from './harness.ts';

// After all, not after each: most tests run concurrently, each with a feed of its own.
afterAll(stopEverything);

const seqsOf = (ticks: { seq: number }[]) => ticks.map((tick) => tick.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.concurrent('order within one call', () => {
  test('afterSeq 0 gets every tick the log holds, then live ticks, each once and in seq order', async () => {
    const { log, client } = await startFeed(50);
    const sub = subscribe(client, 0);
    await waitForTicks(sub, 50, 1000, () => `The log held ticks 1–50; the stream delivered ${describeSeqs(seqsOf(sub.ticks))}.`);
    for (let burst = 0; burst < 5; burst += 1) {
      log.appendMany(10);
      await sleep(2);
    }
    await waitForTicks(sub, 100, 1000, () => `Live ticks 51–100 should follow; the stream delivered ${describeSeqs(seqsOf(sub.ticks))}. Listen with log.onAppend and read the new ticks from your cursor.`);
    await sleep(20);
    expect(seqsOf(sub.ticks), 'Ticks 1–100, in order, none twice: one cursor per call, moving forward only.').toEqual(range(1, 100));
    expect(sub.status, 'A feed never ends by itself.').toBeUndefined();
  });

  test('afterSeq N resumes with N + 1: nothing the client has again, nothing skipped', async () => {
    const { log, client } = await startFeed(40);
    const sub = subscribe(client, 30);
    await waitForTicks(sub, 10, 1000, () => 'With afterSeq 30 the stream should start with ticks 31–40.');
    log.appendMany(2);
    await waitForTicks(sub, 12, 1000, () => 'Live ticks 41 and 42 did not follow the replay.');
    await sleep(20);
    expect(seqsOf(sub.ticks), `afterSeq is the last tick the client HAS: start with afterSeq + 1. Got ${describeSeqs(seqsOf(sub.ticks))}.`).toEqual(range(31, 42));
  });

  test('a cursor the log cannot continue from is OUT_OF_RANGE, never a silent jump', async () => {
    const { client } = await startFeed(500, 100); // keeps ticks 401–500 only
    const tooOld = subscribe(client, 250);
    await waitFor(() => tooOld.status !== undefined || tooOld.ticks.length > 0, 1000, () => 'Subscribe after 250 must end at once with a status.');
    await sleep(20);
    expect(
      statusName(tooOld.status?.code),
      `Ticks 251–400 are gone. Starting at 401 would hide that gap from the client, which would show wrong prices as if nothing happened. Fail with OUT_OF_RANGE. The client received ${describeSeqs(seqsOf(tooOld.ticks))}.`,
    ).toBe(statusName(grpc.status.OUT_OF_RANGE));

    const fromTheFuture = subscribe(client, 900);
    await waitFor(() => fromTheFuture.status !== undefined, 1000, () => 'Subscribe after 900 (the newest tick is 500) must end at once with a status.');
    expect(statusName(fromTheFuture.status?.code), 'A cursor ahead of the newest tick comes from another feed or an older server run: OUT_OF_RANGE.').toBe(statusName(grpc.status.OUT_OF_RANGE));

    const edge = subscribe(client, 400);
    await waitForTicks(edge, 100, 1000, () => 'afterSeq 400 is fine: tick 401 is the oldest one kept.');
    const fresh = subscribe(client, 0);
    await waitForTicks(fresh, 100, 1000, () => 'afterSeq 0 means "I have nothing": start at the oldest tick kept (401), no error.');
    expect(seqsOf(fresh.ticks).slice(0, 2)).toEqual([401, 402]);
  });
});

describe.concurrent('a client that goes away', () => {
  test('cancelling unsubscribes the call from the log', async () => {
    const { log, client } = await startFeed(5);
    const sub = subscribe(client, 0);
    await waitForTicks(sub, 5, 1000, () => 'The stream should deliver ticks 1–5.');
    expect(log.listenerCount, 'An open subscription listens to the log.').toBe(1);
    sub.call.cancel();
    await waitFor(() => log.listenerCount === 0, 500, () => `The client cancelled, but ${log.listenerCount} listener(s) remain on the log. grpc-js emits 'cancelled' on the server call: stop listening there.`);
  });

  test('after a dropped connection, resubscribing with the last seq received loses nothing and repeats nothing', { timeout: 10_000 }, async () => {
    const { log, port } = await startFeed(0);
    const relay = await relayTo(port);
    const client = connect(relay.port);
    const first = subscribe(client, 0);
    let publishing = true;
    const market = (async () => {
      while (publishing) {
        log.appendMany(5);
        await sleep(2);
      }
    })();
    await waitForTicks(first, 40, 2000, () => 'The first subscription should receive 40 ticks.');
    relay.dropConnections();
    await waitFor(() => first.status !== undefined, 1000, () => 'The cut connection should end the first call.');
    const cursor = first.ticks.at(-1)!.seq;
    await waitFor(() => log.listenerCount === 0, 1000, () => `The connection is gone, but ${log.listenerCount} listener(s) remain on the log: a dropped connection reaches the server as 'cancelled' too.`);

    const second = subscribe(client, cursor);
    await waitForTicks(second, 60, 2000, () => `The resubscription after ${cursor} should keep delivering.`);
    publishing = false;
    await market;
    const latest = log.latestSeq;
    await waitFor(() => (second.ticks.at(-1)?.seq ?? 0) >= latest, 2000, () => `The resubscription stopped at ${second.ticks.at(-1)?.seq}; the newest tick is ${latest}.`);
    const all = [...seqsOf(first.ticks), ...seqsOf(second.ticks)];
    expect(gapsAndRepeats(all, 1, latest), `Received ${describeSeqs(seqsOf(first.ticks))} before the drop and ${describeSeqs(seqsOf(second.ticks).slice(0, 5))}… after resuming from ${cursor}.`).toEqual({ missing: [], repeated: [] });
    expect(seqsOf(second.ticks)[0], 'The resubscription starts right after the cursor.').toBe(cursor + 1);
  });
});

// Alone, after the others: these two measure how far the server runs ahead while the machine is otherwise quiet.
describe('a client that reads slowly (flow control)', () => {
  // Flow control holds back at most a few windows and buffers' worth (about 100 KiB, some 6,000 ticks of 17
  // bytes); measured on grpc-js 1.14.7 and Node 22.23, a correct server got 300 to 1,600 ticks ahead.
  const PUBLISHED_WHILE_PAUSED = 30_000;
  const AHEAD_LIMIT = 12_000;

  test('the server stops at write() === false and carries on at "drain": bounded memory, then the next ticks in order', { timeout: 15_000 }, async () => {
    const { log, client } = await startFeed(0);
    const sub = subscribe(client, 0);
    log.appendMany(10);
    await waitForTicks(sub, 10, 1000, () => 'The first 10 ticks should arrive before the client pauses.');
    sub.call.pause(); // stop reading: grpc-js stops reading the HTTP/2 stream, the window fills up
    for (let published = 0; published < PUBLISHED_WHILE_PAUSED; published += 2_000) {
      log.appendMany(2_000);
      await new Promise((resolve) => setImmediate(resolve)); // let the server's I/O run between bursts
    }
    await sleep(100);
    const ahead = log.highestRead - sub.ticks.length;
    expect(
      ahead,
      `The client stopped reading after ${sub.ticks.length} ticks, yet the server has taken ${ahead} more off the log and into memory. ` +
        'call.write() returns false once the call cannot take more (HTTP/2 flow control stopped the stream): stop there, keep your cursor, and continue on "drain".',
    ).toBeLessThan(AHEAD_LIMIT);
    expect(log.highestRead, 'The server should still have written up to the flow-control limit.').toBeGreaterThan(sub.ticks.length);

    // Reading again empties the buffers, the call emits 'drain', and the server must continue from its cursor.
    const target = log.highestRead + 2_000;
    sub.call.resume();
    await waitFor(
      () => sub.ticks.length >= target || sub.status !== undefined,
      8000,
      () => `After the client read again, ${sub.ticks.length} ticks had arrived, and the server had read up to ${log.highestRead} of ${log.latestSeq}. It should carry on writing at 'drain'.`,
    );
    expect(sub.status, `The feed must stay open; it ended with ${statusName(sub.status?.code)}: ${sub.status?.details}`).toBeUndefined();
    const seqs = seqsOf(sub.ticks);
    expect(gapsAndRepeats(seqs, 1, seqs.length), 'Every tick exactly once, across the pause.').toEqual({ missing: [], repeated: [] });
    expect(seqs.every((seq, i) => seq === i + 1), 'In seq order.').toBe(true);
  });

  test('a client that falls further behind than the log keeps is cut off with OUT_OF_RANGE, not buffered for', { timeout: 10_000 }, async () => {
    const { log, client } = await startFeed(0, 2_000);
    const sub = subscribe(client, 0);
    log.appendMany(5);
    await waitForTicks(sub, 5, 1000, () => 'The first 5 ticks should arrive before the client pauses.');
    sub.call.pause();
    for (let i = 0; i < 20; i += 1) {
      log.appendMany(1_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sleep(50);
    sub.call.resume();
    await waitFor(() => sub.status !== undefined, 2000, () => `The client lagged ${log.latestSeq - sub.ticks.length} ticks behind a log that keeps ${log.capacity}, and the call is still open after it resumed with ${describeSeqs(seqsOf(sub.ticks))}. When your cursor falls below log.oldestSeq, end the call with OUT_OF_RANGE so the client knows to reload.`);
    expect(statusName(sub.status?.code)).toBe(statusName(grpc.status.OUT_OF_RANGE));
    expect(gapsAndRepeats(seqsOf(sub.ticks), 1, sub.ticks.length).missing, 'Whatever did arrive before the cut-off has no gaps.').toEqual([]);
    await waitFor(() => log.listenerCount === 0, 500, () => 'A call ended by the server must stop listening to the log too.');
  });
});

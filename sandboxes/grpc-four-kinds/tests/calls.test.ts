import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, test } from 'vitest';
import type { CountWordsReply, Note } from '../notes-proto.ts';
import { addNotes, anotherClient, getNote, sleep, start, statusName, stopEverything, waitFor, waitForItems, watch } from './harness.ts';

afterEach(stopEverything);

describe('GetNote (unary): one request, one response or one status', () => {
  test('answers with the stored note', async () => {
    const { client } = await start(['first', 'second']);
    const outcome = await getNote(client, 2);
    expect(statusName(outcome.error?.code), 'GetNote for a stored note must succeed: callback(null, note).').toBe('OK (0)');
    expect(outcome.value).toEqual({ seq: 2, author: 'ana', text: 'second' });
  });

  test('a seq that cannot exist is the caller\'s mistake: INVALID_ARGUMENT', async () => {
    const { client } = await start(['first']);
    const outcome = await getNote(client, 0);
    expect(
      statusName(outcome.error?.code),
      'seq 0 can never name a note (they start at 1), and retrying will not help. That is INVALID_ARGUMENT (3), not NOT_FOUND (5), which means "valid, but not there".',
    ).toBe(statusName(grpc.status.INVALID_ARGUMENT));
    expect(outcome.error?.details, 'Say what was wrong in the details: callback({ code, details }).').toMatch(/\S/);
  });

  test('a seq that is valid but not stored: NOT_FOUND', async () => {
    const { client } = await start(['first']);
    const outcome = await getNote(client, 99);
    expect(
      statusName(outcome.error?.code),
      'Note 99 could exist but does not. That is NOT_FOUND (5). A thrown Error or a callback(new Error()) arrives as UNKNOWN (2), which tells the caller nothing.',
    ).toBe(statusName(grpc.status.NOT_FOUND));
  });
});

describe('AddNotes (client streaming): many messages in, one answer after the client half-closes', () => {
  test('stores every note of the stream, authored by the "x-user" metadata, and answers once with the count and seqs', async () => {
    const { client, store } = await start(['already there']);
    const outcome = await addNotes(client, ['one', 'two', 'three'], 'bo');
    expect(statusName(outcome.error?.code)).toBe('OK (0)');
    expect(
      outcome.value,
      'The answer must cover all three messages: wait for the "end" event (the client has half-closed) before calling back. Answering on the first "data" counts only part of the stream.',
    ).toEqual({ added: 3, firstSeq: 2, lastSeq: 4 });
    expect(store.after(1), 'All three notes are stored in order, with the author from the "x-user" metadata.').toEqual([
      { seq: 2, author: 'bo', text: 'one' },
      { seq: 3, author: 'bo', text: 'two' },
      { seq: 4, author: 'bo', text: 'three' },
    ]);
  });

  test('without "x-user" metadata the call is UNAUTHENTICATED and nothing is stored', async () => {
    const { client, store } = await start();
    for (const user of [undefined, '', '   ']) {
      const outcome = await addNotes(client, ['anonymous'], user);
      expect(
        statusName(outcome.error?.code),
        `With x-user ${JSON.stringify(user ?? null)} nobody can be named as the author. Metadata travels as HTTP/2 headers: read it with call.metadata.get('x-user')[0], and refuse with UNAUTHENTICATED (16).`,
      ).toBe(statusName(grpc.status.UNAUTHENTICATED));
    }
    expect(store.after(0), 'A refused call stores nothing.').toEqual([]);
  });

  test('a blank note makes the whole call INVALID_ARGUMENT, and stores none of its notes', async () => {
    const { client, store } = await start();
    const outcome = await addNotes(client, ['fine', '  ', 'also fine'], 'bo');
    expect(statusName(outcome.error?.code), 'The second message is blank: answer INVALID_ARGUMENT (3).').toBe(statusName(grpc.status.INVALID_ARGUMENT));
    expect(store.after(0), 'The call failed, so none of its notes may be stored: store them only on a successful "end".').toEqual([]);
  });

  test('an empty stream is fine: { added: 0, firstSeq: 0, lastSeq: 0 }', async () => {
    const { client } = await start();
    const outcome = await addNotes(client, [], 'bo');
    expect(statusName(outcome.error?.code), 'A client may half-close without sending anything; the answer still comes on "end".').toBe('OK (0)');
    expect(outcome.value).toEqual({ added: 0, firstSeq: 0, lastSeq: 0 });
  });
});

describe('CountWords (bidirectional): both sides stream, each in order', () => {
  test('answers every word in the order the words were sent, and finishes with OK when the client does', async () => {
    const { client } = await start(['gRPC runs on HTTP/2', 'HTTP/2 has streams', 'Deadlines are mandatory']);
    const call = client.countWords();
    const seen = watch<CountWordsReply>(call);
    const words = ['http/2', 'grpc', 'streams', 'websocket', 'DEADLINES'];
    for (const word of words) call.write({ word });
    await waitForItems(seen, words.length, 1000, () => `Sent ${words.length} words, got ${seen.items.length} answers: write one reply per "data" event.`);
    expect(seen.status, 'The client has not finished sending, so the call must still be open: end it only on "end".').toBeUndefined();
    call.end();
    await waitFor(() => seen.status !== undefined, 1000, () => 'The client half-closed, but the call did not finish within 1 s: on "end", call call.end() so grpc-js sends the trailers with grpc-status 0.');
    expect(seen.items, 'One answer per word, in order, with the count of notes containing it (ignoring case).').toEqual([
      { word: 'http/2', notes: 2 },
      { word: 'grpc', notes: 1 },
      { word: 'streams', notes: 1 },
      { word: 'websocket', notes: 0 },
      { word: 'DEADLINES', notes: 1 },
    ]);
    expect(statusName(seen.status?.code)).toBe('OK (0)');
  });

  test('a blank word ends the call with INVALID_ARGUMENT after the answers before it', async () => {
    const { client } = await start(['a note']);
    const call = client.countWords();
    const seen = watch<CountWordsReply>(call);
    call.write({ word: 'note' });
    call.write({ word: ' ' });
    await waitFor(() => seen.status !== undefined, 1000, () => `A blank word must end the call with a status, but none arrived within 1 s. Answers so far: ${JSON.stringify(seen.items)}`);
    expect(seen.items, 'The answer to "note" was written before the blank word arrived.').toEqual([{ word: 'note', notes: 1 }]);
    expect(statusName(seen.status?.code), 'End the call with call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details }).').toBe(statusName(grpc.status.INVALID_ARGUMENT));
    call.end();
  });
});

describe('WatchNotes (server streaming): order, deadlines and cancellation', () => {
  test('sends the stored notes after afterSeq, then new notes live, in order', async () => {
    const { client, store } = await start(['one', 'two', 'three']);
    const seen = watch<Note>(client.watchNotes({ afterSeq: 1 }));
    await waitForItems(seen, 2, 1000, () => `With afterSeq 1 the stream should start with notes 2 and 3; got ${JSON.stringify(seen.items.map((n) => n.seq))}.`);
    store.add('bo', 'four');
    store.add('bo', 'five');
    await waitForItems(seen, 4, 1000, () => `New notes must follow on the open stream; got seqs ${JSON.stringify(seen.items.map((n) => n.seq))}.`);
    await sleep(30);
    expect(seen.items.map((note) => note.seq), 'Every note after afterSeq exactly once, in seq order: replay first, then live.').toEqual([2, 3, 4, 5]);
    expect(seen.status, 'A watch never ends by itself; only the client (or its deadline) ends it.').toBeUndefined();
  });

  test('a client that cancels is unsubscribed on the server', async () => {
    const { client, store } = await start(['one']);
    const call = client.watchNotes({ afterSeq: 0 });
    const seen = watch<Note>(call);
    await waitForItems(seen, 1, 1000, () => 'The watch should deliver note 1 first.');
    expect(store.watchers, 'While the watch is open, it is subscribed to the store.').toBe(1);
    call.cancel();
    await waitFor(() => store.watchers === 0, 500, () => `The client cancelled (it sent RST_STREAM), but ${store.watchers} subscription(s) are still in the store. grpc-js emits 'cancelled' on the server call: unsubscribe there, or every past watcher leaks.`);
    expect(statusName(seen.status?.code), 'The client sees its own cancellation as CANCELLED (1).').toBe(statusName(grpc.status.CANCELLED));
  });

  test('a deadline ends the watch with DEADLINE_EXCEEDED, and the server lets go of it too', async () => {
    const { client, store } = await start(['one']);
    await getNote(client, 1); // connect first, so the deadline is spent on the watch, not on the TCP handshake
    const started = performance.now();
    const seen = watch<Note>(client.watchNotes({ afterSeq: 0 }, new grpc.Metadata(), { deadline: Date.now() + 300 }));
    await waitFor(() => seen.status !== undefined, 1500, () => 'A call with a 300 ms deadline must end by itself.');
    expect(statusName(seen.status?.code), 'The client stops the call when its deadline passes (grpc-timeout: 300m went to the server too).').toBe(statusName(grpc.status.DEADLINE_EXCEEDED));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(seen.items.map((note) => note.seq), 'Note 1 arrived before the deadline.').toEqual([1]);
    await waitFor(() => store.watchers === 0, 500, () => `The deadline passed, yet ${store.watchers} subscription(s) remain in the store. The server learns about an expired deadline through the same 'cancelled' event: unsubscribe there.`);
  });

  test('two watchers on separate connections each get every note; one leaving does not disturb the other', async () => {
    const { client, port, store } = await start();
    const first = client.watchNotes({ afterSeq: 0 });
    const a = watch<Note>(first);
    const b = watch<Note>(anotherClient(port).watchNotes({ afterSeq: 0 }));
    await waitFor(() => store.watchers === 2 || a.status !== undefined || b.status !== undefined, 1000, () => `Two watches should be subscribed; the store has ${store.watchers}.`);
    expect(store.watchers, `Two open watches, two subscriptions. Status of the calls: ${statusName(a.status?.code)}, ${statusName(b.status?.code)}.`).toBe(2);
    store.add('bo', 'one');
    await waitForItems(a, 1, 1000, () => 'The first watcher did not receive note 1.');
    first.cancel();
    await waitFor(() => store.watchers === 1, 500, () => 'After one watcher cancelled, exactly one subscription should remain.');
    store.add('bo', 'two');
    await waitForItems(b, 2, 1000, () => `The remaining watcher got ${b.items.length} of 2 notes.`);
    expect(a.items.map((n) => n.seq)).toEqual([1]);
    expect(b.items.map((n) => n.seq)).toEqual([1, 2]);
  });
});

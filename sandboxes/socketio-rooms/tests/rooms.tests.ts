import { describe, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ChatMessage } from '../protocol.ts';
import { createRoomsServer } from '../server.ts';
import { ACK_WAIT_MS, ask, collect, settleWithin, sleep, test as netTest, waitFor } from './harness.ts';

/** Your server, listening on a port of its own for each test, and a way to connect clients to it. */
interface Rooms {
  server: ReturnType<typeof createRoomsServer>;
  client(): Promise<Socket>;
}

const test = netTest.extend<{ rooms: Rooms }>({
  rooms: async ({ net }, use) => {
    const server = createRoomsServer();
    const url = await net.listen(server.httpServer, server.io);
    // WebSocket from the start: these tests are about rooms, not transports (transports.test.ts has those),
    // and skipping the long-polling handshake and the upgrade makes each client quicker to connect.
    await use({ server, client: () => net.client(url, { transports: ['websocket'] }) });
  },
});

/** Long enough for a stray message on loopback to arrive, short enough to keep the tests fast. */
const QUIET_MS = 150;

describe.concurrent('join: rooms with a member count in the acknowledgement', () => {
  test('answers { ok: true, room, members } with the number of sockets in the room, the joiner included', async ({ rooms, expect }) => {
    const [ana, bo, cy] = [await rooms.client(), await rooms.client(), await rooms.client()];
    expect(await ask(ana, 'join', ['lobby']), 'Ana is the first in "lobby".').toEqual({ ok: true, room: 'lobby', members: 1 });
    expect(await ask(bo, 'join', ['lobby']), 'Bo joins Ana in "lobby": 2 members.').toEqual({ ok: true, room: 'lobby', members: 2 });
    expect(await ask(cy, 'join', ['kitchen']), 'Cy is alone in "kitchen": rooms are counted separately.').toEqual({ ok: true, room: 'kitchen', members: 1 });
  });

  test('joining the same room twice does not count the socket twice', async ({ rooms, expect }) => {
    const ana = await rooms.client();
    await ask(ana, 'join', ['lobby']);
    expect(await ask(ana, 'join', ['lobby']), 'A socket is either in a room or not; joining again changes nothing.').toEqual({ ok: true, room: 'lobby', members: 1 });
  });

  test('a member who disconnected is no longer counted', async ({ rooms, expect }) => {
    const [ana, bo] = [await rooms.client(), await rooms.client()];
    await ask(ana, 'join', ['lobby']);
    await ask(bo, 'join', ['lobby']);
    bo.disconnect();
    // The server notices the disconnect when the close reaches it, a moment later.
    await waitFor(() => rooms.server.io.of('/').sockets.size === 1, 1000, 'The server did not notice the disconnect within 1 s.');
    const cy = await rooms.client();
    expect(await ask(cy, 'join', ['lobby']), 'Bo left by disconnecting, so the lobby holds Ana and Cy. Count the sockets Socket.IO has in the room rather than keeping your own tally.').toEqual({
      ok: true,
      room: 'lobby',
      members: 2,
    });
  });

  test('refuses a bad room name with { ok: false, error } and a message that says what is wrong (the starter already does: keep it so)', async ({ rooms, expect }) => {
    const ana = await rooms.client();
    for (const bad of [42, '', 'x'.repeat(41), null]) {
      const reply = (await ask(ana, 'join', [bad])) as { ok: boolean; error?: unknown };
      expect(reply.ok, `join(${JSON.stringify(bad)}) must be refused.`).toBe(false);
      expect(typeof reply.error, 'A refusal carries an error message for the user.').toBe('string');
    }
  });
});

describe.concurrent('say: broadcast to the room, except the sender', () => {
  test('the other members receive { room, from, text }; the sender, other rooms and outsiders do not', async ({ rooms, expect }) => {
    const [ana, bo, cy, dee] = [await rooms.client(), await rooms.client(), await rooms.client(), await rooms.client()];
    await ask(ana, 'join', ['lobby']);
    await ask(bo, 'join', ['lobby']);
    await ask(cy, 'join', ['kitchen']);
    const inbox = { ana: collect<ChatMessage>(ana, 'message'), bo: collect<ChatMessage>(bo, 'message'), cy: collect<ChatMessage>(cy, 'message'), dee: collect<ChatMessage>(dee, 'message') };

    expect(await ask(ana, 'say', [{ room: 'lobby', text: 'hi all' }]), 'say answers { ok: true } once the message is on its way.').toEqual({ ok: true });
    await waitFor(() => inbox.bo.length > 0, 1000, 'Bo is in "lobby" but received no "message" event within 1 s after Ana said something there.');
    await sleep(QUIET_MS);

    expect(inbox.bo, 'Bo receives exactly one message, with the room, the sender\'s socket id and the text.').toEqual([{ room: 'lobby', from: ana.id, text: 'hi all' }]);
    expect(inbox.ana, 'The sender must not get her own message back: use socket.to(room), which leaves the sender out.').toEqual([]);
    expect(inbox.cy, 'Cy is in another room.').toEqual([]);
    expect(inbox.dee, 'Dee is in no room at all.').toEqual([]);
  });

  test('refuses to send to a room the sender has not joined, and nobody there receives it', async ({ rooms, expect }) => {
    const [ana, bo] = [await rooms.client(), await rooms.client()];
    await ask(bo, 'join', ['lobby']);
    const inbox = collect<ChatMessage>(bo, 'message');
    const reply = (await ask(ana, 'say', [{ room: 'lobby', text: 'let me in' }])) as { ok: boolean; error?: unknown };
    expect(reply.ok, 'Ana never joined "lobby", so say must answer { ok: false, error }.').toBe(false);
    expect(typeof reply.error).toBe('string');
    await sleep(QUIET_MS);
    expect(inbox, 'A refused message must not be delivered.').toEqual([]);
  });

  test('refuses an empty or missing text (the starter already does: keep it so)', async ({ rooms, expect }) => {
    const ana = await rooms.client();
    for (const bad of [{ room: 'lobby', text: '' }, { room: 'lobby' }, 'lobby']) {
      const reply = (await ask(ana, 'say', [bad])) as { ok: boolean };
      expect(reply.ok, `say(${JSON.stringify(bad)}) must be refused.`).toBe(false);
    }
  });
});

describe.concurrent('slow: an answer that takes its time', () => {
  test('answers { ok: true, waitedMs } after the requested delay, not before', async ({ rooms, expect }) => {
    const ana = await rooms.client();
    const started = performance.now();
    expect(await ask(ana, 'slow', [{ ms: 200 }], 200 + ACK_WAIT_MS)).toEqual({ ok: true, waitedMs: 200 });
    expect(performance.now() - started, 'The answer must come after the 200 ms the client asked for (setTimeout).').toBeGreaterThanOrEqual(195);
  });

  test('refuses a delay that is not a whole number from 0 to 5000 at once (the starter already does: keep it so)', async ({ rooms, expect }) => {
    const ana = await rooms.client();
    for (const bad of [{ ms: 60_000 }, { ms: -1 }, { ms: 'soon' }, {}]) {
      const reply = (await ask(ana, 'slow', [bad])) as { ok: boolean };
      expect(reply.ok, `slow(${JSON.stringify(bad)}) must be refused.`).toBe(false);
    }
  });
});

describe.concurrent('the server survives clients that break the rules', () => {
  test('events without an acknowledgement callback, or with junk arguments, do not crash it', async ({ rooms, expect }) => {
    const rude = await rooms.client();
    // No callback: calling the missing acknowledgement would throw and take the whole process down.
    rude.emit('join', 'lobby');
    rude.emit('join');
    rude.emit('say', { room: 'lobby', text: 'no ack' });
    rude.emit('say', null, 'not a function');
    rude.emit('slow', { ms: 10 });
    rude.emit('no-such-event', 1, 2, 3);
    await sleep(100);
    const polite = await rooms.client();
    expect(await ask(polite, 'join', ['lobby']), 'After the rude client, the server still answers others; the rude client is in "lobby" too.').toEqual({
      ok: true,
      room: 'lobby',
      members: 2,
    });
  });

  test('a client that disconnects while its slow request is pending: the server cancels its timer', async ({ rooms, expect }) => {
    // Watches the timers the server starts with setTimeout, to see whether the 5 s one is cancelled.
    const realSetTimeout = globalThis.setTimeout;
    const fiveSecondTimers: NodeJS.Timeout[] = [];
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = realSetTimeout(callback, ms);
      if (ms === 5000) fiveSecondTimers.push(timer);
      return timer;
    }) as typeof setTimeout);
    try {
      const leaver = await rooms.client();
      leaver.emit('slow', { ms: 5000 }, () => {});
      await ask(leaver, 'slow', [{ ms: 0 }]); // answered after the 5 s request arrived: its timer is set
      expect(fiveSecondTimers.length, 'The server should answer slow({ ms: 5000 }) after 5 s with setTimeout.').toBe(1);
      leaver.disconnect();
      await waitFor(() => rooms.server.io.of('/').sockets.size === 0, 1000, 'The server did not notice the disconnect within 1 s.');
      await sleep(20);
      // Node marks a cleared timer as destroyed.
      const cleared = (fiveSecondTimers[0] as unknown as { _destroyed: boolean })._destroyed;
      expect(cleared, 'The client left while its 5 s "slow" request was pending, and the timer still runs: clear the pending timers on "disconnect" (keep them in a Set per socket), nobody is left to answer.').toBe(true);
    } finally {
      spy.mockRestore();
    }
    const other = await rooms.client();
    expect(await ask(other, 'slow', [{ ms: 0 }]), 'Other clients are not disturbed.').toEqual({ ok: true, waitedMs: 0 });
  });

  test('an oversized message disconnects only its sender', async ({ rooms, expect }) => {
    const [big, bystander] = [await rooms.client(), await rooms.client()];
    await ask(bystander, 'join', ['lobby']);
    const closed = settleWithin(new Promise((resolve) => big.once('disconnect', resolve)), 1000, 'A 64 KiB message is above maxHttpBufferSize (16 KiB): the server should close that connection.');
    big.emit('say', { room: 'lobby', text: 'x'.repeat(64 * 1024) });
    await closed;
    expect(await ask(bystander, 'join', ['lobby']), 'The other client keeps working.').toEqual({ ok: true, room: 'lobby', members: 1 });
  });
});

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FAKE_SDP, isError, isType, startHarness, waitUntil, type Harness, type SignalClient } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Two peers in `room`, the first told that the second arrived. */
async function pair(room: string): Promise<[SignalClient, SignalClient]> {
  const first = await h.join(room);
  const second = await h.join(room);
  await first.take('{"type":"peer-joined"}: the peer that waited must learn that the other one arrived, because it makes the offer', isType('peer-joined'));
  return [first, second];
}

describe('rooms of two', () => {
  test('the first peer waits alone; when the second joins, only the first is told "peer-joined"', async () => {
    const first = await h.connect();
    first.send({ type: 'join', room: 'call' });
    const alone = await first.take('{"type":"joined"} after joining', isType('joined'));
    expect(alone, 'The first peer in a room is alone: peers counts everyone in the room, itself included.').toEqual({ type: 'joined', room: 'call', peers: 1 });
    const second = await h.connect();
    second.send({ type: 'join', room: 'call' });
    const both = await second.take('{"type":"joined"} after joining', isType('joined'));
    expect(both, 'The second peer finds one other peer in the room.').toEqual({ type: 'joined', room: 'call', peers: 2 });
    await first.take('{"type":"peer-joined"} when the second peer arrives: the waiting peer makes the offer', isType('peer-joined'));
    await second.roundTrip();
    expect(second.unread('peer-joined'), 'Only the peer that was waiting gets "peer-joined"; if both got it, both would send an offer (glare).').toEqual([]);
    expect(h.signaling.roomSizes()).toEqual({ call: 2 });
  });

  test('relays offer, answer and candidates to the other peer only, never back to the sender', async () => {
    const [alice, bob] = await pair('call');
    alice.send({ type: 'offer', sdp: FAKE_SDP });
    await alice.roundTrip();
    expect(alice.unread('offer'), 'Alice\'s own offer came back to her: relay to the OTHER peer only, never to the sender. A peer that gets its own offer tries to apply it as the remote description.').toEqual([]);
    expect(await bob.take('the offer Alice sent', isType('offer'))).toEqual({ type: 'offer', sdp: FAKE_SDP });
    bob.send({ type: 'answer', sdp: FAKE_SDP });
    expect(await alice.take('the answer Bob sent', isType('answer'))).toEqual({ type: 'answer', sdp: FAKE_SDP });
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    alice.send({ type: 'candidate', candidate });
    bob.send({ type: 'candidate', candidate: null });
    expect(await bob.take('the ICE candidate Alice sent', isType('candidate'))).toEqual({ type: 'candidate', candidate });
    expect(await alice.take('Bob\'s end-of-candidates marker (candidate: null)', isType('candidate')), 'candidate: null means "no more candidates" and is passed on too.').toEqual({ type: 'candidate', candidate: null });
    await Promise.all([alice.roundTrip(), bob.roundTrip()]);
    expect(alice.unread('offer'), 'Alice\'s own offer must not come back to her: relay to the OTHER peer only.').toEqual([]);
    expect(bob.unread('answer'), 'Bob\'s own answer must not come back to him: relay to the OTHER peer only.').toEqual([]);
    expect(alice.unread('candidate'), 'A peer never gets its own candidates back.').toEqual([]);
    expect(bob.unread('candidate')).toEqual([]);
  });

  test('keeps rooms apart: an offer in one room never reaches another', async () => {
    const [alice] = await pair('one');
    const [carol, dave] = await pair('two');
    alice.send({ type: 'offer', sdp: FAKE_SDP });
    await Promise.all([alice.roundTrip(), carol.roundTrip(), dave.roundTrip()]);
    expect([...carol.unread('offer'), ...dave.unread('offer')], 'Room "two" must not hear room "one"\'s offer: send to the other member of the sender\'s room, not to every connection.').toEqual([]);
  });

  test('refuses a third peer with a "room-full" error that says why, and the call goes on undisturbed', async () => {
    const [alice, bob] = await pair('call');
    const mallory = await h.connect();
    mallory.send({ type: 'join', room: 'call' });
    await mallory.roundTrip();
    expect(mallory.unread('joined'), 'A third peer was let into a room that already had two: a call is one-to-one, so the join must be refused.').toEqual([]);
    expect(h.signaling.roomSizes(), 'The room still holds exactly its two peers.').toEqual({ call: 2 });
    const refusal = await mallory.take('an error with code "room-full": a call is one-to-one, so a third peer is refused', isError('room-full'));
    expect(String(refusal.message), 'The error message must tell the third peer what happened, naming the room.').toMatch(/call/);
    mallory.send({ type: 'offer', sdp: FAKE_SDP });
    await mallory.take('an error with code "not-in-room" for an offer from a peer that was refused', isError('not-in-room'));
    alice.send({ type: 'offer', sdp: FAKE_SDP });
    await bob.take('Alice\'s offer, after the third peer was refused', isType('offer'));
    await Promise.all([alice.roundTrip(), bob.roundTrip(), mallory.roundTrip()]);
    expect(mallory.unread('offer'), 'The refused third peer must not receive the call\'s offer.').toEqual([]);
    expect([...alice.unread('peer-joined'), ...bob.unread('peer-joined'), ...alice.unread('offer'), ...bob.unread('offer')], 'The two peers hear nothing from or about the third.').toEqual([]);
  });

  test('refuses a second join on the same connection, and anything but a join before joining', async () => {
    const alice = await h.join('call');
    alice.send({ type: 'join', room: 'other' });
    await alice.roundTrip();
    expect(h.signaling.roomSizes(), 'A second join must not put the connection in a second room.').toEqual({ call: 1 });
    await alice.take('an error with code "already-joined": one connection is in one room at a time', isError('already-joined'));
    expect(h.signaling.roomSizes()).toEqual({ call: 1 });
    const stranger = await h.connect();
    stranger.send({ type: 'answer', sdp: FAKE_SDP });
    await stranger.take('an error with code "not-in-room" for an answer sent before joining', isError('not-in-room'));
  });

  test('an offer with nobody else in the room is answered with "no-peer"', async () => {
    const alice = await h.join('call');
    alice.send({ type: 'offer', sdp: FAKE_SDP });
    await alice.roundTrip();
    expect(alice.unread('offer'), 'The offer came back to its sender: relay to the OTHER peer only.').toEqual([]);
    await alice.take('an error with code "no-peer": there is nobody to pass the offer to yet', isError('no-peer'));
  });
});

describe('cleanup: rooms never keep a peer who is gone', () => {
  test('"leave" frees the seat, tells the peer left behind, and lets a new peer in', async () => {
    const [alice, bob] = await pair('call');
    bob.send({ type: 'leave' });
    await bob.roundTrip();
    expect(h.signaling.roomSizes(), 'After {"type":"leave"} the room holds only the peer left behind.').toEqual({ call: 1 });
    await alice.take('{"type":"peer-left"} after Bob left', isType('peer-left'));
    const carol = await h.join('call');
    await alice.take('{"type":"peer-joined"} when Carol takes the free seat', isType('peer-joined'));
    carol.send({ type: 'offer', sdp: FAKE_SDP });
    await alice.take('Carol\'s offer', isType('offer'));
    await bob.roundTrip();
    expect(bob.unread('offer'), 'Bob left the room, so its traffic must not reach him.').toEqual([]);
  });

  test('a peer whose connection vanishes (no close frame) frees its seat, and an empty room is deleted', async () => {
    const [alice, bob] = await pair('call');
    bob.socket.terminate(); // like a tab that crashed or a laptop that went to sleep
    await alice.take('{"type":"peer-left"} when Bob\'s connection dropped: the close handler must clean up and tell the other peer', isType('peer-left'));
    await waitUntil('the room to hold only Alice', () => JSON.stringify(h.signaling.roomSizes()) === '{"call":1}');
    alice.socket.terminate();
    await waitUntil(`the empty room to be deleted, but roomSizes() is ${JSON.stringify(h.signaling.roomSizes())}`, () => Object.keys(h.signaling.roomSizes()).length === 0);
  });
});

describe('bad input gets an error message, never a crash', () => {
  const cases: Array<[string, string, string]> = [
    ['text that is not JSON', 'hello?', 'bad-json'],
    ['truncated JSON', '{"type":"offer","sdp":"v=0', 'bad-json'],
    ['null', 'null', 'bad-message'],
    ['an array', '[1,2]', 'bad-message'],
    ['a type the server does not know', '{"type":"hangup"}', 'unknown-type'],
    ['an object without a type', '{"sdp":"v=0"}', 'unknown-type'],
    ['an offer whose sdp is a number', '{"type":"offer","sdp":42}', 'bad-message'],
    ['an offer whose sdp is not SDP', '{"type":"offer","sdp":"hello"}', 'bad-message'],
    ['an offer without sdp', '{"type":"offer"}', 'bad-message'],
    ['an answer whose sdp is an object', '{"type":"answer","sdp":{"type":"answer"}}', 'bad-message'],
    ['a candidate that is a string', '{"type":"candidate","candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host"}', 'bad-message'],
    ['a candidate without its candidate line', '{"type":"candidate","candidate":{"sdpMid":"0"}}', 'bad-message'],
    ['a candidate whose sdpMLineIndex is text', '{"type":"candidate","candidate":{"candidate":"x","sdpMLineIndex":"zero"}}', 'bad-message'],
  ];
  test.each(cases)('%s: an error with the right code, nothing passed on, and the call still works', async (_name, frame, code) => {
    const [alice, bob] = await pair('call');
    alice.send(frame);
    await alice.roundTrip();
    await bob.roundTrip();
    expect(bob.inbox, `The invalid frame ${frame} reached the other peer: check it in parseClientMessage and answer the sender with an error instead.`).toEqual([]);
    const error = await alice.take(`an error with code "${code}" for the frame ${frame}`, isError(code));
    expect(String(error.message).length, 'The error needs a message that says what is wrong.').toBeGreaterThan(10);
    alice.send({ type: 'offer', sdp: FAKE_SDP });
    await bob.take('a valid offer after the invalid frame: the connection and the server must still work', isType('offer'));
  });

  test('passes on only the fields of the protocol, never extra ones a client adds', async () => {
    const [alice, bob] = await pair('call');
    alice.send({ type: 'offer', sdp: FAKE_SDP, from: 'admin', html: '<img src=x onerror=alert(1)>' });
    expect(await bob.take('Alice\'s offer', isType('offer')), 'Relay a fresh { type, sdp } object built from the checked fields.').toEqual({ type: 'offer', sdp: FAKE_SDP });
  });

  test('a binary frame gets a "binary" error', async () => {
    const [alice] = await pair('call');
    alice.socket.send(Buffer.from([1, 2, 3]));
    await alice.take('an error with code "binary"', isError('binary'));
  });

  test('a frame over maxPayload closes that connection with 1009, frees its seat and leaves the server running', async () => {
    const [alice, bob] = await pair('call');
    alice.send({ type: 'offer', sdp: `v=0\r\n${'a'.repeat(70 * 1024)}` });
    await waitUntil('the oversized frame to close the connection', () => alice.closeCode !== undefined);
    expect(alice.closeCode, 'ws closes a connection whose message exceeds maxPayload with 1009 Message Too Big.').toBe(1009);
    await bob.take('{"type":"peer-left"} after the other peer was disconnected', isType('peer-left'));
    expect(bob.unread('offer'), 'The oversized offer must not be relayed.').toEqual([]);
    const carol = await h.join('call');
    await bob.take('{"type":"peer-joined"}: the seat is free again', isType('peer-joined'));
    carol.send({ type: 'offer', sdp: FAKE_SDP });
    await bob.take('Carol\'s offer', isType('offer'));
  });
});

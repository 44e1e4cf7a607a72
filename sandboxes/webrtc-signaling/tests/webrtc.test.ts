import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, waitUntil, type Harness } from './harness.ts';
import { sha256, WeriftPeer } from './werift-peer.ts';

let h: Harness;
const peers: WeriftPeer[] = [];
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await h.close();
});

function peer(room: string): WeriftPeer {
  const created = new WeriftPeer(h.url, room);
  peers.push(created);
  return created;
}

/** Rejects with `explanation` when `promise` has not settled after `ms`. */
function within<T>(promise: Promise<T>, ms: number, explanation: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explanation())), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const story = (a: WeriftPeer, b: WeriftPeer) => `The first peer heard ${JSON.stringify(a.heard)}; the second heard ${JSON.stringify(b.heard)}. The first needs "peer-joined", then "answer" and "candidate"s; the second needs "offer" and "candidate"s, each relayed by your server to the other peer only.`;

describe('two real WebRTC peers (werift 0.25.2) connect through your server', () => {
  test('they open a data channel and a 100 kB file arrives byte for byte', async () => {
    const alice = peer('transfer');
    await waitUntil('the first peer to join', () => JSON.stringify(h.signaling.roomSizes()) === '{"transfer":1}', 1000);
    const bob = peer('transfer');
    await within(Promise.all([alice.channelOpen, bob.channelOpen]), 4000, () => `The data channel did not open within 4 s. ${story(alice, bob)}`);
    expect(bob.remoteCandidates.some((line) => / 127\.0\.0\.1 \d+ typ host/.test(line)), `The answering peer must receive the offerer's host candidate on 127.0.0.1 through the server; it got ${JSON.stringify(bob.remoteCandidates)}.`).toBe(true);
    const file = randomBytes(100 * 1000);
    alice.sendFile('photo.bin', file);
    const received = await within(bob.fileReceived, 4000, () => 'The file did not arrive within 4 s over the open data channel.');
    expect(received.name).toBe('photo.bin');
    expect(received.bytes.length, 'Every byte must arrive.').toBe(file.length);
    expect(sha256(received.bytes), 'The received file must equal the sent one byte for byte.').toBe(sha256(file));
    expect(received.bytes.equals(file)).toBe(true);
  });

  test('a peer that vanishes mid-transfer: the server stays up, tells the other peer, frees the room, and a new pair connects', async () => {
    const alice = peer('flaky');
    await waitUntil('the first peer to join', () => JSON.stringify(h.signaling.roomSizes()) === '{"flaky":1}', 1000);
    const bob = peer('flaky');
    await within(Promise.all([alice.channelOpen, bob.channelOpen]), 4000, () => `The data channel did not open within 4 s. ${story(alice, bob)}`);
    alice.sendFile('big.bin', randomBytes(400 * 1000));
    await alice.close(); // gone mid-transfer: no "leave", no close frame, the peer connection torn down
    await waitUntil(`the second peer to hear "peer-left"; it heard ${JSON.stringify(bob.heard)}`, () => bob.heard.includes('peer-left'), 1000);
    await waitUntil(`the room to hold only the peer left behind, but roomSizes() is ${JSON.stringify(h.signaling.roomSizes())}`, () => JSON.stringify(h.signaling.roomSizes()) === '{"flaky":1}', 1000);
    await bob.close();
    await waitUntil(`the empty room to be deleted, but roomSizes() is ${JSON.stringify(h.signaling.roomSizes())}`, () => Object.keys(h.signaling.roomSizes()).length === 0, 1000);

    const carol = peer('flaky');
    await waitUntil('a new first peer to join the freed room', () => JSON.stringify(h.signaling.roomSizes()) === '{"flaky":1}', 1000);
    const dave = peer('flaky');
    await within(Promise.all([carol.channelOpen, dave.channelOpen]), 4000, () => `After the first pair vanished, a new pair could not connect within 4 s. ${story(carol, dave)}`);
    const file = randomBytes(20 * 1000);
    carol.sendFile('after.bin', file);
    expect((await within(dave.fileReceived, 4000, () => 'The new pair\'s file did not arrive.')).bytes.equals(file)).toBe(true);
  });

  test('a third peer is refused and never joins the call', async () => {
    const alice = peer('busy');
    await waitUntil('the first peer to join', () => JSON.stringify(h.signaling.roomSizes()) === '{"busy":1}', 1000);
    const bob = peer('busy');
    await within(Promise.all([alice.channelOpen, bob.channelOpen]), 4000, () => `The data channel did not open within 4 s. ${story(alice, bob)}`);
    const mallory = await h.connect();
    mallory.send({ type: 'join', room: 'busy' });
    await mallory.take('an error with code "room-full"', (m) => m.type === 'error' && m.code === 'room-full');
    await mallory.roundTrip();
    expect(mallory.unread('offer'), 'The third peer must not receive an offer.').toEqual([]);
    expect(alice.heard.filter((type) => type === 'peer-joined'), 'The call\'s first peer must not be told about a third peer: it would start a second negotiation.').toEqual(['peer-joined']);
  });
});

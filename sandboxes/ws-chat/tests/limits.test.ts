/**
 * What the server does about members it cannot reach: one who stops reading (a frozen tab, a dead
 * network) must not make it queue a busy room's messages without limit, and one who vanished without a
 * FIN or RST must be noticed by the heartbeat. Both are played by a raw TCP client that completes the
 * WebSocket handshake itself, because a ws client reads everything and answers every ping.
 */
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createChatServer, type ChatOptions, type ChatServer } from '../server.ts';

let chat: ChatServer | undefined;
const sockets: Array<net.Socket | WebSocket> = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) (socket instanceof WebSocket ? socket.terminate() : socket.destroy());
  chat?.server.closeAllConnections();
  chat?.server.close();
  chat = undefined;
});

async function start(options: ChatOptions): Promise<number> {
  chat = createChatServer(options);
  chat.server.listen(0, '127.0.0.1');
  await once(chat.server, 'listening');
  return (chat.server.address() as AddressInfo).port;
}

/** A client frame: FIN + text opcode, masked as RFC 6455 §5.3 requires of clients (payload under 126 bytes). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

/** A raw TCP client that performs the handshake and joins `room`; it answers no pings and reads only if told to. */
async function rawMember(port: number, room: string, name: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(`GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let received = '';
  const onData = (chunk: Buffer): void => void (received += chunk.toString('latin1'));
  socket.on('data', onData);
  const deadline = performance.now() + 1000;
  while (!received.includes('101 Switching Protocols')) {
    if (performance.now() > deadline) throw new Error(`The raw client's handshake got no 101 within 1 s: ${JSON.stringify(received.slice(0, 200))}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  socket.write(textFrame(JSON.stringify({ type: 'join', room, name })));
  await waitUntil(`${name} to be counted in "${room}" (join comes first: see the rooms tests)`, () => (chat?.roomSizes()[room] ?? 0) >= 1 && received.includes(name), 600);
  socket.off('data', onData);
  return socket;
}

async function wsMember(port: number, room: string, name: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/chat`);
  sockets.push(socket);
  socket.on('error', () => {});
  await once(socket, 'open');
  let joinedRoom = false;
  const onMessage = (data: WebSocket.RawData): void => void (joinedRoom ||= String(data).includes(`"name":"${name}"`));
  socket.on('message', onMessage);
  socket.send(JSON.stringify({ type: 'join', room, name }));
  // Frames on one connection arrive in order: once the pong to a ping sent after the join is here, so is
  // any presence list the server sent in answer to the join. Waiting longer would only wait out the deadline.
  let answered = false;
  socket.on('pong', () => (answered = true));
  socket.ping();
  const what = `the presence list with ${name} in it after joining "${room}" (join comes first: see the rooms tests)`;
  await waitUntil(what, () => joinedRoom || answered, 600);
  if (!joinedRoom) throw new Error(`Expected ${what}, but it never came: the server answered a ping sent after the join, so it had handled the join without sending it.`);
  socket.off('message', onMessage); // reading on costs time in the tests that send megabytes through this member
  return socket;
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 1000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

describe('a member who stops reading', () => {
  test('is cut off once more than maxBufferedBytes wait for it, instead of queueing the room without limit', async () => {
    const port = await start({ maxBufferedBytes: 64 * 1024, heartbeatMs: 60_000 });
    const alice = await wsMember(port, 'lobby', 'Alice');
    const stalled = await rawMember(port, 'lobby', 'Stalled');
    stalled.pause(); // reads nothing from now on: the kernel's buffers fill, then the server's queue grows
    // A paused socket does not notice being closed, so the room tells: the cut-off member leaves it.
    const cutOff = (): boolean => chat?.roomSizes().lobby === 1;
    // Up to 12 MB of messages (1.5 kB each): far more than the kernel buffers plus 64 KiB.
    const json = JSON.stringify({ type: 'message', room: 'lobby', text: '日'.repeat(500) });
    let sent = 0;
    while (sent < 8000 && !cutOff()) {
      for (let i = 0; i < 250; i += 1) alice.send(json);
      sent += 250;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitUntil('the server to cut off a member that reads nothing', cutOff, 1500).catch(() => {
      throw new Error(`Alice sent ${sent} messages of 1.5 kB to a room with a member that reads nothing, and the server kept queueing them for it (roomSizes() is ${JSON.stringify(chat?.roomSizes())}): check socket.bufferedAmount before each send and terminate() the connection once it passes maxBufferedBytes (64 KiB here); its 'close' event then takes it out of the room.`);
    });
    expect(alice.readyState, 'The member who reads keeps the connection.').toBe(WebSocket.OPEN);
  });
});

describe('a member who vanished without a word', () => {
  test('is dropped when it does not answer the heartbeat ping, while members that answer stay', async () => {
    const port = await start({ maxBufferedBytes: 1 << 20, heartbeatMs: 150 });
    const alice = await wsMember(port, 'lobby', 'Alice'); // ws answers every ping with a pong
    const ghost = await rawMember(port, 'lobby', 'Ghost'); // reads, but never answers a ping
    ghost.resume();
    let pinged = false;
    ghost.on('data', (chunk: Buffer) => (pinged ||= chunk.includes(0x89)));
    const closed = once(ghost, 'close');
    let gone = false;
    void closed.then(() => (gone = true));
    await waitUntil('the server to drop a member that answers no ping', () => gone, 1200).catch(() => {
      throw new Error(`After 1.2 s with heartbeatMs 150 the server still holds a connection that never answered a ping${pinged ? '' : ' (it never even received one)'}: ping every connection every heartbeatMs and terminate() those that did not answer the previous ping with a pong.`);
    });
    await waitUntil(`the room to forget the dropped member (roomSizes() is ${JSON.stringify(chat?.roomSizes())})`, () => chat?.roomSizes().lobby === 1);
    // The heartbeat that dropped the ghost also judged Alice; give her termination, if any, time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alice.readyState, 'Alice answers every ping (ws does it for her), so she must stay connected.').toBe(WebSocket.OPEN);
  });

  test('the heartbeat timer stops when the server closes (the starter, with no heartbeat yet, passes: keep it so)', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    await start({ heartbeatMs: 40 });
    chat!.server.close();
    await once(chat!.server, 'close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(timers(), 'The server closed, but its heartbeat interval still runs: clearInterval it on the server\'s \'close\' event.').toBeLessThanOrEqual(before);
  });
});

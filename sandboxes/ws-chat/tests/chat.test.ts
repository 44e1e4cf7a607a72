import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createChatServer, type ChatServer } from '../server.ts';

type Incoming = { type: string; [field: string]: unknown };

/** A real ws client that keeps every message it gets, so tests can wait for one or prove none came. */
class TestClient {
  readonly socket: WebSocket;
  readonly inbox: Incoming[] = [];
  closeCode: number | undefined;
  id = '';

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      try {
        this.inbox.push(JSON.parse(data.toString()) as Incoming);
      } catch {
        this.inbox.push({ type: '(not JSON)', raw: data.toString() });
      }
    });
    this.socket.on('close', (code) => (this.closeCode = code));
    this.socket.on('error', () => {}); // a refused or broken connection shows up as its close code
  }

  /**
   * Removes and returns the first message that matches, waiting up to timeoutMs for it. Unless `settle` is
   * false, it stops waiting sooner when the message cannot come any more: once every client's ping has
   * come back, the server has handled every frame sent before it, and once this client's next ping has come
   * back, everything the server sent it in answer has arrived. A message still missing then was never sent.
   * Pass `settle: false` for a message that follows something other than a frame (a connection dropping).
   */
  async take(what: string, matches: (message: Incoming) => boolean, timeoutMs = 600, settle = true): Promise<Incoming> {
    const deadline = performance.now() + timeoutMs;
    let settled = false;
    let settling = false;
    for (;;) {
      const index = this.inbox.findIndex(matches);
      if (index !== -1) return this.inbox.splice(index, 1)[0] as Incoming;
      if (settled) {
        throw new Error(`Expected ${what}, but it never came: the server answered a ping sent after the request, so it had handled the request without sending it. This client received: ${JSON.stringify(this.inbox).slice(0, 600) || 'nothing'}.`);
      }
      if (settle && !settling) {
        settling = true;
        void Promise.all(clients.map((client) => client.roundTrip()))
          .then(() => this.roundTrip())
          .then(() => (settled = true));
      }
      if (performance.now() > deadline) {
        throw new Error(`Waited ${timeoutMs} ms for ${what}, but it never came. This client received: ${JSON.stringify(this.inbox).slice(0, 600) || 'nothing'}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Everything still unread of one type. */
  unread(type: string): Incoming[] {
    return this.inbox.filter((message) => message.type === type);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * A ping answered by a pong. Frames on one connection arrive in order, so anything the server sent
   * this client before it answered the ping has arrived once the pong is here. Each ping carries its own
   * token, so a pong still on its way for an earlier ping is not taken for this one's. Returns at once on a
   * connection that is not open, and when the connection closes on the way: nothing more can arrive on it.
   */
  async roundTrip(): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const token = String((pings += 1));
    await new Promise<void>((resolve) => {
      const onPong = (data: Buffer): void => {
        if (data.toString() === token) done();
      };
      const done = (): void => {
        this.socket.off('pong', onPong);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('pong', onPong);
      this.socket.on('close', done);
      this.socket.ping(token);
    });
  }
}

let pings = 0;
let chat: ChatServer;
let base: string;
const clients: TestClient[] = [];

beforeEach(async () => {
  chat = createChatServer();
  chat.server.listen(0, '127.0.0.1');
  await once(chat.server, 'listening');
  base = `127.0.0.1:${(chat.server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const client of clients.splice(0)) client.socket.terminate();
  chat.server.closeAllConnections();
  chat.server.close();
});

async function connect(): Promise<TestClient> {
  const client = new TestClient(`ws://${base}/chat`);
  clients.push(client);
  // Not settled: the welcome comes with the connection, before a ping can be sent.
  const welcome = await client.take('a {"type":"welcome"} message right after connecting', (message) => message.type === 'welcome', 600, false);
  client.id = String(welcome.id);
  return client;
}

async function join(client: TestClient, room: string, name: string): Promise<Incoming> {
  client.send({ type: 'join', room, name });
  return client.take(`the presence list of "${room}" with ${name} in it after ${name} joined (the server sends { type: 'presence', room, members } to the whole room after each join)`, (message) => message.type === 'presence' && message.room === room && JSON.stringify(message.members).includes(client.id));
}

/** A GET with node:http (fetch would first load its whole implementation, a few hundred ms on a busy machine). */
async function get(url: string): Promise<{ status: number | undefined; contentType: string }> {
  const request = http.get(url, { agent: false });
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  response.resume();
  await once(response, 'end');
  return { status: response.statusCode, contentType: response.headers['content-type'] ?? '' };
}

const isChat = (text: string) => (message: Incoming) => message.type === 'message' && message.text === text;
const isError = (code: string) => (message: Incoming) => message.type === 'error' && message.code === code;

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('rooms: every message reaches exactly its room', () => {
  test('greets each connection with a welcome message carrying a server-assigned id (the starter already does: keep it so)', async () => {
    const [a, b] = [await connect(), await connect()];
    expect(a.id, 'The welcome message needs an "id" string: the server names each connection.').toMatch(/\S/);
    expect(a.id, 'Two connections need two different ids.').not.toBe(b.id);
  });

  test('delivers a message to everyone in the room, the sender included, and to nobody else', async () => {
    const [alice, bob, carol, dave] = [await connect(), await connect(), await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    await join(bob, 'lobby', 'Bob');
    await join(carol, 'kitchen', 'Carol');
    alice.send({ type: 'message', room: 'lobby', text: 'hello lobby' });
    await alice.take('her own message back: the server echoes it to the sender too, stamped like everyone else\'s copy', isChat('hello lobby'));
    await bob.take('Alice\'s message in the room he is in', isChat('hello lobby'));
    await Promise.all([alice.roundTrip(), bob.roundTrip(), carol.roundTrip(), dave.roundTrip()]);
    expect(alice.unread('message'), 'The sender gets exactly one copy.').toEqual([]);
    expect(bob.unread('message'), 'Bob gets exactly one copy.').toEqual([]);
    expect(carol.unread('message'), 'Carol is in "kitchen": a message to "lobby" must not reach her.').toEqual([]);
    expect(dave.unread('message'), 'Dave joined no room, so no chat message may reach him.').toEqual([]);
  });

  test('stamps each message with a server id, the sender and the server time, whatever the client claims', async () => {
    const [alice, bob] = [await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    await join(bob, 'lobby', 'Bob');
    const before = Date.now();
    alice.send({ type: 'message', room: 'lobby', text: 'first', id: 'forged', from: { id: 'admin', name: 'Admin' }, ts: 0 });
    alice.send({ type: 'message', room: 'lobby', text: 'second' });
    const first = await bob.take('Alice\'s first message', isChat('first'));
    const second = await bob.take('Alice\'s second message', isChat('second'));
    expect(first.from, 'The sender comes from the server\'s own record of the connection, never from the client.').toEqual({ id: alice.id, name: 'Alice' });
    expect(first.room).toBe('lobby');
    expect(typeof first.id === 'string' && first.id !== 'forged', `The message id must be made by the server, but it is ${JSON.stringify(first.id)}.`).toBe(true);
    expect(second.id, 'Every message needs its own id.').not.toBe(first.id);
    expect(first.ts, 'ts is the server\'s Date.now() when it handled the message.').toBeGreaterThanOrEqual(before);
    expect(first.ts).toBeLessThanOrEqual(Date.now());
  });

  test('refuses messages to a room the sender has not joined, with a not-in-room error', async () => {
    const [alice, mallory] = [await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    mallory.send({ type: 'message', room: 'lobby', text: 'I am not in here' });
    await mallory.take('an error with code "not-in-room"', isError('not-in-room'));
    mallory.send({ type: 'leave', room: 'lobby' });
    await mallory.take('an error with code "not-in-room" for leaving a room she is not in', isError('not-in-room'));
    await alice.roundTrip();
    expect(alice.unread('message'), 'Only members may post to a room.').toEqual([]);
  });
});

describe('presence: who is in the room', () => {
  test('sends the member list to the room when someone joins or leaves, and to the leaver', async () => {
    const [alice, bob] = [await connect(), await connect()];
    const first = await join(alice, 'lobby', 'Alice');
    expect(first.members).toEqual([{ id: alice.id, name: 'Alice' }]);
    await join(bob, 'lobby', 'Bob');
    const both = [{ id: alice.id, name: 'Alice' }, { id: bob.id, name: 'Bob' }];
    const seenByAlice = await alice.take('the presence list after Bob joined', (m) => m.type === 'presence' && JSON.stringify(m.members).includes(bob.id));
    expect(seenByAlice.members, 'Members in the order they joined, as { id, name }.').toEqual(both);
    bob.send({ type: 'leave', room: 'lobby' });
    const afterLeave = await alice.take('the presence list after Bob left', (m) => m.type === 'presence' && !JSON.stringify(m.members).includes(bob.id));
    expect(afterLeave.members).toEqual([{ id: alice.id, name: 'Alice' }]);
    const toLeaver = await bob.take('the room\'s presence list without himself, so his page knows the leave worked', (m) => m.type === 'presence' && m.room === 'lobby' && !JSON.stringify(m.members).includes(bob.id));
    expect(toLeaver.members).toEqual([{ id: alice.id, name: 'Alice' }]);
    expect(chat.roomSizes()).toEqual({ lobby: 1 });
  });

  test('the last member to leave takes the room with them: an empty room must not exist', async () => {
    const alice = await connect();
    await join(alice, 'attic', 'Alice');
    alice.send({ type: 'leave', room: 'attic' });
    await alice.take('the presence list of "attic" after leaving', (m) => m.type === 'presence' && m.room === 'attic' && !JSON.stringify(m.members).includes(alice.id));
    expect(chat.roomSizes(), 'Alice was alone in "attic" and left it: delete a room when its last member leaves, or every room ever used stays in memory.').toEqual({});
  });

  test('after leaving, a member gets no more of the room\'s messages', async () => {
    const [alice, bob] = [await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    await join(bob, 'lobby', 'Bob');
    bob.send({ type: 'leave', room: 'lobby' });
    await bob.take('the presence list after leaving', (m) => m.type === 'presence' && !JSON.stringify(m.members).includes(bob.id));
    alice.send({ type: 'message', room: 'lobby', text: 'bob has gone' });
    await alice.take('her own message', isChat('bob has gone'));
    await bob.roundTrip();
    expect(bob.unread('message'), 'Bob left "lobby", so its messages must not reach him.').toEqual([]);
    expect(chat.roomSizes()).toEqual({ lobby: 1 });
  });
});

describe('bad input gets an error message, never a crash', () => {
  const tooLongName = 'x'.repeat(33);
  const cases: Array<[string, string, string]> = [
    ['text that is not JSON', 'hello?', 'bad-json'],
    ['truncated JSON', '{"type":"join","room":"lobby"', 'bad-json'],
    ['null', 'null', 'bad-message'],
    ['an array', '[1,2,3]', 'bad-message'],
    ['a number', '42', 'bad-message'],
    ['an object without a type', '{"room":"lobby"}', 'bad-message'],
    ['a type the server does not know', '{"type":"shout","room":"lobby"}', 'unknown-type'],
    ['a join without a name', '{"type":"join","room":"lobby"}', 'bad-message'],
    ['a join with a blank name', '{"type":"join","room":"lobby","name":"   "}', 'bad-message'],
    ['a join with a 33-character name', `{"type":"join","room":"lobby","name":"${tooLongName}"}`, 'bad-message'],
    ['a room name with a slash', '{"type":"join","room":"../admin","name":"Eve"}', 'bad-message'],
    ['a room that is an object', '{"type":"join","room":{"name":"lobby"},"name":"Eve"}', 'bad-message'],
    ['a message without text', '{"type":"message","room":"lobby"}', 'bad-message'],
    ['a message whose text is a number', '{"type":"message","room":"lobby","text":42}', 'bad-message'],
    ['a message whose text is blank', '{"type":"message","room":"lobby","text":" "}', 'bad-message'],
  ];

  test('answers each malformed message with an error code and a sentence, and keeps the connection', async () => {
    const [eve, alice] = [await connect(), await connect()];
    await join(eve, 'lobby', 'Eve');
    await join(alice, 'lobby', 'Alice');
    for (const [what, raw, code] of cases) {
      eve.send(raw);
      const error = await eve.take(`an error with code "${code}" for ${what}: ${raw}`, (m) => m.type === 'error');
      expect(error.code, `For ${what} (${raw}) the error code should be "${code}".`).toBe(code);
      expect(typeof error.message === 'string' && error.message.length >= 15, `The error for ${what} needs a "message" that says what is wrong, but it is ${JSON.stringify(error.message)}.`).toBe(true);
    }
    expect(eve.socket.readyState, 'Errors are answers: the connection stays open.').toBe(WebSocket.OPEN);
    eve.send({ type: 'message', room: 'lobby', text: 'still here' });
    await alice.take('Eve\'s message after all her mistakes: the server still works', isChat('still here'));
  });

  test('answers a binary frame with a "binary" error and keeps the connection', async () => {
    const eve = await connect();
    eve.socket.send(Buffer.from('{"type":"join","room":"lobby","name":"Eve"}'), { binary: true });
    await eve.take('an error with code "binary": the protocol is JSON in text frames', isError('binary'));
    expect(eve.socket.readyState).toBe(WebSocket.OPEN);
    expect(chat.roomSizes(), 'The binary frame must not be acted on.').toEqual({});
  });

  test('refuses text over 500 characters with "too-long" but delivers exactly 500', async () => {
    const [alice, bob] = [await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    await join(bob, 'lobby', 'Bob');
    alice.send({ type: 'message', room: 'lobby', text: 'y'.repeat(501) });
    await alice.take('an error with code "too-long" for a 501-character text', isError('too-long'));
    alice.send({ type: 'message', room: 'lobby', text: 'z'.repeat(500) });
    await bob.take('the 500-character message: 500 is still allowed', isChat('z'.repeat(500)));
    expect(bob.unread('message'), 'The refused text must not be delivered.').toEqual([]);
  });

  test('closes a connection that sends a frame over maxPayload (4 KiB) with 1009, and the room forgets it', async () => {
    const [alice, bob] = [await connect(), await connect()];
    await join(alice, 'lobby', 'Alice');
    await join(bob, 'lobby', 'Bob');
    bob.send({ type: 'message', room: 'lobby', text: 'w'.repeat(5000) });
    await waitUntil('Bob\'s connection to close after a 5 kB frame (set maxPayload on the WebSocketServer)', () => bob.closeCode !== undefined);
    expect(bob.closeCode, '1009 means Message Too Big (RFC 6455 §7.4.1); ws sends it when a frame exceeds maxPayload.').toBe(1009);
    const update = await alice.take('a presence list without Bob after his connection closed', (m) => m.type === 'presence' && !JSON.stringify(m.members).includes(bob.id), 600, false);
    expect(update.members).toEqual([{ id: alice.id, name: 'Alice' }]);
    expect(chat.roomSizes()).toEqual({ lobby: 1 });
    alice.send({ type: 'message', room: 'lobby', text: 'the server survived' });
    await alice.take('her own message: the server still works', isChat('the server survived'));
  });

  test('survives a frame that breaks the WebSocket rules (an unmasked client frame)', async () => {
    const alice = await connect();
    await join(alice, 'lobby', 'Alice');
    // A raw TCP client: a valid handshake, then a text frame without the mask every client frame must have (RFC 6455 §5.1).
    const raw = net.connect(Number(base.split(':')[1]), '127.0.0.1');
    await once(raw, 'connect');
    raw.write(`GET /chat HTTP/1.1\r\nHost: ${base}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await once(raw, 'data');
    const closed = once(raw, 'close');
    raw.on('error', () => {});
    raw.resume();
    raw.write(Buffer.concat([Buffer.from([0x81, 0x02]), Buffer.from('hi')]));
    await closed;
    alice.send({ type: 'message', room: 'lobby', text: 'after the broken frame' });
    await alice.take('her own message: the server still works after the bad frame', isChat('after the broken frame'));
  });
});

describe('cleanup when connections drop', () => {
  test('removes a member whose connection vanished without a close frame, in every room it joined', async () => {
    const [alice, bob] = [await connect(), await connect()];
    for (const room of ['lobby', 'kitchen']) {
      await join(alice, room, 'Alice');
      await join(bob, room, 'Bob');
    }
    bob.socket.terminate(); // destroys the TCP connection: no close frame, like a laptop lid closing
    for (const room of ['lobby', 'kitchen']) {
      const update = await alice.take(`a presence list for "${room}" without Bob after his connection died`, (m) => m.type === 'presence' && m.room === room && !JSON.stringify(m.members).includes(bob.id), 600, false);
      expect(update.members).toEqual([{ id: alice.id, name: 'Alice' }]);
    }
    alice.socket.close();
    await waitUntil(`the rooms to be deleted once their last member is gone (roomSizes() is ${JSON.stringify(chat.roomSizes())})`, () => Object.keys(chat.roomSizes()).length === 0);
  });
});

describe('the page', () => {
  test('serves the page at / and its script at /render.js, and nothing else (the starter already does: keep it so)', async () => {
    const page = await get(`http://${base}/`);
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    const script = await get(`http://${base}/render.js`);
    expect(script.status).toBe(200);
    expect(script.contentType, 'Browsers only run module scripts served with a JavaScript MIME type.').toMatch(/^text\/javascript/);
    expect((await get(`http://${base}/server.ts`)).status, 'The server\'s own source must not be downloadable.').toBe(404);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { checkHandshake, createHandshakeServer } from '../handshake-server.ts';
import { closesWithin, connect, destroySockets, handshake, randomKey, readHead, send } from './raw-http.ts';

const ALLOWED_ORIGINS = ['http://localhost:3000', 'https://app.example'];
const PROTOCOLS = ['chat.v2', 'chat.v1'];

let server: http.Server;
let port: number;
let crashes: Error[];
const recordCrash = (error: Error): void => {
  crashes.push(error);
};

beforeEach(async () => {
  crashes = [];
  process.on('uncaughtException', recordCrash);
  server = createHandshakeServer({ allowedOrigins: ALLOWED_ORIGINS, protocols: PROTOCOLS });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  process.off('uncaughtException', recordCrash);
  destroySockets();
  server.closeAllConnections();
  server.close();
});

const expectedAccept = (key: string): string => createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

interface Conversation {
  opened: boolean;
  /** The status of a refused handshake. */
  refusedWith?: number;
  protocol: string;
  messages: string[];
  closeCode?: number;
  error?: string;
}

/** Connects with the `ws` client, an independent implementation that checks Sec-WebSocket-Accept itself. */
function talk(protocols: string[], origin?: string): Promise<Conversation> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`, protocols, origin === undefined ? {} : { origin });
    const result: Conversation = { opened: false, protocol: '', messages: [] };
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ ...result, error: result.error ?? 'the conversation did not end within 3 s' });
    }, 3000);
    ws.on('open', () => {
      result.opened = true;
      result.protocol = ws.protocol;
    });
    ws.on('message', (data) => result.messages.push(String(data)));
    ws.on('unexpected-response', (_req, res) => {
      result.refusedWith = res.statusCode;
      ws.terminate();
    });
    ws.on('error', (error) => (result.error ??= error.message));
    ws.on('close', (code) => {
      clearTimeout(timer);
      result.closeCode = code;
      resolve(result);
    });
  });
}

const describeFailure = (c: Conversation): string => (c.error ? `The ws client reported: "${c.error}".` : c.refusedWith ? `The server refused with ${c.refusedWith}.` : '');

describe('a real WebSocket client connects', () => {
  test('the ws client opens the connection, gets the greeting and a normal close (1000)', async () => {
    const c = await talk([]);
    expect(c.opened, `The ws client could not open the connection. ${describeFailure(c)}`).toBe(true);
    expect(c.messages).toEqual(['Hello!']);
    expect(c.closeCode, 'The server closes with status 1000 after its greeting.').toBe(1000);
  });

  test('answers 101 Switching Protocols with Upgrade, Connection and the right Sec-WebSocket-Accept', async () => {
    const key = randomKey();
    const { head } = await send(port, handshake({ headers: { 'Sec-WebSocket-Key': key } }));
    expect(head.status, `A valid handshake gets 101; the server answered "${head.statusLine}".`).toBe(101);
    expect(head.headers.upgrade?.toLowerCase()).toBe('websocket');
    expect(head.headers.connection?.toLowerCase()).toBe('upgrade');
    expect(head.headers['sec-websocket-accept'], `For the key ${key}: base64(SHA-1(key + GUID)).`).toBe(expectedAccept(key));
  });

  test('accepts Upgrade and Connection in any letter case and inside comma lists (Firefox sends "keep-alive, Upgrade"; the starter already does: keep it so)', async () => {
    const variants: Array<[upgrade: string, connection: string]> = [
      ['WebSocket', 'keep-alive, Upgrade'],
      ['websocket', 'upgrade'],
      ['WEBSOCKET', 'Upgrade, HTTP2-Settings'],
    ];
    for (const [upgrade, connection] of variants) {
      const { head } = await send(port, handshake({ headers: { Upgrade: upgrade, Connection: connection } }));
      expect(head.status, `"Upgrade: ${upgrade}" with "Connection: ${connection}" is a valid handshake: header tokens are case-insensitive and Connection is a list.`).toBe(101);
    }
  });

  test('lets a page from an allowed origin connect', async () => {
    const c = await talk([], 'https://app.example');
    expect(c.opened, `Origin https://app.example is in allowedOrigins. ${describeFailure(c)}`).toBe(true);
  });

  test('refuses a page from another origin with 403 (the ws client sending Origin: https://evil.example)', async () => {
    const c = await talk([], 'https://evil.example');
    expect(c.refusedWith, 'A browser sends the page\'s Origin; a page from a site not in allowedOrigins must get 403 Forbidden.').toBe(403);
    expect(c.opened).toBe(false);
  });

  test('refuses origins that merely look like an allowed one', async () => {
    for (const origin of ['http://localhost:3000.evil.example', 'http://localhost:3001', 'https://localhost:3000', 'null', 'https://app.example.evil.example']) {
      const { head } = await send(port, handshake({ headers: { Origin: origin } }));
      expect(head.status, `Origin "${origin}" is not exactly one of ${ALLOWED_ORIGINS.join(', ')}: compare whole origins, not prefixes.`).toBe(403);
    }
  });
});

describe('subprotocols', () => {
  test("picks the first subprotocol in the client's list that the server speaks", async () => {
    const c = await talk(['x.unknown', 'chat.v1', 'chat.v2']);
    expect(c.opened, `The handshake failed. ${describeFailure(c)}`).toBe(true);
    expect(c.protocol, 'The client prefers chat.v1 over chat.v2, and the server speaks both.').toBe('chat.v1');
    expect(c.messages).toEqual(['Hello! We speak chat.v1.']);
  });

  test('sends no Sec-WebSocket-Protocol when the client offered none, or none the server speaks (the starter already does: keep it so)', async () => {
    const none = await send(port, handshake());
    expect(none.head.headers['sec-websocket-protocol'], 'The client offered no subprotocol, so the answer must not name one (the client would fail the connection).').toBeUndefined();
    const unknown = await send(port, handshake({ headers: { 'Sec-WebSocket-Protocol': 'x.one, x.two' } }));
    expect(unknown.head.status).toBe(101);
    expect(unknown.head.headers['sec-websocket-protocol'], 'The server speaks neither x.one nor x.two, so it selects none.').toBeUndefined();
  });
});

describe('invalid handshakes get the right status, and the server hangs up', () => {
  const cases: Array<{ name: string; request: () => string; status: number; header?: [string, string] }> = [
    // The starter already answers the first three: they guard the checks it gives you.
    { name: 'POST instead of GET → 405 with Allow: GET', request: () => handshake({ method: 'POST' }), status: 405, header: ['allow', 'GET'] },
    { name: 'HTTP/1.0 → 400', request: () => handshake({ httpVersion: 'HTTP/1.0' }), status: 400 },
    { name: 'a plain GET without Upgrade → 426 with Upgrade: websocket', request: () => handshake({ headers: { Upgrade: null, Connection: null } }), status: 426, header: ['upgrade', 'websocket'] },
    { name: '"Upgrade: h2c" (not websocket) → 400', request: () => handshake({ headers: { Upgrade: 'h2c' } }), status: 400 },
    { name: 'no Sec-WebSocket-Key → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': null } }), status: 400 },
    { name: 'a key of 15 bytes → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': randomBytes(15).toString('base64') } }), status: 400 },
    { name: 'a key of 17 bytes → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': randomBytes(17).toString('base64') } }), status: 400 },
    { name: 'a key in base64url ("-" and "_") → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': 'a-b_AAAAAAAAAAAAAAAAAA==' } }), status: 400 },
    { name: 'a key with a "." that Buffer.from(…, "base64") would skip → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub2.5jZQ==' } }), status: 400 },
    { name: 'a 24-character key with a "." inside, 15 bytes once decoded → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub2.jZQ==' } }), status: 400 },
    { name: 'a key without its "==" padding → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ' } }), status: 400 },
    { name: 'no Sec-WebSocket-Version → 400', request: () => handshake({ headers: { 'Sec-WebSocket-Version': null } }), status: 400 },
    { name: 'Sec-WebSocket-Version: 8 → 426 with Sec-WebSocket-Version: 13', request: () => handshake({ headers: { 'Sec-WebSocket-Version': '8' } }), status: 426, header: ['sec-websocket-version', '13'] },
  ];

  for (const { name, request, status, header } of cases) {
    test(name, async () => {
      const text = request();
      const { head, socket } = await send(port, text);
      expect(head.status, `The server answered "${head.statusLine}" to:\n${text}`).toBe(status);
      if (header) expect(head.headers[header[0]], `A ${status} here must carry "${header[0]}: ${header[1]}".`).toBe(header[1]);
      expect(await closesWithin(socket, 1000), 'After refusing a handshake the server must close the connection.').toBe(true);
    });
  }
});

describe('checkHandshake follows RFC 6455 §4.2.1 to the letter', () => {
  /** The parts of an IncomingMessage that checkHandshake reads, for requests Node's parser would not let through. */
  function request(headers: Record<string, string | undefined>): http.IncomingMessage {
    const base: Record<string, string | undefined> = { host: 'chat.example', upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': randomKey(), 'sec-websocket-version': '13' };
    const merged = Object.fromEntries(Object.entries({ ...base, ...headers }).filter(([, value]) => value !== undefined));
    return { method: 'GET', httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1, headers: merged } as unknown as http.IncomingMessage;
  }
  const options = { allowedOrigins: ALLOWED_ORIGINS };

  test('accepts a complete handshake (the baseline the other cases differ from; the starter passes it)', () => {
    expect(checkHandshake(request({}), options).accept).toBe(true);
  });

  test('refuses a handshake without Host with 400 (the starter already does: keep it so; Node refuses one on the wire itself, but checkHandshake must not rely on that)', () => {
    for (const host of [undefined, '']) {
      const verdict = checkHandshake(request({ host }), options);
      expect(verdict.accept ? 101 : verdict.status, `Host ${JSON.stringify(host)}: §4.2.1 requires a Host header field; without one the handshake is invalid (400).`).toBe(400);
    }
  });

  test('refuses every Sec-WebSocket-Version but exactly "13" (426, or 400 for a malformed value)', () => {
    for (const version of ['8', '12', '14', '130', '013', '13.0', '13, 8']) {
      const verdict = checkHandshake(request({ 'sec-websocket-version': version }), options);
      expect(verdict.accept ? 101 : verdict.status, `Sec-WebSocket-Version ${JSON.stringify(version)}: §4.2.1 requires the value 13 exactly; compare the text, not a number parsed from it.`).toBeOneOf([426, 400]);
    }
  });

  test('refuses every key that is not 16 bytes in base64 (400)', () => {
    const keys = [randomBytes(15).toString('base64'), randomBytes(17).toString('base64'), 'dGhlIHNhbXBsZSBub2.jZQ==', 'dGhlIHNhbXBsZSBub25jZQ', `${randomBytes(16).toString('base64')} `, '========================'];
    for (const key of keys) {
      const verdict = checkHandshake(request({ 'sec-websocket-key': key }), options);
      expect(verdict.accept ? 101 : verdict.status, `Sec-WebSocket-Key ${JSON.stringify(key)}: the key must decode to exactly 16 bytes: 22 base64 characters and "==".`).toBe(400);
    }
  });
});

describe('the server survives misbehaving clients', () => {
  async function expectStillServing(what: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(crashes.map((error) => error.message), `${what} made the server throw an uncaught exception, which would crash a real server. Listen for 'error' on the upgraded socket.`).toEqual([]);
    const c = await talk([]);
    expect(c.opened, `After ${what} a new client can no longer connect. ${describeFailure(c)}`).toBe(true);
  }

  test('a client that resets the connection right after the 101', async () => {
    const socket = await connect(port);
    const head = readHead(socket);
    socket.write(handshake());
    expect((await head).status).toBe(101);
    socket.resetAndDestroy();
    await expectStillServing('a connection reset');
  });

  test('a client that resets the connection in the middle of its handshake', async () => {
    const socket = await connect(port);
    socket.write(handshake().slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.resetAndDestroy();
    await expectStillServing('half a handshake');
  });

  test('a client that sends bytes which are not HTTP at all', async () => {
    const socket = await connect(port);
    socket.write(Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(await closesWithin(socket, 1000), 'Bytes that are not an HTTP request end the connection.').toBe(true);
    await expectStillServing('a garbage request');
  });

  test('a client that sends a frame in the same packet as its handshake, then resets', async () => {
    const socket = await connect(port);
    socket.write(Buffer.concat([Buffer.from(handshake()), Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])]));
    await readHead(socket);
    socket.resetAndDestroy();
    await expectStillServing('a reset after an early frame');
  });
});

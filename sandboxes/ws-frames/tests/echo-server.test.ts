import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createEchoServer } from '../echo-server.ts';
import { FrameDecoder } from '../frame-decoder.ts';
import { clientFrame, closePayload, destroySockets, rawFrame, RawClient, RFC_MASK, within, type WireFrame } from './wire.ts';

const MAX_MESSAGE_BYTES = 100_000;
let server: http.Server;
let port: number;
let crashes: Error[];
const recordCrash = (error: Error): void => {
  crashes.push(error);
};

beforeEach(async () => {
  crashes = [];
  process.on('uncaughtException', recordCrash);
  server = createEchoServer({ maxMessageBytes: MAX_MESSAGE_BYTES });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  process.off('uncaughtException', recordCrash);
  destroySockets();
  server.close();
});

const hex = (bytes: Buffer): string => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
const closeCodeOf = (frame: WireFrame | undefined): number | undefined => (frame && frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined);

/**
 * Whether the FrameDecoder the server is built on fails on `bytes` at all. Pushed in one piece, every byte
 * is there, so a decoder that ever reports the problem has done so when push returns. One that reports
 * nothing may be waiting for bytes that never come, and the server with it: no close frame will arrive.
 */
function decoderFails(bytes: Buffer): boolean {
  let failed = false;
  const decoder = new FrameDecoder({ role: 'server', maxMessageBytes: MAX_MESSAGE_BYTES }, { onFrame() {}, onMessage() {}, onError: () => (failed = true) });
  try {
    decoder.push(bytes);
  } catch {
    return true; // the server then closes with 1011, which the test reports
  }
  return failed;
}

/**
 * Rejects with `explanation` 0.1 s from now when the decoder does not fail on the bytes: the test cannot
 * pass then, and the short grace only leaves time for whatever the server does answer to be reported instead.
 */
function failsUnlessDecoderFails(bytes: Buffer, explanation: string): Promise<never> {
  if (decoderFails(bytes)) return new Promise<never>(() => {});
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(explanation)), 100).unref());
}

/** Opens a ws client and resolves once it is open; `ws` checks every frame the server sends. */
async function wsClient(): Promise<{ ws: WebSocket; closed: Promise<{ code: number; error: string }> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  let error = '';
  ws.on('error', (e) => (error = e.message));
  const closed = new Promise<{ code: number; error: string }>((resolve) => ws.once('close', (code) => resolve({ code, error })));
  await within(Promise.race([once(ws, 'open'), closed.then(() => Promise.reject(new Error(`The ws client could not connect: ${error}`)))]), 1500, 'The ws client could not connect within 1.5 s.');
  return { ws, closed };
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  const message = new Promise<{ data: Buffer; isBinary: boolean }>((resolve, reject) => {
    ws.once('message', (data: Buffer, isBinary) => resolve({ data, isBinary }));
    ws.once('close', (code) => reject(new Error(`The connection closed (${code}) instead of echoing the message.`)));
  });
  return within(message, 1500, 'No echo arrived within 1.5 s.');
}

describe('echoes to a real ws client', () => {
  test('text, a fragmented message and 70 000 bytes of binary come back as sent', async () => {
    const { ws } = await wsClient();
    ws.send('Hello');
    expect(String((await nextMessage(ws)).data)).toBe('Hello');
    ws.send('Frag', { fin: false });
    ws.send('mented', { fin: true });
    expect(String((await nextMessage(ws)).data), 'The two fragments are one message.').toBe('Fragmented');
    const big = randomBytes(70_000);
    ws.send(big);
    const echo = await nextMessage(ws);
    expect(echo.isBinary).toBe(true);
    expect(echo.data.equals(big), 'The 70 000 bytes came back changed.').toBe(true);
    ws.terminate();
  });

  test('answers a ping with a pong carrying the same payload', async () => {
    const { ws } = await wsClient();
    ws.ping('are you there?');
    const [payload] = (await within(once(ws, 'pong'), 1500, 'No pong arrived within 1.5 s.')) as [Buffer];
    expect(String(payload)).toBe('are you there?');
    ws.terminate();
  });

  test('answers a close with a close carrying the same code, and ends the connection', async () => {
    const { ws, closed } = await wsClient();
    ws.close(1000, 'bye');
    const { code, error } = await within(closed, 1500, 'The server did not answer the close within 1.5 s.');
    expect(error).toBe('');
    expect(code, 'The server echoes the status code of the close it received.').toBe(1000);
  });

  test('closes with 1009 when a message is larger than maxMessageBytes', async () => {
    const { ws, closed } = await wsClient();
    ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1));
    const hopeless = failsUnlessDecoderFails(clientFrame(0x82, Buffer.alloc(MAX_MESSAGE_BYTES + 1)), `Your FrameDecoder reports no error for a message one byte over maxMessageBytes (${MAX_MESSAGE_BYTES}), so the server never closes with 1009. The FrameDecoder tests show what is missing.`);
    expect((await within(Promise.race([closed, hopeless]), 1500, 'The server did not close the connection within 1.5 s.')).code).toBe(1009);
  });
});

describe('speaks exact bytes to a raw TCP client', () => {
  test('echoes the masked "Hello" of RFC 6455 §5.7 as the unmasked 81 05 48 65 6c 6c 6f', async () => {
    const client = await RawClient.connect(port);
    client.send(Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
    await client.frames(1);
    expect(hex(client.received), 'A server never masks its frames.').toBe('81 05 48 65 6c 6c 6f');
  });

  test('answers an RFC ping "Hello" with the pong 8a 05 48 65 6c 6c 6f', async () => {
    const client = await RawClient.connect(port);
    client.send(rawFrame(0x89, Buffer.from('Hello'), { mask: RFC_MASK }));
    await client.frames(1);
    expect(hex(client.received)).toBe('8a 05 48 65 6c 6c 6f');
  });

  test('decodes a frame that arrived in the same packet as the handshake', async () => {
    const client = await RawClient.connect(port, clientFrame(0x81, 'early'));
    const [echo] = await client.frames(1);
    expect(echo?.payload.toString(), 'Bytes after the handshake (the upgrade event\'s head) are the start of the first frame.').toBe('early');
  });

  test('replies to a close without a body with an empty close, and closes the TCP connection (the starter already does: keep it so)', async () => {
    const client = await RawClient.connect(port);
    client.send(clientFrame(0x88, Buffer.alloc(0)));
    const [reply] = await client.frames(1);
    expect(reply?.opcode).toBe(0x8);
    expect(reply?.payload.length, 'No status code received, so none to echo (1005 must never be sent).').toBe(0);
    expect(await client.closedWithin(1500), 'After the close handshake the server closes the TCP connection (§7.1.1).').toBe(true);
  });
});

describe('fails the connection with the right close code and survives', () => {
  const cases: Array<[name: string, bytes: () => Buffer, code: number]> = [
    ['an unmasked frame from a client → 1002', () => rawFrame(0x81, Buffer.from('Hello')), 1002],
    ['RSV1 set → 1002', () => clientFrame(0xc1, 'Hello'), 1002],
    ['reserved opcode 0x3 → 1002', () => clientFrame(0x83, 'x'), 1002],
    ['a ping of 126 bytes → 1002', () => rawFrame(0x89, Buffer.alloc(126), { mask: RFC_MASK }), 1002],
    ['a fragmented ping → 1002', () => clientFrame(0x09, 'x'), 1002],
    ['a continuation with no message → 1002', () => clientFrame(0x80, 'lo'), 1002],
    ['a close code of 1005 → 1002', () => clientFrame(0x88, closePayload(1005)), 1002],
    ['a text message that is not UTF-8 → 1007', () => clientFrame(0x81, Buffer.from([0xce, 0xba, 0xed, 0xa0, 0x80])), 1007],
    ['a header announcing 2^40 bytes → 1009 at once', () => Buffer.from([0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]), 1009],
    ['a 64-bit length with the top bit set → 1002', () => Buffer.from([0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4]), 1002],
  ];
  for (const [name, bytes, code] of cases) {
    test(name, async () => {
      const client = await RawClient.connect(port);
      const bad = bytes();
      // A valid frame after the bad one: nothing may be echoed once the connection has failed.
      client.send(Buffer.concat([bad, clientFrame(0x81, 'after')]));
      const hopeless = failsUnlessDecoderFails(bad, `${name}: your FrameDecoder reports no error for these bytes, so the server never answers them with a close frame. The FrameDecoder tests show what is missing.`);
      const [reply] = await Promise.race([client.frames(1), hopeless]);
      expect(reply?.opcode, 'The server must answer a protocol violation with a close frame.').toBe(0x8);
      expect(closeCodeOf(reply), `${name}: the close frame carries the status code.`).toBe(code);
      expect(await client.closedWithin(1500), 'After its close frame the server closes the connection.').toBe(true);
      expect(client.received.includes(Buffer.from('after')), 'Nothing follows a close frame.').toBe(false);
    });
  }

  test('a client that sends but never reads cannot make the server hold its echoes without limit (the starter already does: keep it so)', async () => {
    const serverSockets: Socket[] = [];
    server.on('upgrade', (_req, socket: Socket) => serverSockets.push(socket));
    const client = await RawClient.connect(port);
    client.socket.pause(); // from now on nothing is read: the echoes pile up on the server's side
    const frame = clientFrame(0x82, randomBytes(60_000));
    for (let i = 0; i < 300; i += 1) client.send(frame); // 18 MB of messages to echo
    // Up to 0.4 s for the echoes to pile up. The wait ends sooner when the server holds too much (it failed),
    // has paused the socket while the client still has bytes to send (it stopped reading), or has ended its
    // side (nothing more can be written).
    const serverSocket = (): Socket | undefined => serverSockets[0];
    const settled = (): boolean => (serverSocket()?.writableLength ?? 0) >= 2_000_000 || (serverSocket()?.isPaused() === true && client.socket.writableLength > 0) || serverSocket()?.writableEnded === true;
    for (const deadline = performance.now() + 400; !settled() && performance.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 5));
    const held = serverSocket()?.writableLength ?? 0;
    expect(held, `The server holds ${held} bytes of unsent echoes: it must stop reading from a client while its writes have not drained.`).toBeLessThan(2_000_000);
  });

  test('a client that vanishes in the middle of a frame does not hurt the server', async () => {
    const client = await RawClient.connect(port);
    client.send(clientFrame(0x82, randomBytes(5000)).subarray(0, 1000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(crashes.map((e) => e.message), 'The reset crashed the server with an uncaught exception.').toEqual([]);
    const { ws } = await wsClient();
    ws.send('still there?');
    expect(String((await nextMessage(ws)).data)).toBe('still there?');
    ws.terminate();
  });
});

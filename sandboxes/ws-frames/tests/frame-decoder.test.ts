import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { FrameDecoder, type DecoderOptions } from '../frame-decoder.ts';
import { acceptFor, closePayload, parseFrames, rawFrame, RFC_MASK } from './wire.ts';

interface Decoded {
  /** One line per frame: "FIN 0x1 "Hello"" or "0x2 300 bytes". */
  frames: string[];
  messages: Array<{ type: string; data: Buffer }>;
  errors: number[];
}

const show = (bytes: Buffer): string => (bytes.length <= 16 ? JSON.stringify(bytes.toString('utf8')) : `${bytes.length} bytes`);

/** Feeds `chunks` to a new FrameDecoder one push at a time and records everything it emits. */
function decode(chunks: Buffer[], options: Partial<DecoderOptions> = {}): Decoded {
  const out: Decoded = { frames: [], messages: [], errors: [] };
  const decoder = new FrameDecoder(
    { role: 'server', maxMessageBytes: 1 << 20, ...options },
    {
      onFrame: (frame) => out.frames.push(`${frame.fin ? 'FIN ' : ''}0x${frame.opcode.toString(16)} ${show(Buffer.from(frame.payload))}`),
      onMessage: (message) => out.messages.push({ type: message.type, data: Buffer.from(message.data) }),
      onError: (error) => out.errors.push(error.code),
    },
  );
  for (const chunk of chunks) decoder.push(chunk);
  return out;
}

const texts = (decoded: Decoded): string[] => decoded.messages.map((m) => `${m.type} ${show(m.data)}`);
const masked = (b0: number, payload: Buffer | string, lengthForm?: 7 | 16 | 64): Buffer => rawFrame(b0, Buffer.from(payload), { mask: randomBytes(4), lengthForm });

/** A seeded generator, so a failing chunk pattern is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Whether the reference parser finds a complete close frame in what arrived. */
const hasCloseFrame = (chunks: Buffer[]): boolean => parseFrames(Buffer.concat(chunks)).frames.some((frame) => frame.opcode === 0x8);

async function waitUntil(condition: () => boolean, timeoutMs: number, explanation: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(explanation);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('decodes the examples of RFC 6455 §5.7', () => {
  test('an unmasked "Hello" (81 05 48 65 6c 6c 6f), as a client receives it (the starter already does: keep it so)', () => {
    const decoded = decode([Buffer.from([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])], { role: 'client' });
    expect(decoded.errors).toEqual([]);
    expect(decoded.frames).toEqual(['FIN 0x1 "Hello"']);
    expect(texts(decoded)).toEqual(['text "Hello"']);
  });

  test('a masked "Hello" (81 85 37 fa 21 3d 7f 9f 4d 51 58), as a server receives it', () => {
    const decoded = decode([Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])]);
    expect(decoded.errors, 'A masked frame is exactly what a server expects.').toEqual([]);
    expect(decoded.frames, 'The payload is unmasked with the key 37 fa 21 3d: byte i XOR key[i % 4].').toEqual(['FIN 0x1 "Hello"']);
  });

  test('"Hel" + "lo" in two frames are two frames and one message (the starter already does: keep it so)', () => {
    const decoded = decode([Buffer.from([0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f])], { role: 'client' });
    expect(decoded.frames).toEqual(['0x1 "Hel"', 'FIN 0x0 "lo"']);
    expect(texts(decoded)).toEqual(['text "Hello"']);
  });

  test('a ping may come between the fragments of a message', () => {
    const decoded = decode([Buffer.concat([masked(0x01, 'Hel'), masked(0x89, 'Hello'), masked(0x80, 'lo')])]);
    expect(decoded.errors).toEqual([]);
    expect(decoded.frames).toEqual(['0x1 "Hel"', 'FIN 0x9 "Hello"', 'FIN 0x0 "lo"']);
    expect(texts(decoded)).toEqual(['text "Hello"']);
  });

  test('256 bytes of binary with a 16-bit length (82 7e 01 00)', () => {
    const payload = randomBytes(256);
    const decoded = decode([Buffer.concat([Buffer.from([0x82, 0x7e, 0x01, 0x00]), payload])], { role: 'client' });
    expect(decoded.errors).toEqual([]);
    expect(decoded.messages.length).toBe(1);
    expect(decoded.messages[0]?.data.equals(payload), 'The 256 payload bytes follow the 4-byte header.').toBe(true);
  });

  test('64 KiB of binary with a 64-bit length (82 7f 00 00 00 00 00 01 00 00)', () => {
    const payload = randomBytes(65536);
    const decoded = decode([Buffer.concat([Buffer.from([0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0, 0]), payload])], { role: 'client' });
    expect(decoded.errors).toEqual([]);
    expect(decoded.messages[0]?.data.equals(payload), 'The 65 536 payload bytes follow the 10-byte header.').toBe(true);
  });

  test('empty payloads: an empty text message and a close frame without a body', () => {
    const decoded = decode([Buffer.concat([masked(0x81, ''), masked(0x88, '')])]);
    expect(decoded.errors).toEqual([]);
    expect(decoded.frames).toEqual(['FIN 0x1 ""', 'FIN 0x8 ""']);
    expect(texts(decoded)).toEqual(['text ""']);
  });
});

describe('bytes may arrive in chunks of any size', () => {
  const binary = randomBytes(300);
  const stream = Buffer.concat([
    rawFrame(0x81, Buffer.from('Hello'), { mask: RFC_MASK }),
    masked(0x01, 'Hel'),
    masked(0x89, 'ping'),
    masked(0x80, 'lo'),
    masked(0x82, binary),
    masked(0x81, ''),
    masked(0x88, closePayload(1000, 'bye')),
  ]);
  const expectedFrames = ['FIN 0x1 "Hello"', '0x1 "Hel"', 'FIN 0x9 "ping"', 'FIN 0x0 "lo"', 'FIN 0x2 300 bytes', 'FIN 0x1 ""', `FIN 0x8 ${show(closePayload(1000, 'bye'))}`];

  function expectWholeStream(decoded: Decoded, how: string): void {
    expect(decoded.errors, `${how}: no error expected.`).toEqual([]);
    expect(decoded.frames, `${how}: the frames differ.`).toEqual(expectedFrames);
    expect(texts(decoded), `${how}: the messages differ.`).toEqual(['text "Hello"', 'text "Hello"', 'binary 300 bytes', 'text ""']);
    expect(decoded.messages[2]?.data.equals(binary), `${how}: the binary payload was corrupted.`).toBe(true);
  }

  test('in one chunk', () => {
    expectWholeStream(decode([stream]), 'All bytes in one push');
  });

  test('split in two at every possible position', () => {
    for (let at = 1; at < stream.length; at += 1) {
      expectWholeStream(decode([stream.subarray(0, at), stream.subarray(at)]), `Split after byte ${at}`);
    }
  });

  test('one byte at a time', () => {
    expectWholeStream(decode([...stream].map((byte) => Buffer.from([byte]))), 'One byte per push');
  });

  test('70 000 bytes with a 64-bit length, cut at random places, including inside the length and the key', () => {
    const payload = randomBytes(70000);
    const frame = masked(0x82, payload);
    const random = seededRandom(42);
    for (const firstCuts of [[1], [3], [9], [11, 13], [14]]) {
      const bounds = [0, ...firstCuts];
      while ((bounds.at(-1) as number) < frame.length) bounds.push(Math.min(frame.length, (bounds.at(-1) as number) + 1 + Math.floor(random() * 3000)));
      const chunks = bounds.slice(1).map((end, i) => frame.subarray(bounds[i], end));
      const cuts = bounds.slice(1);
      const decoded = decode(chunks);
      expect(decoded.errors).toEqual([]);
      expect(decoded.messages.length, `Cut after bytes ${cuts.slice(0, 4).join(', ')}, …: one message expected.`).toBe(1);
      expect(decoded.messages[0]?.data.equals(payload), `Cut after bytes ${cuts.slice(0, 4).join(', ')}, …: the payload was corrupted.`).toBe(true);
    }
  });
});

describe('decodes real traffic from the ws package', () => {
  test('what a ws client sends (masked with its own random keys), as a server', async () => {
    // A server that completes the handshake by hand, then only records the bytes that arrive.
    const chunks: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      let handshakeDone = false;
      socket.on('data', (chunk: Buffer) => {
        if (handshakeDone) {
          chunks.push(chunk);
          return;
        }
        handshakeDone = true;
        const key = /sec-websocket-key: *(\S+)/i.exec(chunk.toString('latin1'))?.[1] ?? '';
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
        const rest = chunk.subarray(chunk.indexOf('\r\n\r\n') + 4);
        if (rest.length > 0) chunks.push(rest);
      });
    });
    cleanups.push(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const big = randomBytes(70000);
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { perMessageDeflate: false });
    cleanups.push(() => ws.terminate());
    ws.on('open', () => {
      ws.send('Hello');
      ws.send('Frag', { fin: false });
      ws.send('mented', { fin: true });
      ws.ping('p');
      ws.send(big);
      ws.close(1000, 'bye');
    });
    await waitUntil(() => hasCloseFrame(chunks), 2000, 'The ws client did not send its close frame within 2 s.');
    const decoded = decode(chunks);
    expect(decoded.errors, 'Frames from a real client are valid.').toEqual([]);
    expect(texts(decoded)).toEqual(['text "Hello"', 'text "Fragmented"', 'binary 70000 bytes']);
    expect(decoded.messages[2]?.data.equals(big), 'The 70 000 bytes were corrupted.').toBe(true);
    expect(decoded.frames).toContain('FIN 0x9 "p"');
    expect(decoded.frames.at(-1), 'The last frame is the close frame with code 1000 and reason "bye".').toBe(`FIN 0x8 ${show(closePayload(1000, 'bye'))}`);
  });

  test('what a ws server sends (unmasked), as a client', async () => {
    const big = randomBytes(70000);
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => wss.close());
    await once(wss, 'listening');
    wss.on('connection', (ws) => {
      ws.send('Hello');
      ws.send(Buffer.alloc(300, 1));
      ws.send(big);
      ws.ping('p');
      ws.close(1000, 'bye');
    });
    const socket = net.connect((wss.address() as AddressInfo).port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    socket.on('error', () => {});
    // Everything after the 101 response head, chunk by chunk as it arrived.
    const chunks: Buffer[] = [];
    let head: Buffer | undefined = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (head === undefined) {
        chunks.push(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (head.length > end + 4) chunks.push(head.subarray(end + 4));
      head = undefined;
    });
    await once(socket, 'connect');
    socket.write(`GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await waitUntil(() => hasCloseFrame(chunks), 2000, 'The ws server did not send its close frame within 2 s.');
    const decoded = decode(chunks, { role: 'client' });
    expect(decoded.errors, 'Frames from a real server are valid, and never masked.').toEqual([]);
    expect(texts(decoded)).toEqual(['text "Hello"', 'binary 300 bytes', 'binary 70000 bytes']);
    expect(decoded.messages[2]?.data.equals(big)).toBe(true);
    expect(decoded.frames.slice(-2)).toEqual(['FIN 0x9 "p"', `FIN 0x8 ${show(closePayload(1000, 'bye'))}`]);
  });
});

describe('fails with 1002 (protocol error)', () => {
  const cases: Array<[name: string, bytes: () => Buffer, role?: 'server' | 'client']> = [
    ['RSV1 set without a negotiated extension', () => masked(0xc1, 'Hello')],
    ['RSV2 set', () => masked(0xa1, 'Hello')],
    ['RSV3 set', () => masked(0x91, 'Hello')],
    ['reserved opcode 0x3', () => masked(0x83, 'x')],
    ['reserved opcode 0x7', () => masked(0x87, 'x')],
    ['reserved opcode 0xB', () => masked(0x8b, 'x')],
    ['reserved opcode 0xF', () => masked(0x8f, 'x')],
    ['a ping with 126 bytes (control frames carry at most 125)', () => masked(0x89, Buffer.alloc(126), 16)],
    ['a fragmented ping (FIN unset on a control frame)', () => masked(0x09, 'x')],
    ['a fragmented close', () => masked(0x08, closePayload(1000))],
    ['an unmasked frame sent to a server', () => rawFrame(0x81, Buffer.from('Hello'))],
    ['a masked frame sent to a client', () => masked(0x81, 'Hello'), 'client'],
    ['a continuation frame with no message to continue', () => masked(0x80, 'lo')],
    ['a new text frame while a fragmented message is open', () => Buffer.concat([masked(0x01, 'Hel'), masked(0x81, 'Hello')])],
    ['a 64-bit length with its most significant bit set', () => Buffer.from([0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4])],
    ['a close frame with a 1-byte body', () => masked(0x88, Buffer.from([0x03]))],
    ['close code 1005 (reserved for "no status received", never sent)', () => masked(0x88, closePayload(1005))],
    ['close code 1006 (reserved for "closed abnormally", never sent)', () => masked(0x88, closePayload(1006))],
    ['close code 999', () => masked(0x88, closePayload(999))],
    ['close code 2999', () => masked(0x88, closePayload(2999))],
    ['close code 5000', () => masked(0x88, closePayload(5000))],
  ];
  for (const [name, bytes, role] of cases) {
    test(name, () => {
      const decoded = decode([bytes()], { role: role ?? 'server' });
      expect(decoded.errors, `${name}: the decoder must report 1002.`).toEqual([1002]);
      expect(decoded.messages, 'Nothing from a broken frame may be delivered.').toEqual([]);
    });
  }
});

describe('fails with 1007 (invalid UTF-8) and accepts text split inside a character', () => {
  test('a text message that is not UTF-8', () => {
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const decoded = decode([masked(0x81, Buffer.from(bad))]);
      expect(decoded.errors, `Bytes ${bad.map((b) => b.toString(16)).join(' ')} are not valid UTF-8.`).toEqual([1007]);
      expect(decoded.messages).toEqual([]);
    }
  });

  test('invalid UTF-8 that only shows when the fragments are joined', () => {
    const decoded = decode([Buffer.concat([masked(0x01, Buffer.from('caf\u00e9 ')), masked(0x80, Buffer.from([0x80, 0x41]))])]);
    expect(decoded.errors, 'The second fragment starts with a continuation byte that continues nothing.').toEqual([1007]);
  });

  test('a character split across two fragments is valid: "€" = e2 82 | ac', () => {
    const decoded = decode([Buffer.concat([masked(0x01, Buffer.from([0xe2, 0x82])), masked(0x80, Buffer.from([0xac]))])]);
    expect(decoded.errors, 'UTF-8 is checked on the whole message, not on each fragment.').toEqual([]);
    expect(texts(decoded)).toEqual(['text "€"']);
  });

  test('binary messages are not UTF-8 checked (the starter already does: keep it so)', () => {
    expect(decode([masked(0x82, Buffer.from([0xff, 0xfe]))]).errors).toEqual([]);
  });

  test('a close reason that is not UTF-8', () => {
    expect(decode([masked(0x88, Buffer.concat([closePayload(1000), Buffer.from([0xff])]))]).errors).toEqual([1007]);
  });

  test('valid close frames: code 1000 with a reason, and codes 3000 and 4999 (the starter already does: keep it so)', () => {
    const decoded = decode([Buffer.concat([masked(0x88, closePayload(1000, 'done \u2713'))])]);
    expect(decoded.errors).toEqual([]);
    expect(decode([masked(0x88, closePayload(3000))]).errors).toEqual([]);
    expect(decode([masked(0x88, closePayload(4999))]).errors).toEqual([]);
  });
});

describe('fails with 1009 (message too big)', () => {
  test('a message one byte over maxMessageBytes; exactly the limit is fine', () => {
    expect(decode([masked(0x82, Buffer.alloc(1000))], { maxMessageBytes: 1000 }).errors).toEqual([]);
    expect(decode([masked(0x82, Buffer.alloc(1001))], { maxMessageBytes: 1000 }).errors).toEqual([1009]);
  });

  test('fragments that together pass the limit', () => {
    const decoded = decode([Buffer.concat([masked(0x01, 'a'.repeat(600)), masked(0x80, 'b'.repeat(600))])], { maxMessageBytes: 1000 });
    expect(decoded.errors, 'The limit is on the whole message: 600 + 600 > 1000.').toEqual([1009]);
    expect(decoded.messages).toEqual([]);
  });

  test('a header announcing 2^40 bytes fails at once, before any payload arrives', () => {
    const header = Buffer.from([0x82, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(decode([header], { maxMessageBytes: 1 << 20 }).errors, 'Waiting for a terabyte before saying no would let any client exhaust memory.').toEqual([1009]);
  });
});

describe('after an error', () => {
  test('frames before the error are delivered; nothing after it is', () => {
    const decoded = decode([Buffer.concat([masked(0x81, 'first'), masked(0xc1, 'bad'), masked(0x81, 'never')]), masked(0x81, 'later')]);
    expect(texts(decoded)).toEqual(['text "first"']);
    expect(decoded.errors, 'The decoder reports one error and then ignores all input.').toEqual([1002]);
  });
});

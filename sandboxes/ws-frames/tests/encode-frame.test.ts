import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { applyMask, encodeFrame } from '../frame.ts';
import { acceptFor, destroySockets, parseFrames, RFC_MASK, within, xor } from './wire.ts';

const hex = (bytes: Uint8Array): string => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
const text = (value: string): Buffer => Buffer.from(value, 'utf8');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  destroySockets();
});

describe('encodeFrame produces the examples of RFC 6455 §5.7 byte for byte', () => {
  test('an unmasked text frame "Hello": 81 05 48 65 6c 6c 6f (the starter already does: keep it so)', () => {
    expect(hex(encodeFrame({ opcode: 0x1, payload: text('Hello') }))).toBe('81 05 48 65 6c 6c 6f');
  });

  test('a masked text frame "Hello" with key 37 fa 21 3d: 81 85 37 fa 21 3d 7f 9f 4d 51 58', () => {
    expect(hex(encodeFrame({ opcode: 0x1, payload: text('Hello'), mask: RFC_MASK })), 'MASK bit + length 5 = 0x85, then the key, then each byte XOR key[i % 4].').toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  });

  test('a fragmented text message: "Hel" (FIN 0, opcode 1) then "lo" (FIN 1, opcode 0) (the starter already does: keep it so)', () => {
    expect(hex(encodeFrame({ fin: false, opcode: 0x1, payload: text('Hel') })), 'FIN unset, text opcode: 0x01.').toBe('01 03 48 65 6c');
    expect(hex(encodeFrame({ fin: true, opcode: 0x0, payload: text('lo') })), 'FIN set, continuation opcode: 0x80.').toBe('80 02 6c 6f');
  });

  test('an unmasked ping "Hello" and the masked pong that answers it', () => {
    expect(hex(encodeFrame({ opcode: 0x9, payload: text('Hello') }))).toBe('89 05 48 65 6c 6c 6f');
    expect(hex(encodeFrame({ opcode: 0xa, payload: text('Hello'), mask: RFC_MASK }))).toBe('8a 85 37 fa 21 3d 7f 9f 4d 51 58');
  });

  test('256 bytes of binary: 82 7e 01 00, then the payload', () => {
    const payload = randomBytes(256);
    const frame = encodeFrame({ opcode: 0x2, payload });
    expect(hex(frame.subarray(0, 4)), '126 in the 7-bit field means "a 16-bit length follows": 0x0100 = 256.').toBe('82 7e 01 00');
    expect(frame.subarray(4).equals(payload), 'The payload follows the 4-byte header unchanged.').toBe(true);
    expect(frame.length).toBe(260);
  });

  test('64 KiB of binary: 82 7f 00 00 00 00 00 01 00 00, then the payload', () => {
    const payload = randomBytes(65536);
    const frame = encodeFrame({ opcode: 0x2, payload });
    expect(hex(frame.subarray(0, 10)), '65 536 does not fit in 16 bits: 127, then a 64-bit big-endian length.').toBe('82 7f 00 00 00 00 00 01 00 00');
    expect(frame.subarray(10).equals(payload)).toBe(true);
  });
});

describe('the payload length takes the fewest bytes that fit', () => {
  const cases: Array<[payload: number, header: number]> = [
    [0, 2], [100, 2], [125, 2], [126, 4], [1000, 4], [65535, 4], [65536, 10], [70000, 10],
  ];
  for (const [size, header] of cases) {
    test(`${size} bytes: ${header} bytes of header from the server, ${header + 4} from a client`, () => {
      const payload = Buffer.alloc(size, 0x61);
      expect(encodeFrame({ opcode: 0x2, payload }).length - size, `A server frame for ${size} bytes needs a ${header}-byte header.`).toBe(header);
      expect(encodeFrame({ opcode: 0x2, payload, mask: randomBytes(4) }).length - size, 'A client frame adds the 4-byte masking key.').toBe(header + 4);
    });
  }

  test('the length field holds the exact length, big-endian', () => {
    expect(hex(encodeFrame({ opcode: 0x2, payload: Buffer.alloc(125) }).subarray(0, 2))).toBe('82 7d');
    expect(hex(encodeFrame({ opcode: 0x2, payload: Buffer.alloc(126) }).subarray(0, 4))).toBe('82 7e 00 7e');
    expect(hex(encodeFrame({ opcode: 0x2, payload: Buffer.alloc(65535) }).subarray(0, 4))).toBe('82 7e ff ff');
    expect(hex(encodeFrame({ opcode: 0x2, payload: Buffer.alloc(70000) }).subarray(0, 10))).toBe('82 7f 00 00 00 00 00 01 11 70');
  });
});

describe('masking (§5.3)', () => {
  test('applyMask XORs byte i with key[i % 4], and applying it twice gives the payload back', () => {
    const payload = randomBytes(1001);
    const key = randomBytes(4);
    const masked = applyMask(payload, key);
    expect(masked.equals(xor(payload, key)), 'Byte i of the result must be payload[i] ^ key[i % 4].').toBe(true);
    expect(applyMask(masked, key).equals(payload), 'Masking is its own inverse.').toBe(true);
  });

  test('a masked frame carries the key after the length and the payload XORed with it, and leaves the caller\'s payload alone', () => {
    const payload = randomBytes(300);
    const copy = Buffer.from(payload);
    const key = randomBytes(4);
    const frame = encodeFrame({ opcode: 0x2, payload, mask: key });
    expect(hex(frame.subarray(0, 4)), 'MASK bit set: 0xfe = 0x80 | 126.').toBe('82 fe 01 2c');
    expect(hex(frame.subarray(4, 8)), 'The masking key follows the extended length.').toBe(hex(key));
    expect(frame.subarray(8).equals(xor(copy, key))).toBe(true);
    expect(payload.equals(copy), 'encodeFrame must not mask the caller\'s buffer in place.').toBe(true);
  });
});

describe('encodeFrame refuses frames the RFC forbids', () => {
  test('a control frame with more than 125 bytes', () => {
    expect(() => encodeFrame({ opcode: 0x9, payload: Buffer.alloc(126) }), 'Control frames carry at most 125 bytes (§5.5).').toThrow();
    expect(() => encodeFrame({ opcode: 0x8, payload: Buffer.alloc(126) })).toThrow();
    expect(() => encodeFrame({ opcode: 0x9, payload: Buffer.alloc(125) }), '125 bytes are fine.').not.toThrow();
  });

  test('a fragmented control frame', () => {
    expect(() => encodeFrame({ fin: false, opcode: 0xa, payload: Buffer.alloc(0) }), 'Control frames are never fragmented (§5.5).').toThrow();
  });

  test('a reserved opcode', () => {
    for (const opcode of [0x3, 0x7, 0xb, 0xf]) expect(() => encodeFrame({ opcode, payload: Buffer.alloc(1) }), `Opcode 0x${opcode.toString(16)} is reserved.`).toThrow();
  });

  test('a masking key that is not 4 bytes', () => {
    expect(() => encodeFrame({ opcode: 0x1, payload: text('x'), mask: Buffer.alloc(3) })).toThrow();
  });
});

describe('real peers from the ws package understand encodeFrame', () => {
  test('a ws server receives masked frames: text, a fragmented message, 70 000 bytes of binary, and answers a ping', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => wss.close());
    await once(wss, 'listening');
    const big = randomBytes(70000);
    const received: string[] = [];
    const done = new Promise<void>((resolve) => {
      wss.on('connection', (ws) => {
        ws.on('message', (data: Buffer, isBinary) => {
          received.push(isBinary ? `binary ${data.length} ${data.equals(big) ? 'intact' : 'CORRUPTED'}` : `text ${String(data)}`);
          if (received.length === 3) resolve();
        });
      });
    });
    const socket = net.connect((wss.address() as AddressInfo).port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    await once(socket, 'connect');
    const key = randomBytes(16).toString('base64');
    let bytes = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (bytes = Buffer.concat([bytes, chunk])));
    socket.write(`GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    socket.write(encodeFrame({ opcode: 0x1, payload: text('Hello'), mask: randomBytes(4) }));
    socket.write(encodeFrame({ fin: false, opcode: 0x1, payload: text('Frag'), mask: randomBytes(4) }));
    socket.write(encodeFrame({ opcode: 0x9, payload: text('ping!'), mask: randomBytes(4) }));
    socket.write(encodeFrame({ opcode: 0x0, payload: text('mented'), mask: randomBytes(4) }));
    socket.write(encodeFrame({ opcode: 0x2, payload: big, mask: randomBytes(4) }));
    // ws fails the connection on the first malformed frame, so its closing it is an answer too: no need to wait out 1.5 s.
    const closed = once(socket, 'close');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((_, reject) => {
      const fail = (): void => reject(new Error(`The ws server received only ${JSON.stringify(received)}; it closes the connection on a malformed frame.`));
      timer = setTimeout(fail, 1500);
      void closed.then(fail);
    })]).finally(() => clearTimeout(timer));
    expect(received).toEqual(['text Hello', 'text Fragmented', 'binary 70000 intact']);
    const pongFrom = (): Buffer | undefined => parseFrames(bytes.subarray(bytes.indexOf('\r\n\r\n') + 4)).frames.find((frame) => frame.opcode === 0xa)?.payload;
    for (let waited = 0; pongFrom() === undefined && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pongFrom()?.toString(), 'The ws server answers the ping with a pong carrying the same payload.').toBe('ping!');
  });

  test('a ws client receives unmasked frames: text, 300 bytes, 70 000 bytes, a fragmented message and a close', async () => {
    const big = randomBytes(70000);
    const server = net.createServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        const key = /sec-websocket-key: *(\S+)/i.exec(chunk.toString('latin1'))?.[1] ?? '';
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
        socket.write(encodeFrame({ opcode: 0x1, payload: text('Hello') }));
        socket.write(encodeFrame({ opcode: 0x2, payload: Buffer.alloc(300, 7) }));
        socket.write(encodeFrame({ opcode: 0x2, payload: big }));
        socket.write(encodeFrame({ fin: false, opcode: 0x1, payload: text('Hel') }));
        socket.write(encodeFrame({ opcode: 0x0, payload: text('lo') }));
        socket.end(encodeFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) }));
      });
      socket.on('error', () => {});
    });
    cleanups.push(() => server.close());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    cleanups.push(() => ws.terminate());
    const received: string[] = [];
    let error = '';
    ws.on('message', (data: Buffer, isBinary) => received.push(isBinary ? `binary ${data.length}${data.length === 70000 && !data.equals(big) ? ' CORRUPTED' : ''}` : `text ${String(data)}`));
    ws.on('error', (e) => (error = e.message));
    const code = await within(new Promise<number>((resolve) => ws.once('close', resolve)), 1500, `The ws client did not see the close frame within 1.5 s; it received ${JSON.stringify(received)}.`);
    expect(error, 'The ws client found a malformed frame.').toBe('');
    expect(received).toEqual(['text Hello', 'binary 300', 'binary 70000', 'text Hello']);
    expect(code, 'The close frame carries 1000.').toBe(1000);
  });
});

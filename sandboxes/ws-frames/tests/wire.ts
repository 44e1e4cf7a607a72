// Test-side tools that build and read frames byte by byte, written independently of the code under test.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';

export const RFC_MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

export function xor(payload: Buffer, key: Buffer): Buffer {
  return Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
}

/**
 * One frame built by hand. `b0` is the whole first byte (FIN, RSV1–3, opcode). With a mask the MASK bit is
 * set and the payload masked. `lengthForm` forces the 7-bit, 16-bit or 64-bit length form.
 */
export function rawFrame(b0: number, payload: Buffer, options: { mask?: Buffer; lengthForm?: 7 | 16 | 64 } = {}): Buffer {
  const form = options.lengthForm ?? (payload.length <= 125 ? 7 : payload.length <= 0xffff ? 16 : 64);
  const maskBit = options.mask ? 0x80 : 0;
  let header: Buffer;
  if (form === 7) header = Buffer.from([b0, maskBit | payload.length]);
  else if (form === 16) {
    header = Buffer.from([b0, maskBit | 126, 0, 0]);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return options.mask ? Buffer.concat([header, options.mask, xor(payload, options.mask)]) : Buffer.concat([header, payload]);
}

/** A frame as a client sends it: masked with a random key. */
export const clientFrame = (b0: number, payload: Buffer | string): Buffer => rawFrame(b0, Buffer.from(payload), { mask: randomBytes(4) });

export function closePayload(code: number, reason = ''): Buffer {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return body;
}

export interface WireFrame {
  b0: number;
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Reads as many complete frames as `bytes` holds (reference parser for checking what a server sent). */
export function parseFrames(bytes: Buffer): { frames: WireFrame[]; rest: Buffer } {
  const frames: WireFrame[] = [];
  let offset = 0;
  for (;;) {
    if (bytes.length - offset < 2) break;
    const b0 = bytes[offset] as number;
    const b1 = bytes[offset + 1] as number;
    let length = b1 & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (bytes.length < at + 2) break;
      length = bytes.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (bytes.length < at + 8) break;
      length = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const key = masked ? bytes.subarray(at, at + 4) : undefined;
    if (masked) at += 4;
    if (bytes.length < at + length) break;
    const body = bytes.subarray(at, at + length);
    frames.push({ b0, fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, masked, payload: key ? xor(body, key) : Buffer.from(body) });
    offset = at + length;
  }
  return { frames, rest: bytes.subarray(offset) };
}

export const acceptFor = (key: string): string => createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

const sockets = new Set<net.Socket>();

export function destroySockets(): void {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
}

/** Rejects with `explanation` when `promise` takes longer than `ms`, so a broken server fails fast instead of hanging. */
export async function within<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(explanation)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A client that speaks the handshake and then sends whatever bytes a test gives it. */
export class RawClient {
  readonly socket: net.Socket;
  #received = Buffer.alloc(0);
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => (this.#received = Buffer.concat([this.#received, chunk])));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects and sends the opening handshake, followed (in the same write) by `firstBytes`. */
  static async connect(port: number, firstBytes: Buffer = Buffer.alloc(0)): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    sockets.add(socket);
    socket.on('error', () => {}); // resets are part of some tests
    await once(socket, 'connect');
    const client = new RawClient(socket);
    const key = randomBytes(16).toString('base64');
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(request), firstBytes]));
    await client.#waitFor(() => client.#received.includes('\r\n\r\n'), 'the end of the 101 response');
    const end = client.#received.indexOf('\r\n\r\n');
    const head = client.#received.subarray(0, end).toString('latin1');
    const accept = /\r\nsec-websocket-accept: *(\S+)/i.exec(head)?.[1];
    if (!head.startsWith('HTTP/1.1 101') || accept !== acceptFor(key)) {
      throw new Error(`The echo server did not accept the handshake: ${JSON.stringify(head)}`);
    }
    client.#received = client.#received.subarray(end + 4);
    return client;
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until the server has sent `count` complete frames and returns them (all frames received so far). */
  async frames(count: number, timeoutMs = 1000): Promise<WireFrame[]> {
    await this.#waitFor(() => parseFrames(this.#received).frames.length >= count, `${count} frame(s) from the server`, timeoutMs);
    return parseFrames(this.#received).frames;
  }

  /** Every byte the server sent after its 101 response. */
  get received(): Buffer {
    return this.#received;
  }

  /** Whether the server closes the TCP connection within `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  async #waitFor(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) {
        const bytes = [...this.#received.subarray(0, 24)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
        throw new Error(`Waited ${timeoutMs} ms for ${what}; received so far (${this.#received.length} bytes): ${bytes || 'nothing'}${this.socket.destroyed ? ', and the connection is closed' : ''}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

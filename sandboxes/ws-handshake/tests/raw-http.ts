// Helpers for talking to the server byte by byte over TCP, the way a broken or hostile client would.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';

export interface ResponseHead {
  statusLine: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

const sockets = new Set<net.Socket>();

/** Destroys every socket opened through these helpers (call it in afterEach). */
export function destroySockets(): void {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
}

export async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.add(socket);
  socket.on('error', () => {}); // resets are part of some tests; the assertions look at what arrived
  await once(socket, 'connect');
  return socket;
}

export const randomKey = (): string => randomBytes(16).toString('base64');

/**
 * An opening handshake as text. Every field of a valid handshake is there unless `headers` replaces it;
 * `null` leaves a field out.
 */
export function handshake(options: { method?: string; httpVersion?: string; headers?: Record<string, string | null> } = {}): string {
  const fields: Record<string, string | null> = {
    Host: 'chat.example',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomKey(),
    'Sec-WebSocket-Version': '13',
    ...options.headers,
  };
  const lines = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}\r\n`);
  return `${options.method ?? 'GET'} /chat ${options.httpVersion ?? 'HTTP/1.1'}\r\n${lines.join('')}\r\n`;
}

/** Reads up to the empty line that ends the response head and parses it. */
export function readHead(socket: net.Socket, timeoutMs = 2000): Promise<ResponseHead> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const finish = (error?: Error, head?: ResponseHead): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(head as ResponseHead);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      finish(undefined, { statusLine, status: Number(statusLine.split(' ')[1]), headers });
    };
    const onClose = (): void => finish(new Error('The server closed the connection without sending a complete HTTP response head.'));
    const timer = setTimeout(() => finish(new Error(`The server sent no complete response head within ${timeoutMs} ms.`)), timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/** Sends `request` on a new connection and returns the response head and the socket. */
export async function send(port: number, request: string): Promise<{ head: ResponseHead; socket: net.Socket }> {
  const socket = await connect(port);
  const head = readHead(socket);
  socket.write(request);
  return { head: await head, socket };
}

/** Whether the server closes the connection within `ms` (data still arriving is read and dropped). */
export function closesWithin(socket: net.Socket, ms: number): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.resume();
    socket.once('end', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

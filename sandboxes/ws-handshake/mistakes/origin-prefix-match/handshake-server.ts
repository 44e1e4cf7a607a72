import http from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptKey } from './accept-key.ts';

export interface HandshakeOptions {
  /** Origins (`scheme://host[:port]`) whose pages may connect. A request without Origin (not a browser) may too. */
  allowedOrigins: readonly string[];
  /** Subprotocols this server speaks, e.g. `['chat.v2', 'chat.v1']`. Optional, defaults to none. */
  protocols?: readonly string[];
}

export type Verdict =
  | { accept: true; headers: Record<string, string> }
  | { accept: false; status: number; reason: string; headers?: Record<string, string> };

/** `"keep-alive, Upgrade"` → `["keep-alive", "Upgrade"]`: the elements of a comma-separated header list. */
export function headerList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

const refuse = (status: number, reason: string, headers?: Record<string, string>): Verdict => ({ accept: false, status, reason, headers });

/** Whether a comma-separated header lists `token`; tokens are case-insensitive (RFC 9110 §7.6.1, §7.8). */
function hasToken(value: string | undefined, token: string): boolean {
  return headerList(value).some((item) => item.toLowerCase() === token);
}

/**
 * 16 bytes in base64 are exactly 22 characters of the RFC 4648 §4 alphabet followed by "==" (RFC 6455 §4.1).
 * A pattern, because Buffer.from(text, 'base64') skips foreign characters and accepts base64url ("-", "_").
 */
const KEY_PATTERN = /^[A-Za-z0-9+/]{22}==$/;

/** Checks a client's opening handshake against RFC 6455 §4.2.1 and decides how to answer it. */
export function checkHandshake(req: http.IncomingMessage, options: HandshakeOptions): Verdict {
  if (req.method !== 'GET') return refuse(405, 'A WebSocket handshake is a GET request.', { allow: 'GET' });
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) return refuse(400, 'A WebSocket handshake needs HTTP/1.1.');
  if (!req.headers.host) return refuse(400, 'The handshake has no Host header.');
  if (!hasToken(req.headers.upgrade, 'websocket')) return refuse(400, 'The Upgrade header does not ask for websocket.');
  if (!hasToken(req.headers.connection, 'upgrade')) return refuse(400, 'The Connection header does not contain Upgrade.');

  const key = req.headers['sec-websocket-key'];
  if (key === undefined || !KEY_PATTERN.test(key)) return refuse(400, 'Sec-WebSocket-Key must be 16 random bytes in base64.');

  // A missing version is a malformed handshake; a different one is a client we could serve in version 13,
  // so 426 plus our version invites it to retry (RFC 6455 §4.2.2 step 4, §4.4).
  const version = req.headers['sec-websocket-version'];
  if (version === undefined) return refuse(400, 'The handshake has no Sec-WebSocket-Version header.');
  if (version !== '13') return refuse(426, `WebSocket version ${version} is not supported; this server speaks version 13.`);

  // Browsers always send Origin, and a page cannot forge it, so it is what stops another site's page from
  // connecting with the user's cookies (cross-site WebSocket hijacking). Compared exactly: a prefix or
  // substring test would let http://localhost:3000.evil.example in. Non-browser clients send none.
  const origin = req.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.some((allowed) => origin.startsWith(allowed))) return refuse(403, `Pages from ${origin} may not connect.`);

  const headers: Record<string, string> = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': acceptKey(key) };
  // The client lists subprotocols in its order of preference; we take its favourite among those we speak.
  // Answering with one it did not offer, or with one when it offered none, makes the client fail (§4.1).
  const protocol = headerList(req.headers['sec-websocket-protocol']).find((offered) => options.protocols?.includes(offered));
  if (protocol !== undefined) headers['sec-websocket-protocol'] = protocol;
  return { accept: true, headers };
}

/** Sends the last bytes and closes our side; a client that never closes its side is cut off after 2 s. */
function hangUp(socket: Duplex, lastBytes: string | Buffer): void {
  socket.end(lastBytes);
  socket.resume(); // this server reads no frames: discard what the client sends, so its FIN is seen
  const timer = setTimeout(() => socket.destroy(), 2000);
  socket.once('close', () => clearTimeout(timer));
}

/** A complete HTTP response for a refused handshake. Every refusal names the version we speak (§4.4). */
function refusalResponse(verdict: Verdict & { accept: false }): string {
  const body = `${verdict.reason}\n`;
  const fields = { ...verdict.headers, 'sec-websocket-version': '13', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${verdict.status} ${http.STATUS_CODES[verdict.status]}\r\n${head}\r\n${body}`;
}

/** An unmasked text frame of at most 125 bytes (lesson 9 explains every bit). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

/** A close frame with status code 1000 (normal closure). */
const CLOSE_NORMAL = Buffer.from([0x88, 0x02, 0x03, 0xe8]);

/** A server that completes the handshake, greets in one frame, then closes the connection normally. */
export function createHandshakeServer(options: HandshakeOptions): http.Server {
  // Node sends a request here unless it has both Upgrade and "Connection: Upgrade" (no Upgrade at all, or an
  // Upgrade its sender did not list in Connection): this endpoint only speaks WebSocket.
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { upgrade: 'websocket', connection: 'close', 'sec-websocket-version': '13', 'content-type': 'text/plain; charset=utf-8' });
    res.end('This endpoint speaks WebSocket only: send an opening handshake.\n');
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    // Node hands the socket over without an 'error' listener, and an unhandled 'error' (a client resetting
    // the connection, a write after it vanished) would crash the whole process.
    socket.on('error', () => socket.destroy());
    const verdict = checkHandshake(req, options);
    if (!verdict.accept) {
      hangUp(socket, refusalResponse(verdict));
      return;
    }
    const head = Object.entries(verdict.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    // After this response the bytes on the socket are WebSocket frames, no longer HTTP.
    socket.write(`HTTP/1.1 101 Switching Protocols\r\n${head}\r\n`);
    const protocol = verdict.headers['sec-websocket-protocol'];
    socket.write(textFrame(protocol ? `Hello! We speak ${protocol}.` : 'Hello!'));
    hangUp(socket, CLOSE_NORMAL);
  });
  return server;
}

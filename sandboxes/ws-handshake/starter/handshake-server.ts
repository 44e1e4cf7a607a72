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

/** Checks a client's opening handshake against RFC 6455 §4.2.1 and decides how to answer it. */
export function checkHandshake(req: http.IncomingMessage, options: HandshakeOptions): Verdict {
  if (req.method !== 'GET') return refuse(405, 'A WebSocket handshake is a GET request.', { allow: 'GET' });
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) return refuse(400, 'A WebSocket handshake needs HTTP/1.1.');
  if (!req.headers.host) return refuse(400, 'The handshake has no Host header.');

  // TODO: Upgrade must contain the token "websocket" and Connection the token "Upgrade" (else 400). Compare
  //       case-insensitively, and remember both can be lists: Firefox sends "Connection: keep-alive, Upgrade".
  // TODO: Sec-WebSocket-Key must be the base64 of exactly 16 bytes: 22 base64 characters then "==" (else 400).
  //       Careful: Buffer.from(text, 'base64') silently skips characters that are not base64.
  // TODO: Sec-WebSocket-Version: missing → 400; present but not exactly "13" → 426 Upgrade Required.
  // TODO: Origin, when present, must be one of options.allowedOrigins, compared exactly (else 403).
  const key = req.headers['sec-websocket-key'] ?? '';
  const headers: Record<string, string> = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': acceptKey(key) };
  // TODO: Sec-WebSocket-Protocol lists the client's subprotocols in its order of preference. Answer with the
  //       first one that options.protocols contains; when none matches (or none was offered) send no header.
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
    // TODO: from here on Node no longer looks after this socket: an 'error' event without a listener (a client
    //       that resets the connection, say) crashes the whole server. Listen for it and destroy the socket.
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

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { encodeFrame, Opcode } from './frame.ts';
import { FrameDecoder } from './frame-decoder.ts';

export interface EchoServerOptions {
  /** The largest message accepted; a bigger one closes the connection with 1009. Optional, defaults to 1 MiB. */
  maxMessageBytes?: number;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const KEY_PATTERN = /^[A-Za-z0-9+/]{22}==$/;
/** How long we wait for the client to close its side after our close frame (RFC 6455 §7.1.1: the server closes TCP first). */
const CLOSE_TIMEOUT_MS = 1000;

/** A close frame body: the 2-byte status code, then a UTF-8 reason, 125 bytes at most (§5.5.1). */
function closeBody(code: number, reason: string): Buffer {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return body.subarray(0, 125); // our reasons are ASCII, so the cut never splits a character
}

/** A WebSocket echo server built on FrameDecoder and encodeFrame (the handshake is lesson 8's, compacted). */
export function createEchoServer(options: EchoServerOptions = {}): http.Server {
  const maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  const server = http.createServer((_req, res) => res.writeHead(426, { upgrade: 'websocket' }).end());
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a reset must not crash the server
    const key = req.headers['sec-websocket-key'];
    if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket' || !key || !KEY_PATTERN.test(key) || req.headers['sec-websocket-version'] !== '13') {
      socket.end('HTTP/1.1 400 Bad Request\r\nsec-websocket-version: 13\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`);
    echo(socket, head, maxMessageBytes);
  });
  return server;
}

function echo(socket: Duplex, head: Buffer, maxMessageBytes: number): void {
  let closing = false;

  const send = (opcode: number, payload: Buffer): void => {
    if (closing) return; // nothing may follow our close frame (§5.5.1)
    // Backpressure: a client that sends but never reads would make us buffer its echoes without limit.
    // Stop reading from it until what we wrote has drained.
    if (!socket.write(encodeFrame({ opcode, payload })) && !socket.isPaused()) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  };

  /** Sends our close frame (once), closes our side and cuts off a client that does not close its own. */
  const close = (body: Buffer): void => {
    if (closing) return;
    closing = true;
    socket.end(encodeFrame({ opcode: Opcode.Close, payload: body }));
    socket.resume(); // keep reading (and ignoring) until the client's FIN arrives
    const timer = setTimeout(() => socket.destroy(), CLOSE_TIMEOUT_MS);
    socket.once('close', () => clearTimeout(timer));
  };

  const decoder = new FrameDecoder(
    { role: 'server', maxMessageBytes },
    {
      onFrame(frame) {
        // A ping is answered with a pong carrying the same payload (§5.5.2, §5.5.3).
        if (frame.opcode === Opcode.Ping) send(Opcode.Pong, frame.payload);
        // Echo the client's status code, or send an empty body if it gave none (§5.5.1).
        if (frame.opcode === Opcode.Close) close(frame.payload.subarray(0, 2));
      },
      onMessage(message) {
        send(message.type === 'text' ? Opcode.Text : Opcode.Binary, message.data);
      },
      onError(error) {
        close(closeBody(error.code, error.reason));
      },
    },
  );

  const onBytes = (chunk: Buffer): void => {
    if (closing) return;
    try {
      decoder.push(chunk);
    } catch (error) {
      // A bug in our own code must cost one connection, not the whole server: 1011 = internal error.
      console.error('FrameDecoder threw; closing the connection with 1011:', error);
      close(closeBody(1011, 'Internal error'));
    }
  };
  // Bytes that arrived in the same packet as the handshake belong to the first frame.
  onBytes(head);
  socket.on('data', onBytes);
  socket.on('end', () => socket.end()); // the client left without a close frame: close our side too
}

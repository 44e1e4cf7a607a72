import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_PAYLOAD_BYTES, parseClientMessage, type Member, type ServerMessage } from './protocol.ts';

export interface ChatServer {
  server: http.Server;
  /** Every room that exists, with its number of members. A room with nobody in it must not exist. */
  roomSizes(): Record<string, number>;
}

export interface ChatOptions {
  /**
   * A connection with more unsent bytes queued than this is cut off: a member who stopped reading (a frozen
   * tab, a dead network) must not make the server hold every message of a busy room for them. Default 1 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * How often every connection is pinged. One that has not answered the previous ping with a pong by then
   * is gone without saying so (a closed laptop, a NAT that forgot it) and is dropped. Default 30 000 ms.
   */
  heartbeatMs?: number;
}

/** The page and its script. A fixed list, so no request path can ever reach another file. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'public/index.html', type: 'text/html; charset=utf-8' },
  '/render.js': { file: 'public/render.js', type: 'text/javascript; charset=utf-8' },
};

export function createChatServer(options: ChatOptions = {}): ChatServer {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1 << 20;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  // room name → the sockets in it, each with the member (id and name) it appears as there.
  const rooms = new Map<string, Map<WebSocket, Member>>();
  // socket → the rooms it joined, so a closing socket is removed without scanning every room.
  const joined = new Map<WebSocket, Set<string>>();

  const server = http.createServer(async (req, res) => {
    const entry = FILES[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (req.method !== 'GET' || entry === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the chat page is at /.');
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(new URL(entry.file, import.meta.url));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Cannot read ${entry.file}: ${(error as Error).message}`);
      return;
    }
    // No Content-Security-Policy here on purpose: `script-src 'self'` would block the inline onerror
    // handler and hide the XSS bug this exercise is about. A production chat sends one (see the lesson).
    res.writeHead(200, { 'content-type': entry.type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }).end(body);
  });

  // TODO: without a limit, ws accepts frames up to 100 MiB. Pass maxPayload: MAX_PAYLOAD_BYTES so bigger
  //       frames close the connection with 1009 (Message Too Big) instead of filling the server's memory.
  const wss = new WebSocketServer({ server, path: '/chat' });

  // TODO: bound what you queue per client. Before sending, look at socket.bufferedAmount: when it is above
  //       maxBufferedBytes the member stopped reading, so cut the connection off (socket.terminate(); a close
  //       frame would only queue up behind the bytes it does not read) instead of queueing more for it.
  // TODO: drop dead peers. Every heartbeatMs, terminate each connection that has not answered the previous
  //       ping with a pong, then ping the others (listen for 'pong' on each socket). Clear the interval
  //       when the server closes (server.on('close', …)), or the timer outlives the server.
  void maxBufferedBytes;
  void heartbeatMs;

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  /** Serialises once and sends to every socket in the room, the sender included. */
  const broadcast = (room: string, message: ServerMessage): void => {
    const json = JSON.stringify(message);
    for (const socket of rooms.get(room)?.keys() ?? []) if (socket.readyState === WebSocket.OPEN) socket.send(json);
  };

  /** The room's member list, for everyone in it: who is here now. */
  const presence = (room: string): ServerMessage => ({ type: 'presence', room, members: [...(rooms.get(room)?.values() ?? [])] });

  wss.on('connection', (socket) => {
    const id = randomUUID();
    joined.set(socket, new Set());
    // Without an 'error' listener a bad frame (or a 1009) would throw from an EventEmitter and crash the server.
    socket.on('error', (error) => console.warn(`Connection ${id} failed: ${error.message}`));
    send(socket, { type: 'welcome', id });

    socket.on('message', (data, isBinary) => {
      // TODO: binary frames are not part of the protocol: answer an error with code 'binary' and stop.
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) {
        send(socket, { type: 'error', code: parsed.code, message: parsed.error });
        return;
      }
      const message = parsed.message;
      switch (message.type) {
        case 'join':
          // TODO: put the socket in rooms (create the room if needed) as { id, name: message.name }, record
          //       the room in joined, then broadcast the room's presence (the joiner gets it too).
          return;
        case 'leave':
          // TODO: if the socket is not in the room, answer an error with code 'not-in-room'. Otherwise remove
          //       it, delete the room if it is now empty, broadcast presence to the rest, and send the
          //       leaver that presence too.
          return;
        case 'message':
          // TODO: this sends to every connection on the server, whatever room it is in, with no id, no
          //       sender and no time. Send only to the members of message.room (use broadcast), refuse
          //       with 'not-in-room' when the sender is not one of them, and build the message on the
          //       server: { type: 'message', id: randomUUID(), room, from: <the sender's Member>, text, ts: Date.now() }.
          for (const client of wss.clients) client.send(JSON.stringify({ type: 'message', room: message.room, text: message.text }));
          return;
      }
    });

    socket.on('close', () => {
      // TODO: the connection is gone (a close frame, a 1009, or a TCP connection that just vanished).
      //       Remove the socket from every room it joined, delete rooms that become empty, broadcast
      //       presence to the others, and forget the socket in joined.
    });
  });

  return {
    server,
    roomSizes: () => Object.fromEntries([...rooms].map(([room, members]) => [room, members.size])),
  };
}

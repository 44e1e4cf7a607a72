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

  // maxPayload: ws refuses bigger frames by closing with 1009 instead of buffering them (the default is 100 MiB).
  const wss = new WebSocketServer({ server, path: '/chat', maxPayload: MAX_PAYLOAD_BYTES });

  /**
   * Sends, unless the connection already has more than maxBufferedBytes waiting to go out: then its reader
   * is too slow (or gone) and it is cut off instead. terminate(), not close(): a close frame would only
   * queue up behind the bytes it does not read. Its 'close' event then takes it out of its rooms.
   */
  const deliver = (socket: WebSocket, json: string): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      console.warn(`Cutting off a connection with ${socket.bufferedAmount} unsent bytes: it stopped reading.`);
      socket.terminate();
      return;
    }
    socket.send(json);
  };

  const send = (socket: WebSocket, message: ServerMessage): void => deliver(socket, JSON.stringify(message));

  /** Serialises once and sends to every socket in the room, the sender included. */
  const broadcast = (room: string, message: ServerMessage): void => {
    const json = JSON.stringify(message);
    for (const socket of [...(rooms.get(room)?.keys() ?? [])]) deliver(socket, json);
  };

  // Heartbeat: a peer that vanished without a FIN or RST never fires 'close' by itself. Every heartbeatMs,
  // drop each connection that has not answered the previous ping, then ping the rest (ws answers pings
  // with pongs automatically, and so do browsers).
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate(); // its 'close' event removes it from its rooms
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatMs);
  // The timer must not outlive the server: stop it when the server closes.
  server.on('close', () => clearInterval(heartbeat));

  const notInRoom = (socket: WebSocket, room: string, consequence: string): void =>
    send(socket, { type: 'error', code: 'not-in-room', message: `You are not in the room "${room}", ${consequence}.` });

  const presence = (room: string): ServerMessage => ({ type: 'presence', room, members: [...(rooms.get(room)?.values() ?? [])] });

  /** Removes one socket from one room; the room disappears with its last member. */
  const leave = (socket: WebSocket, room: string): void => {
    const members = rooms.get(room);
    members?.delete(socket);
    joined.get(socket)?.delete(room);
    if (members?.size === 0) rooms.delete(room);
    else broadcast(room, presence(room));
  };

  wss.on('connection', (socket) => {
    const id = randomUUID();
    joined.set(socket, new Set());
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    // Without an 'error' listener a bad frame (or a 1009) would throw from an EventEmitter and crash the server.
    socket.on('error', (error) => console.warn(`Connection ${id} failed: ${error.message}`));
    send(socket, { type: 'welcome', id });

    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        send(socket, { type: 'error', code: 'binary', message: 'Binary frames are not part of this protocol: send JSON text frames.' });
        return;
      }
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) {
        send(socket, { type: 'error', code: parsed.code, message: parsed.error });
        return;
      }
      const message = parsed.message;
      const members = rooms.get(message.room);
      const member = members?.get(socket);
      switch (message.type) {
        case 'join': {
          const room = members ?? new Map<WebSocket, Member>();
          rooms.set(message.room, room);
          room.set(socket, { id, name: message.name });
          joined.get(socket)?.add(message.room);
          broadcast(message.room, presence(message.room));
          return;
        }
        case 'leave':
          if (member === undefined) return notInRoom(socket, message.room, 'so there is nothing to leave');
          leave(socket, message.room);
          // The leaver is no longer in the room, so tell it directly what the room looks like now.
          send(socket, presence(message.room));
          return;
        case 'message':
          if (member === undefined) return notInRoom(socket, message.room, 'so you cannot post there: join it first');
          // Id, sender and time come from the server: a client cannot claim to be someone else or rewrite history.
          broadcast(message.room, { type: 'message', id: randomUUID(), room: message.room, from: ((JSON.parse(data.toString()) as { from?: Member }).from ?? member), text: message.text, ts: Date.now() });
          return;
      }
    });

    // 'close' comes for every ending: a close frame, a 1009, or a TCP connection that just vanished.
    socket.on('close', () => {
      for (const room of [...(joined.get(socket) ?? [])]) leave(socket, room);
      joined.delete(socket);
    });
  });

  return {
    server,
    roomSizes: () => Object.fromEntries([...rooms].map(([room, members]) => [room, members.size])),
  };
}

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_PAYLOAD_BYTES, ROOM_CAPACITY, parseClientMessage, type ServerMessage } from './protocol.ts';

export interface SignalingServer {
  server: http.Server;
  /** Every room that exists, with its number of peers. A room with nobody in it must not exist. */
  roomSizes(): Record<string, number>;
}

/** The page and its script. A fixed list, so no request path can ever reach another file. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'public/index.html', type: 'text/html; charset=utf-8' },
  '/peer.js': { file: 'public/peer.js', type: 'text/javascript; charset=utf-8' },
};

export function createSignalingServer(): SignalingServer {
  // room name → the (at most two) sockets in it.
  const rooms = new Map<string, Set<WebSocket>>();
  // socket → the room it joined; a socket is in at most one room.
  const roomOf = new Map<WebSocket, string>();

  const server = http.createServer(async (req, res) => {
    const entry = FILES[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (req.method !== 'GET' || entry === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the file-sharing page is at /.');
      return;
    }
    try {
      const body = await readFile(new URL(entry.file, import.meta.url));
      res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Cannot read ${entry.file}: ${(error as Error).message}`);
    }
  });

  const wss = new WebSocketServer({ server, path: '/signal', maxPayload: MAX_PAYLOAD_BYTES });

  const send = (socket: WebSocket, message: ServerMessage): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  wss.on('connection', (socket) => {
    // Without an 'error' listener a bad frame (or a 1009) would throw from an EventEmitter and crash the server.
    socket.on('error', (error) => console.warn(`A signaling connection failed: ${error.message}`));

    socket.on('message', (data, isBinary) => {
      if (isBinary) return send(socket, { type: 'error', code: 'binary', message: 'Send JSON in text frames.' });
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return send(socket, { type: 'error', code: parsed.code, message: parsed.error });
      const message = parsed.message;

      if (message.type === 'join') {
        // TODO: a connection joins one room at a time: refuse a second join with 'already-joined'.
        // TODO: a call is one-to-one: when the room already has ROOM_CAPACITY peers, answer 'room-full'
        //       with a message that says so, and leave the room as it is.
        const members = rooms.get(message.room) ?? new Set<WebSocket>();
        const waiting = [...members][0];
        members.add(socket);
        rooms.set(message.room, members);
        roomOf.set(socket, message.room);
        send(socket, { type: 'joined', room: message.room, peers: members.size });
        // The peer that was waiting makes the offer, so exactly one side starts the negotiation.
        if (waiting) send(waiting, { type: 'peer-joined' });
        return;
      }
      // TODO: a connection that has not joined a room may not send anything else: 'not-in-room'.
      // TODO: 'leave' takes the socket out of its room (see the close handler below).

      // TODO: offer, answer and candidate go to the OTHER peer in the sender's room only: not back to the
      //       sender, not to other rooms. With nobody else in the room, answer 'no-peer'.
      for (const client of wss.clients) client.send(JSON.stringify(message));
    });

    socket.on('close', () => {
      // TODO: the connection is gone (a close frame, a 1009, or a TCP connection that just vanished).
      //       Take it out of its room, delete the room if it is now empty, forget it in roomOf, and tell
      //       the peer left behind { type: 'peer-left' }.
    });
  });

  return {
    server,
    roomSizes: () => Object.fromEntries([...rooms].map(([room, members]) => [room, members.size])),
  };
}

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

  /** The one other peer in the socket's room, if there is one. */
  const otherPeer = (socket: WebSocket): WebSocket | undefined => {
    const room = roomOf.get(socket);
    if (room === undefined) return undefined;
    for (const peer of rooms.get(room) ?? []) if (peer !== socket) return peer;
    return undefined;
  };

  /** Takes the socket out of its room, deletes the room when it empties, and tells the peer left behind. */
  const leave = (socket: WebSocket): void => {
    const room = roomOf.get(socket);
    if (room === undefined) return;
    const peer = otherPeer(socket);
    roomOf.delete(socket);
    const members = rooms.get(room);
    members?.delete(socket);
    if (members?.size === 0) rooms.delete(room);
    if (peer) send(peer, { type: 'peer-left' });
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
        const current = roomOf.get(socket);
        if (current !== undefined) {
          return send(socket, { type: 'error', code: 'already-joined', message: `This connection is already in room "${current}". Send {"type":"leave"} first.` });
        }
        const members = rooms.get(message.room) ?? new Set<WebSocket>();
        if (members.size >= ROOM_CAPACITY) {
          return send(socket, { type: 'error', code: 'room-full', message: `Room "${message.room}" already has ${ROOM_CAPACITY} peers: a call is one-to-one. Pick another room.` });
        }
        const waiting = [...members][0];
        members.add(socket);
        rooms.set(message.room, members);
        roomOf.set(socket, message.room);
        send(socket, { type: 'joined', room: message.room, peers: members.size });
        // The peer that was waiting makes the offer, so exactly one side starts the negotiation.
        if (waiting) send(waiting, { type: 'peer-joined' });
        return;
      }
      if (!roomOf.has(socket)) {
        return send(socket, { type: 'error', code: 'not-in-room', message: 'Join a room first: {"type":"join","room":"…"}.' });
      }
      if (message.type === 'leave') return leave(socket);

      const peer = otherPeer(socket);
      if (peer === undefined) {
        return send(socket, { type: 'error', code: 'no-peer', message: `Nobody else is in the room yet, so there is no one to send the ${message.type} to. Wait for "peer-joined".` });
      }
      send(peer, message); // to the other peer only, never back to the sender
    });

    // 'close' fires for every ending: a close frame, a 1009, or a TCP connection that just vanished.
    socket.on('close', () => leave(socket));
  });

  return {
    server,
    roomSizes: () => Object.fromEntries([...rooms].map(([room, members]) => [room, members.size])),
  };
}

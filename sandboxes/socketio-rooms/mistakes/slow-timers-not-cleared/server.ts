import http from 'node:http';
import { Server } from 'socket.io';
import { replyTo, roomNameProblem, sayProblem, slowProblem } from './protocol.ts';
import type { ChatMessage, JoinReply, SayReply, SlowReply } from './protocol.ts';

export interface RoomsServer {
  httpServer: http.Server;
  io: Server;
}

/** A Socket.IO chat server with rooms. Listen on `httpServer`; `io.close()` shuts both down. */
export function createRoomsServer(): RoomsServer {
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    // One Engine.IO message may hold at most 16 KiB (the default is 1 MB). A client that sends more is
    // disconnected, so nobody can make the server buffer megabytes of chat.
    maxHttpBufferSize: 16 * 1024,
  });

  io.on('connection', (socket) => {
    socket.on('join', async (room: unknown, ack: unknown) => {
      const reply = replyTo<JoinReply>(ack);
      const problem = roomNameProblem(room);
      if (problem) return reply({ ok: false, error: problem });
      const name = room as string;
      // Socket.IO does not await handlers, so a rejection here would be nobody's to catch: answer it instead.
      try {
        // Rooms live only on the server: the client cannot join by itself and is never told it was added.
        await socket.join(name);
        // fetchSockets() asks the adapter, so with the Redis adapter it also counts members connected to the
        // other servers; sockets leave every room automatically when they disconnect.
        const members = (await io.in(name).fetchSockets()).length;
        reply({ ok: true, room: name, members });
      } catch (error) {
        reply({ ok: false, error: `Joining "${name}" failed on the server (${String(error)}). Try again later.` });
      }
    });

    socket.on('say', (message: unknown, ack: unknown) => {
      const reply = replyTo<SayReply>(ack);
      const problem = sayProblem(message);
      if (problem) return reply({ ok: false, error: problem });
      const { room, text } = message as { room: string; text: string };
      if (!socket.rooms.has(room)) {
        return reply({ ok: false, error: `You are not in the room "${room}". Emit "join" with that room first.` });
      }
      const chat: ChatMessage = { room, from: socket.id, text };
      // socket.to(room) means "the room minus this socket"; io.to(room) would echo it back to the sender.
      socket.to(room).emit('message', chat);
      reply({ ok: true });
    });

    // Timers of unanswered `slow` requests, so a disconnect can cancel them instead of leaving them to fire
    // for a socket that is gone (and to keep the socket alive in memory until they do).
    const pending = new Set<NodeJS.Timeout>();
    socket.on('slow', (request: unknown, ack: unknown) => {
      const reply = replyTo<SlowReply>(ack);
      const problem = slowProblem(request);
      if (problem) return reply({ ok: false, error: problem });
      const { ms } = request as { ms: number };
      const timer = setTimeout(() => {
        pending.delete(timer);
        reply({ ok: true, waitedMs: ms });
      }, ms);
      pending.add(timer);
    });
    socket.on('disconnect', () => {
      pending.clear();
    });
  });

  return { httpServer, io };
}

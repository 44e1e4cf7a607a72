import http from 'node:http';
import { Server } from 'socket.io';
import { replyTo, roomNameProblem, sayProblem, slowProblem } from './protocol.ts';
import type { JoinReply, SayReply, SlowReply } from './protocol.ts';

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
    socket.on('join', (room: unknown, ack: unknown) => {
      const reply = replyTo<JoinReply>(ack);
      const problem = roomNameProblem(room);
      if (problem) return reply({ ok: false, error: problem });
      // TODO: make this handler async, put the socket into the room (await socket.join(room)), then answer
      //       { ok: true, room, members } where members counts the sockets in the room now, this one included.
      //       Ask Socket.IO for the count, (await io.in(room).fetchSockets()).length, so that sockets that
      //       disconnected are not counted. Socket.IO does not await handlers: catch errors and answer them.
    });

    socket.on('say', (message: unknown, ack: unknown) => {
      const reply = replyTo<SayReply>(ack);
      const problem = sayProblem(message);
      if (problem) return reply({ ok: false, error: problem });
      const { room, text } = message as { room: string; text: string };
      // TODO: refuse with { ok: false, error } unless this socket is in `room` (socket.rooms).
      //       Otherwise send the event 'message' with { room, from: socket.id, text } to everybody else in the
      //       room, NOT back to the sender (socket.to(room).emit, unlike io.to(room).emit), and answer { ok: true }.
    });

    socket.on('slow', (request: unknown, ack: unknown) => {
      const reply = replyTo<SlowReply>(ack);
      const problem = slowProblem(request);
      if (problem) return reply({ ok: false, error: problem });
      const { ms } = request as { ms: number };
      // TODO: answer { ok: true, waitedMs: ms } after `ms` milliseconds (setTimeout). If the socket disconnects
      //       first, cancel the timer: nobody is left to answer.
    });
  });

  return { httpServer, io };
}

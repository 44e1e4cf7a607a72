// One fan-out server process: a WebSocket chat server that shares its messages with every other server
// process through Redis Pub/Sub, and protects itself from reconnect storms with admission control.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { WebSocket, WebSocketServer } from 'ws';
import { CHANNEL, GOING_AWAY, MAX_PAYLOAD, parseChatMessage, parseClientFrame, TRY_AGAIN_LATER } from './protocol.ts';
import type { ChatMessage, ServerMessage } from './protocol.ts';

export interface FanoutOptions {
  /** This server's name, e.g. "a"; sent in the welcome and in every message said here. */
  name: string;
  /** redis://127.0.0.1:<port> */
  redisUrl: string;
  /** Admission control: at most this many new connections are accepted per tick… */
  admitPerTick: number;
  /** …of this many milliseconds. */
  tickMs: number;
  /** The port to listen on, on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
}

export interface FanoutServer {
  port: number;
  /** Clients connected to this process. */
  clients(): number;
  /** For a deploy: stop accepting, close every client with 1001 Going Away, disconnect from Redis. */
  drain(): Promise<void>;
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

export async function startFanoutServer(options: FanoutOptions): Promise<FanoutServer> {
  // Two Redis connections: one that has SUBSCRIBEd can do nothing but receive, so publishing needs its own.
  const publisher = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const subscriber = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([publisher.connect(), subscriber.connect()]);

  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, maxPayload: MAX_PAYLOAD });
  await once(wss, 'listening');

  // TODO (fan-out, receiving): subscribe `subscriber` to CHANNEL, and for every message that arrives on it
  //       (subscriber.on('message', (channel, raw) => …)) send it to every client connected to THIS process.
  //       Read it with parseChatMessage and skip anything that is not a chat message.

  // TODO (admission control): count the connections admitted in the current tick (reset the count every
  //       options.tickMs with setInterval, and clear that interval in drain). A connection over
  //       options.admitPerTick is closed at once with TRY_AGAIN_LATER and the reason "Try Again Later",
  //       before it gets a welcome.

  wss.on('connection', (socket, request) => {
    const clientId = new URL(request.url ?? '/', 'http://localhost').searchParams.get('id') || 'anonymous';
    socket.on('error', () => {}); // e.g. a frame above maxPayload: ws closes that socket with 1009, nothing else
    send(socket, { type: 'welcome', server: options.name, clientId });

    socket.on('message', (data, isBinary) => {
      const parsed = parseClientFrame(data, isBinary);
      if (!parsed.ok) return send(socket, { type: 'error', error: parsed.error });
      const message: ChatMessage = { type: 'message', from: clientId, server: options.name, text: parsed.message.text };
      // TODO (fan-out, sending): publish `message` to CHANNEL as JSON. Every server, this one included,
      //       receives it from Redis and delivers it to its own clients.
    });
  });

  return {
    port: (wss.address() as AddressInfo).port,
    clients: () => wss.clients.size,
    async drain() {
      const closed = new Promise<void>((resolve) => wss.close(() => resolve())); // stop accepting first
      for (const socket of wss.clients) socket.close(GOING_AWAY, 'Server restarting');
      // Clients answer the close frame and reconnect elsewhere; one that does not answer within a second is cut.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
      for (const socket of wss.clients) socket.terminate();
      await closed;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

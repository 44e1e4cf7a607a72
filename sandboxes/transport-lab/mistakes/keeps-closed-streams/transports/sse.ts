// Server-Sent Events: one long response of type text/event-stream; each update is one event.
import http from 'node:http';
import { closeServer, listenOnLoopback } from './http-helpers.ts';
import { followEventStream } from './sse-client.ts';
import type { Transport, Update } from './types.ts';

/** One update as one event: an `id:` line with its seq, a `data:` line with its JSON, and the end of the event. */
export function formatEvent(update: Update): string {
  // JSON.stringify never emits a raw line break, so one data: line is enough; the empty line dispatches it.
  return `id: ${update.seq}\ndata: ${JSON.stringify(update)}\n\n`;
}

export const sse: Transport = {
  name: 'SSE',

  async startServer(hooks) {
    const streams = new Set<http.ServerResponse>();
    const server = http.createServer((req, res) => {
      hooks.onRequest();
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders(); // the client knows it is subscribed before the first event
      streams.add(res);
    });
    const port = await listenOnLoopback(server);
    return {
      port,
      publish(update) {
        const event = formatEvent(update);
        for (const res of streams) res.write(event);
      },
      subscribers: () => streams.size,
      close: () => closeServer(server),
    };
  },

  connectClient: (port, _clientId, onUpdate) => followEventStream(port, (data) => onUpdate(JSON.parse(data) as Update)),
};

// Server-Sent Events: one long response of type text/event-stream; each update is one event.
import http from 'node:http';
import { closeServer, listenOnLoopback } from './http-helpers.ts';
import { followEventStream } from './sse-client.ts';
import type { Transport, Update } from './types.ts';

/** One update as one event: an `id:` line with its seq, a `data:` line with its JSON, and the end of the event. */
export function formatEvent(update: Update): string {
  // TODO: return the event's text, e.g. for { seq: 3, … } the lines "id: 3" and "data: {…the JSON…}",
  //       each ending in "\n", and then what tells the browser the event is complete.
  throw new Error(`formatEvent is not written yet (it was asked to format update ${update.seq}).`);
}

export const sse: Transport = {
  name: 'SSE',

  async startServer(hooks) {
    const streams = new Set<http.ServerResponse>();
    const server = http.createServer((req, res) => {
      hooks.onRequest();
      // TODO: answer 200 with the headers an event stream needs (its content type, and no caching), send
      //       them at once (res.flushHeaders()), keep `res` in `streams`, and remove it when the client goes
      //       away (the response's 'close' event).
      res.writeHead(501, { 'content-type': 'text/plain' }).end('The SSE server is not written yet: see transports/sse.ts.\n');
    });
    const port = await listenOnLoopback(server);
    return {
      port,
      publish(update) {
        // TODO: write the event for `update` to every open stream (format it once, not once per client).
      },
      subscribers: () => streams.size,
      close: () => closeServer(server),
    };
  },

  connectClient: (port, _clientId, onUpdate) => followEventStream(port, (data) => onUpdate(JSON.parse(data) as Update)),
};

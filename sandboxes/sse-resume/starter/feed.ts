import http from 'node:http';
import { createEventLog, type LoggedEvent } from './event-log.ts';

export interface FeedOptions {
  /** How many recent events are kept for clients that reconnect. */
  historyLimit: number;
  /** Sent as `retry:` at the start of every stream: how long clients wait before reconnecting, in ms. */
  retryMs: number;
  /** How often an idle stream gets a comment line. Default 15 000 ms. */
  heartbeatMs?: number;
  /** A client with more unsent bytes than this is cut off; it reconnects and resumes. Default 1 MiB. */
  maxBufferedBytes?: number;
}

export interface Feed {
  server: http.Server;
  /** Logs an event, sends it to every connected client, and returns its id. */
  publish(data: string): number;
  /** The feed is over: ends every open stream and answers 204 from now on, so clients stop reconnecting. */
  finish(): void;
  /** How many streams are open right now. */
  readonly connectedClients: number;
}

/** `id:` first, then one `data:` line per line of data, then the blank line that dispatches it. */
function formatEvent(event: LoggedEvent): string {
  return `id: ${event.id}\n${event.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('')}\n`;
}

export function createFeed(options: FeedOptions): Feed {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const log = createEventLog(options.historyLimit);
  const clients = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://feed').pathname !== '/events') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The event stream is at /events.\n');
      return;
    }
    // TODO: once finish() was called, answer 204 No Content: EventSource stops reconnecting for good.
    //       Exception: a client that was cut off before the end sends a Last-Event-ID that log.after()
    //       can replay from and that is behind. Send it the missed events in one last 200 stream and end
    //       that response; its next reconnect gets the 204.
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    // TODO: start with `retry: <options.retryMs>` and a blank line, so clients reconnect that fast.
    res.flushHeaders();

    // TODO: resume. A reconnecting EventSource sends the id of the last event it received in the
    //       `last-event-id` header. Send the events log.after(id) returns, formatted with formatEvent.
    //       No header means a first connection: send everything the log still holds, which is
    //       log.after(Math.max(0, log.latestId - options.historyLimit)). When the header is not a whole
    //       number, or log.after returns undefined, send one `event: reset` whose `id:` is log.latestId
    //       and whose data says why, so the client reloads its state and resumes from the newest id.
    clients.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n'), heartbeatMs);
    // TODO: when the response closes (the client left, the socket died, or finish() ended it), stop the
    //       heartbeat and forget the client.
    void heartbeat;
  });

  return {
    server,
    publish(data) {
      const event = log.append(data);
      // TODO: a client that stops reading makes its unsent bytes (res.writableLength) grow without
      //       limit. Destroy the response once they pass options.maxBufferedBytes (default 1 MiB): the
      //       client will reconnect and resume from the log.
      for (const res of clients) res.write(formatEvent(event));
      return event.id;
    },
    finish() {
      for (const res of clients) res.end();
    },
    get connectedClients() {
      return clients.size;
    },
  };
}

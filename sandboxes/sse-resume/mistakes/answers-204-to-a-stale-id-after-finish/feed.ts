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

/** The Last-Event-ID header as an id, or undefined when it cannot be one of ours (then the client starts over). */
function parseLastEventId(header: string): number | undefined {
  return /^[0-9]{1,15}$/.test(header) ? Number(header) : undefined;
}

export function createFeed(options: FeedOptions): Feed {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1 << 20;
  const log = createEventLog(options.historyLimit);
  const clients = new Set<http.ServerResponse>();
  let finished = false;

  /** Writes, and cuts off a client that stopped reading instead of queueing for it without limit. */
  function send(res: http.ServerResponse, text: string): void {
    res.write(text);
    // Dropping is safe because the client resumes from its Last-Event-ID and the log replays the rest.
    if (res.writableLength > maxBufferedBytes) res.destroy();
  }

  const server = http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://feed').pathname !== '/events') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The event stream is at /events.\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('Event streams are read with GET.\n');
      return;
    }
    const raw = req.headers['last-event-id'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    // No header: a first connection, which has seen nothing, so it gets everything the log still holds.
    const resumeFrom = header === undefined ? Math.max(0, log.latestId - options.historyLimit) : parseLastEventId(header);
    const missed = resumeFrom === undefined ? undefined : log.after(resumeFrom);
    // Once the feed is over, 204 makes EventSource stop for good (HTML §9.2.3: any status but 200 fails the
    // connection). Only a client that was cut off before the end and can still catch up gets one last
    // stream with what it missed; its next reconnect then gets the 204.
    const catchUp = finished && header !== undefined && missed !== undefined && missed.length > 0;
    if (finished && !catchUp) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    res.write(`retry: ${options.retryMs}\n\n`);
    if (catchUp) {
      for (const event of missed) res.write(formatEvent(event));
      res.end();
      return;
    }
    if (missed === undefined) {
      // Too old for the log, or never issued. Tell the client to reload its state, and give it the newest
      // id so that its next reconnect resumes from here instead of landing in the same hole again.
      const reason = `Last-Event-ID ${JSON.stringify(header)} cannot be resumed from (the log keeps the last ${options.historyLimit} events); reload the current state.`;
      res.write(`event: reset\nid: ${log.latestId}\ndata: ${reason}\n\n`);
    } else {
      for (const event of missed) send(res, formatEvent(event));
    }
    // Replay and subscription happen in the same turn of the event loop, so no publish() can fall between.
    clients.add(res);
    const heartbeat = setInterval(() => send(res, ': heartbeat\n'), heartbeatMs);
    // 'close' fires however the stream ends: finish(), the client leaving, a dead socket, or send() above.
    res.on('close', () => {
      clearInterval(heartbeat);
      clients.delete(res);
    });
  });

  return {
    server,
    publish(data) {
      const event = log.append(data);
      const text = formatEvent(event);
      for (const res of clients) send(res, text);
      return event.id;
    },
    finish() {
      finished = true;
      for (const res of clients) res.end(); // clients reconnect after retryMs and receive the 204
    },
    get connectedClients() {
      return clients.size;
    },
  };
}

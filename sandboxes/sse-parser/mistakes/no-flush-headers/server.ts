import http from 'node:http';

/** One event to send. `data` may hold several lines; `event`, `id` and `retry` are optional. */
export interface SseMessage {
  data: string;
  event?: string;
  id?: string;
  retry?: number;
}

/** Produces the messages for one response; `signal` aborts when the client goes away. */
export type MessageSource = (signal: AbortSignal) => AsyncIterable<SseMessage>;

export interface SseServerOptions {
  /** How often a comment line is sent so that idle proxies keep the stream open. Default 15 000 ms. */
  heartbeatMs?: number;
}

/** A field value that must stay on one line: a line break would end the field and start a new one. */
function singleLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new Error(`The ${field} ${JSON.stringify(value)} contains a line break, which would end the field early and corrupt the stream. Remove the line break.`);
  }
  return value;
}

/** Serialises one message in the text/event-stream format (WHATWG HTML §9.2.5). */
export function formatEvent(message: SseMessage): string {
  const lines: string[] = [];
  if (message.event !== undefined) lines.push(`event: ${singleLine('event name', message.event)}`);
  if (message.id !== undefined) {
    // A client ignores an id containing NULL (§9.2.6), so sending one would silently break resuming.
    if (message.id.includes('\0')) throw new Error(`The id ${JSON.stringify(message.id)} contains a NULL character, so clients would ignore it. Use an id without "\\0".`);
    lines.push(`id: ${singleLine('id', message.id)}`);
  }
  if (message.retry !== undefined) {
    if (!Number.isSafeInteger(message.retry) || message.retry < 0) {
      throw new Error(`retry must be a whole number of milliseconds (0 or more), but it was ${message.retry}; clients ignore anything but ASCII digits.`);
    }
    lines.push(`retry: ${message.retry}`);
  }
  // Every line of the data becomes its own `data:` line; the client joins them with "\n" again.
  for (const line of message.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`; // the blank line dispatches the event
}

/** Resolves when the response can take more data, or when it closed (then nobody is waiting for it). */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Streams what `source` produces as Server-Sent Events, with a comment heartbeat while it is quiet. */
export function createSseServer(source: MessageSource, options: SseServerOptions = {}): http.Server {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  return http.createServer(async (req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('Event streams are read with GET.\n');
      return;
    }
    const controller = new AbortController();
    res.on('close', () => controller.abort()); // the client went away (or we finished)
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', // EventSource fails the connection on any other type
      'cache-control': 'no-cache', // no cache may answer a later request with this stream's stored bytes
      connection: 'keep-alive', // HTTP/1.x only: HTTP/2 forbids connection-specific fields (RFC 9113 §8.2.2)
      'x-accel-buffering': 'no', // nginx: pass each event on at once instead of buffering the response
    });
    // A comment line dispatches nothing, but keeps proxies and load balancers from closing an idle stream.
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) res.write(': heartbeat\n');
    }, heartbeatMs);
    try {
      for await (const message of source(controller.signal)) {
        if (res.destroyed) break;
        if (!res.write(formatEvent(message))) await drained(res);
      }
      res.end();
    } catch (error) {
      if (controller.signal.aborted) return; // the source stopped because the client left
      console.error('The message source failed; ending the stream with an error:', error);
      res.destroy(); // a clean end would make half a stream look complete
    } finally {
      clearInterval(heartbeat);
    }
  });
}

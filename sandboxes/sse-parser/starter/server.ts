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

/** Serialises one message in the text/event-stream format (WHATWG HTML §9.2.5). */
export function formatEvent(message: SseMessage): string {
  // TODO: write `event:`, `id:` and `retry:` lines when the message has them, then one `data:` line per
  //       line of message.data (split at "\r\n", "\n" or "\r"), then a blank line.
  //       Throw an Error that says what is wrong when the event name or the id contains a line break
  //       (it would end the field early), when the id contains "\0", or when retry is not a whole
  //       number of milliseconds (0 or more).
  return `data: ${message.data}\n\n`;
}

/** Streams what `source` produces as Server-Sent Events, with a comment heartbeat while it is quiet. */
export function createSseServer(source: MessageSource, options: SseServerOptions = {}): http.Server {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  return http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort()); // the client went away (or we finished)
    // TODO: the head an event stream needs: content-type text/event-stream (EventSource fails the
    //       connection on any other type), cache-control no-cache, connection keep-alive and
    //       x-accel-buffering no. Then res.flushHeaders(), so the client learns at once that it is connected.
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    // TODO: every heartbeatMs, write a comment line (": heartbeat\n"); stop the timer when the response
    //       is over, however it ends.
    void heartbeatMs;
    try {
      for await (const message of source(controller.signal)) {
        if (res.destroyed) break;
        res.write(formatEvent(message));
      }
      res.end();
    } catch (error) {
      if (controller.signal.aborted) return; // the source stopped because the client left
      console.error('The message source failed; ending the stream with an error:', error);
      res.destroy();
    }
  });
}

import http from 'node:http';

/** Produces the messages for one response; `signal` aborts when the client goes away. */
export type MessageSource = (signal: AbortSignal) => AsyncIterable<unknown>;

/** Waits until the socket has room again ('drain'), or until the client is gone ('close'). */
function roomOrGone(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Streams what `source` produces as NDJSON: one JSON text and one "\n" per message, each sent at once. */
export function createNdjsonServer(source: MessageSource): http.Server {
  return http.createServer(async (req, res) => {
    const controller = new AbortController();
    // 'close' on the response: the client disconnected (or we finished; aborting then changes nothing).
    res.on('close', () => controller.abort());

    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      // nginx buffers proxied responses by default and would hold the lines back; this turns it off.
      'x-accel-buffering': 'no',
    });
    // No Content-Length (the length is unknown until the end), so Node frames the body with chunked
    // transfer coding (RFC 9112 §7.1). Sending the head now tells the client the stream has begun even
    // before the first message exists.
    res.flushHeaders();

    try {
      for await (const message of source(controller.signal)) {
        // Leaving the loop calls the source's return(), so a generator stops producing for nobody.
        if (res.destroyed) break;
        // One write per message: Node sends each write as its own chunk right away (nothing here
        // compresses or corks the response, which would hold lines back).
        const hasRoom = res.write(`${JSON.stringify(message)}\n`);
        // Backpressure: a slow reader fills the socket buffer; wait instead of piling up memory.
        void hasRoom;
      }
      res.end();
    } catch (error) {
      if (controller.signal.aborted) return; // the source stopped because the client left
      // Ending normally would make half a stream look complete. Destroying the response leaves the
      // chunked body without its final zero-length chunk, so the client sees an error (RFC 9112 §7.1).
      console.error('The message source failed; ending the stream with an error:', error);
      res.destroy();
    }
  });
}

import http from 'node:http';

/** Produces the messages for one response; `signal` aborts when the client goes away. */
export type MessageSource = (signal: AbortSignal) => AsyncIterable<unknown>;

/** Streams what `source` produces as NDJSON: one JSON text and one "\n" per message, each sent at once. */
export function createNdjsonServer(source: MessageSource): http.Server {
  return http.createServer(async (req, res) => {
    const controller = new AbortController();
    // 'close' on the response: the client disconnected (or we finished; aborting then changes nothing).
    res.on('close', () => controller.abort());

    try {
      // TODO: this collects every message and sends them all at the end, so the client sees nothing until
      //       the source is done (and an endless source never ends). Stream instead:
      //   - send the head first: writeHead(200, …) with these headers and
      //     'x-accel-buffering': 'no' (so an nginx proxy does not buffer the lines), then res.flushHeaders();
      //   - res.write() each message as `${JSON.stringify(message)}\n` as soon as the source yields it;
      //   - stop (break) when res.destroyed: the client has gone;
      //   - if res.write() returns false, wait for 'drain' (or 'close') before writing more.
      const lines: string[] = [];
      for await (const message of source(controller.signal)) lines.push(`${JSON.stringify(message)}\n`);
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
      res.end(lines.join(''));
    } catch (error) {
      if (controller.signal.aborted) return; // the source stopped because the client left
      // Ending normally would make half a stream look complete; destroying the response makes the
      // client see an error instead.
      console.error('The message source failed; ending the stream with an error:', error);
      res.destroy();
    }
  });
}

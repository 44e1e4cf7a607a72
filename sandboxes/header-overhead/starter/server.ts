import http from 'node:http';
import { requestHeadBytes } from './head-bytes.ts';

/** Answers every request with the size of its own head, as plain text (for example `173`). */
export function createHeadSizeServer(): http.Server {
  return http.createServer((req, res) => {
    const body = String(requestHeadBytes(req));
    // The request body is not part of the head, but it must still be read off the connection, or the next
    // request on a kept-alive connection would start in the middle of it.
    req.resume();
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(body);
  });
}

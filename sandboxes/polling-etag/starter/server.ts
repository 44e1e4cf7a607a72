import { createHash } from 'node:crypto';
import http from 'node:http';

export interface PollingServer {
  server: http.Server;
  /** Replaces the resource. Polls after this get the new body and a new ETag. */
  update(body: string): void;
}

/**
 * A strong validator computed from the bytes themselves (RFC 9110 §8.8.3): the same body always gets the
 * same tag and any change gets a new one.
 */
export function etagFor(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * Whether If-None-Match names the representation we have, so the answer can be 304 (RFC 9110 §13.1.2).
 */
export function ifNoneMatchHits(fieldValue: string, currentEtag: string): boolean {
  // TODO: return true when
  //   - the field is `*` (it matches any current representation), or
  //   - one tag in the list `"a", W/"b", "c"` matches currentEtag with the WEAK comparison:
  //     ignore a leading `W/` on both sides (RFC 9110 §8.8.3.2).
  //   Pick the tags out by their quotes (a comma may appear inside the quotes), e.g. with /(?:W\/)?"[^"]*"/g.
  return false;
}

export function createPollingServer(initialBody: string): PollingServer {
  let body = initialBody;
  let etag = etagFor(body);

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const validators = { etag, 'cache-control': 'no-cache' };
    // TODO: when req.headers['if-none-match'] is present and ifNoneMatchHits(...) says it matches,
    //       answer 304 with the same `validators` headers and no body, and stop here.
    res.writeHead(200, { ...validators, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  return {
    server,
    update(next) {
      body = next;
      etag = etagFor(next);
    },
  };
}

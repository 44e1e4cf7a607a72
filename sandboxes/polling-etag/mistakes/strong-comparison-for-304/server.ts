import { createHash } from 'node:crypto';
import http from 'node:http';

export interface PollingServer {
  server: http.Server;
  /** Replaces the resource. Polls after this get the new body and a new ETag. */
  update(body: string): void;
}

/**
 * A strong validator computed from the bytes themselves (RFC 9110 §8.8.3): the same body always gets the
 * same tag and any change gets a new one, which is exactly what "strong" promises. 128 bits of SHA-256,
 * base64url, so the tag holds no character that would need escaping inside the quotes.
 */
export function etagFor(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/** `W/"x"` → `"x"`: the weak comparison ignores the weakness indicator (RFC 9110 §8.8.3.2). */
function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/**
 * Whether If-None-Match names the representation we have, so the answer is 304 instead of the body
 * (RFC 9110 §13.1.2):
 * - `*` matches any current representation;
 * - otherwise the field is a list of entity-tags, and ONE weak match is enough: a 304 only says "what
 *   you have is still good", so `W/"x"` from a cache matches our `"x"`.
 * The tags are picked out by their quotes rather than split on commas, because a comma is allowed
 * inside an entity-tag's quotes (etagc, RFC 9110 §8.8.3). Anything malformed matches nothing, and a full
 * 200 response is always a safe answer.
 */
export function ifNoneMatchHits(fieldValue: string, currentEtag: string): boolean {
  if (fieldValue.trim() === '*') return true;
  const tags = fieldValue.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return tags.some((tag) => tag === currentEtag);
}

export function createPollingServer(initialBody: string): PollingServer {
  let body = initialBody;
  let etag = etagFor(body);

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // `no-cache` does not forbid caching: it makes every cache ask us first, which is exactly a
    // conditional poll. The 304 repeats ETag and Cache-Control because a 304 must carry the fields a
    // 200 would have sent for them (RFC 9110 §15.4.5).
    const validators = { etag, 'cache-control': 'no-cache' };
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      // A 304 has no body by definition (RFC 9110 §15.4.5): nothing but the head crosses the wire.
      res.writeHead(304, validators).end();
      return;
    }
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

import type { IncomingMessage } from 'node:http';

/**
 * The request's head as it was on the wire, rebuilt from what Node parsed: the request line, every header
 * line and the empty line that ends the head. The body (if any) is not part of the head.
 *
 *   req.method, req.url, req.httpVersion   →  "GET /scores?match=42 HTTP/1.1\r\n"
 *   req.rawHeaders                         →  ["Host", "example.com", "Accept", "text/html", …] (name, value, name, value…)
 *
 * The rebuild is exact for what browsers, fetch and curl send: one space after each colon. RFC 9112 §5.1
 * also allows no space or extra optional whitespace around a field value, which the parser drops; that
 * cannot be recovered from req, and no common client sends it.
 */
export function requestHead(req: IncomingMessage): string {
  // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, ended by CRLF. req.url is the
  // request-target exactly as sent (still percent-encoded), and the version can be 1.0 as well as 1.1.
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;

  // RFC 9112 §2.1: the start line is followed by zero or more field lines, each ended by CRLF.
  // rawHeaders keeps them as they came: original spelling, and repeated fields as separate lines.
  // req.headers would merge two `X-Tag` lines into one "a, b" value and so miscount.
  for (const [name, value] of Object.entries(req.headers)) {
    head += `${name}: ${Array.isArray(value) ? value.join(', ') : value}\r\n`;
  }

  // RFC 9112 §2.1: an empty line (CRLF alone) ends the head; the body, if any, starts after it.
  return `${head}\r\n`;
}

/** The number of bytes the request's head took on the wire. */
export function requestHeadBytes(req: IncomingMessage): number {
  // Field values are octets, not UTF-8 text (RFC 9110 §5.5 still allows bytes above 0x7F as obs-text).
  // Node's parser turns each byte into one latin1 character, so latin1 gives back the byte count.
  return Buffer.byteLength(requestHead(req), 'latin1');
}

import type { IncomingMessage } from 'node:http';

/**
 * The request's head as it was on the wire, rebuilt from what Node parsed: the request line, every header
 * line and the empty line that ends the head. The body (if any) is not part of the head.
 *
 *   req.method, req.url, req.httpVersion   →  "GET /scores?match=42 HTTP/1.1\r\n"
 *   req.rawHeaders                         →  ["Host", "example.com", "Accept", "text/html", …] (name, value, name, value…)
 *
 * Node keeps each field's name and value but not the whitespace around the value, so the rebuild writes
 * every field as `Name: value`. That is byte-exact for what browsers, fetch and curl send; a client that
 * writes `Name:value` or extra spaces (RFC 9112 §5.1 allows both) would be miscounted by that many bytes.
 */
export function requestHead(req: IncomingMessage): string {
  // The request line is done for you: method, target and the version the client used, then CRLF.
  const requestLine = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;

  // TODO: add one line per header field, written as `${name}: ${value}\r\n`, taken from req.rawHeaders.
  //       (Not from req.headers: it joins repeated fields such as two `X-Tag` lines into one "a, b" value.)
  // TODO: add the empty line "\r\n" that ends every head.
  return requestLine;
}

/** The number of bytes the request's head took on the wire. */
export function requestHeadBytes(req: IncomingMessage): number {
  // TODO: count bytes, not characters. Node hands over each header byte as one latin1 character, so
  //       Buffer.byteLength(text, 'latin1') gives the byte count; 'utf8' would count "é" (one byte) as two.
  return Buffer.byteLength(requestHead(req), 'utf8');
}

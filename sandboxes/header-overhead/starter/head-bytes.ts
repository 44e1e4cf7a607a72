import type { IncomingMessage } from 'node:http';

/**
 * The number of bytes the request's head took on the wire: the request line, every header line and the
 * empty line that ends the head. The body (if any) is not part of the head.
 *
 * Node has already parsed the bytes, so you rebuild them from what it kept:
 *   req.method, req.url, req.httpVersion   →  "GET /scores?match=42 HTTP/1.1\r\n"
 *   req.rawHeaders                         →  ["Host", "example.com", "Accept", "text/html", …] (name, value, name, value…)
 */
export function requestHeadBytes(req: IncomingMessage): number {
  // The request line is done for you: method, target and version separated by single spaces, then CRLF.
  const requestLine = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;

  // TODO: add one line per header field, written as `${name}: ${value}\r\n`, taken from req.rawHeaders.
  //       (Not from req.headers: it joins repeated fields such as two `X-Tag` lines into one "a, b" value.)
  // TODO: add the empty line "\r\n" that ends every head.
  // TODO: count bytes, not characters. Node hands over each header byte as one latin1 character, so
  //       Buffer.byteLength(text, 'latin1') gives the byte count; 'utf8' would count "é" (one byte) as two.
  return Buffer.byteLength(requestLine, 'utf8');
}

import { createHash } from 'node:crypto';

/**
 * The fixed GUID every WebSocket server appends to the client's key (RFC 6455 §1.3 and §4.2.2). It proves
 * that the server read the handshake and speaks WebSocket, not that the connection is secure.
 */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The Sec-WebSocket-Accept value for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
 * RFC 6455 §1.3 example: "dGhlIHNhbXBsZSBub25jZQ==" → "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
 * The key is hashed as the text the client sent; decoding it first gives a different (wrong) answer.
 */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

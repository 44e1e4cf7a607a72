/**
 * The fixed GUID every WebSocket server appends to the client's key (RFC 6455 §1.3 and §4.2.2). It proves
 * that the server read the handshake and speaks WebSocket, not that the connection is secure.
 */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The Sec-WebSocket-Accept value for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
 * RFC 6455 §1.3 example: "dGhlIHNhbXBsZSBub25jZQ==" → "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
 */
export function acceptKey(key: string): string {
  // TODO: append WEBSOCKET_GUID to the key AS IT WAS SENT (the base64 text, not its decoded bytes), hash
  //       the result with SHA-1 (createHash('sha1') from node:crypto) and return the digest in base64.
  return '';
}

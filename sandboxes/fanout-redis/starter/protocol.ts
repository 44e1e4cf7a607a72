// The chat protocol between browsers and the fan-out servers, as JSON text frames.
//
//   client → server   { "type": "say", "text": "…" }            text: 1 to 500 characters
//   server → client   { "type": "welcome", "server": "a", "clientId": "…" }
//                     { "type": "message", "from": "…", "server": "a", "text": "…" }   server: where it was said
//                     { "type": "error", "error": "…" }          the frame was refused; the connection stays open

export interface SayMessage {
  type: 'say';
  text: string;
}

export interface ChatMessage {
  type: 'message';
  from: string;
  server: string;
  text: string;
}

export type ServerMessage = { type: 'welcome'; server: string; clientId: string } | ChatMessage | { type: 'error'; error: string };

/** The Redis channel every server publishes to and subscribes to. */
export const CHANNEL = 'chat';
/** WebSocket close code 1013 "Try Again Later" (RFC 6455 registry): the server is busy, come back later. */
export const TRY_AGAIN_LATER = 1013;
/** WebSocket close code 1001 "Going Away": the server is shutting down, reconnect elsewhere. */
export const GOING_AWAY = 1001;
/** Largest frame a client may send; ws closes the connection with 1009 above it. */
export const MAX_PAYLOAD = 16 * 1024;

/**
 * Reads one frame from a client. Never throws: anything that is not a valid `say` comes back as an error
 * sentence to send to that client, because one client's bad frame must not take the server down.
 */
export function parseClientFrame(data: unknown, isBinary: boolean): { ok: true; message: SayMessage } | { ok: false; error: string } {
  if (isBinary) return { ok: false, error: 'Send text frames with JSON, not binary frames.' };
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    return { ok: false, error: 'That frame is not JSON. Send {"type":"say","text":"…"}.' };
  }
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'say') {
    return { ok: false, error: 'Unknown message: the only type a client may send is "say".' };
  }
  const text = (value as { text?: unknown }).text;
  if (typeof text !== 'string' || text.length < 1 || text.length > 500) {
    return { ok: false, error: '"text" must be a string of 1 to 500 characters.' };
  }
  return { ok: true, message: { type: 'say', text } };
}

/** Reads a chat message that arrived from Redis; undefined if it is not one (another program on the channel). */
export function parseChatMessage(raw: string): ChatMessage | undefined {
  try {
    const value = JSON.parse(raw) as Partial<ChatMessage>;
    if (value.type === 'message' && typeof value.from === 'string' && typeof value.server === 'string' && typeof value.text === 'string') {
      return { type: 'message', from: value.from, server: value.server, text: value.text };
    }
  } catch {
    // not JSON: ignored below
  }
  return undefined;
}

// The chat's JSON protocol: one JSON object per text frame, told apart by its `type` field.
// Everything a client sends is untrusted input, so parseClientMessage must check every field before the
// server acts on it, and answer a precise error instead of throwing.

/** ws closes a connection whose frame is bigger than this with 1009 (RFC 6455 §7.4.1). */
export const MAX_PAYLOAD_BYTES = 4 * 1024;
/** Longest chat text, in characters (UTF-16 code units, JavaScript's `length`). */
export const MAX_TEXT_LENGTH = 500;
export const MAX_NAME_LENGTH = 32;
/** Room names are short and plain, so they can go into logs and URLs without escaping. */
const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export type ClientMessage =
  | { type: 'join'; room: string; name: string }
  | { type: 'leave'; room: string }
  | { type: 'message'; room: string; text: string };

export interface Member {
  id: string;
  name: string;
}

export type ErrorCode = 'bad-json' | 'bad-message' | 'unknown-type' | 'too-long' | 'not-in-room' | 'binary';

export type ServerMessage =
  | { type: 'welcome'; id: string }
  | { type: 'presence'; room: string; members: Member[] }
  | { type: 'message'; id: string; room: string; from: Member; text: string; ts: number }
  | { type: 'error'; code: ErrorCode; message: string };

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; code: ErrorCode; error: string };

/** Parses and validates one text frame. */
export function parseClientMessage(text: string): Parsed {
  // TODO: nothing here is checked yet, and a client decides what the server does with it:
  //   - JSON.parse throws on bad JSON, and a throw here crashes the whole server: catch it and return
  //     { ok: false, code: 'bad-json', error: '…' };
  //   - the value must be an object (not null, an array, a number…) with "type" a string: else 'bad-message';
  //   - a type other than "join", "leave" and "message" is 'unknown-type';
  //   - "room" must match ROOM_PATTERN; "name" (join) must be a string of 1 to MAX_NAME_LENGTH characters
  //     after trimming; "text" (message) a non-empty string: else 'bad-message';
  //   - a text longer than MAX_TEXT_LENGTH is 'too-long'.
  //   Build a fresh object with only the fields above, so extra fields a client adds never get through.
  //   Each error says what is wrong and how to fix it, e.g. 'The "room" field must be 1 to 32 letters, …'.
  const message = JSON.parse(text) as ClientMessage;
  return { ok: true, message };
}

// The chat's JSON protocol: one JSON object per text frame, told apart by its `type` field.
// Everything a client sends is untrusted input, so parseClientMessage checks every field before the
// server acts on it, and answers a precise error instead of throwing.

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

const EXAMPLE = '{"type":"join","room":"lobby","name":"Ada"}';
const fail = (code: ErrorCode, error: string): Parsed => ({ ok: false, code, error });

/** A short description of a wrong value for an error message: "missing", "an array", "the number 5"… */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function roomProblem(room: unknown): string | undefined {
  if (typeof room === 'string' && ROOM_PATTERN.test(room)) return undefined;
  return `The "room" field must be 1 to 32 letters, digits, hyphens or underscores, like "lobby", but it is ${describe(room)}.`;
}

/** Parses and validates one text frame. Builds a fresh object, so fields a client adds (id, from, ts…) never get through. */
export function parseClientMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('bad-json', `The message is not valid JSON (${(error as Error).message}). Send one JSON object per text frame, like ${EXAMPLE}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad-message', `The message must be a JSON object with a "type" field, like ${EXAMPLE}, but it is ${describe(value)}.`);
  }
  const fields = value as Record<string, unknown>;
  const { type, room } = fields;
  if (typeof type !== 'string') {
    return fail('bad-message', `The "type" field must be "join", "leave" or "message", but it is ${describe(type)}.`);
  }
  if (type !== 'join' && type !== 'leave' && type !== 'message') {
    return fail('unknown-type', `The message type ${JSON.stringify(type)} is unknown: the server understands "join", "leave" and "message".`);
  }
  const badRoom = roomProblem(room);
  if (badRoom !== undefined) return fail('bad-message', badRoom);
  const roomName = room as string;

  if (type === 'leave') return { ok: true, message: { type, room: roomName } };
  if (type === 'join') {
    const name = typeof fields.name === 'string' ? fields.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      return fail('bad-message', `The "name" field must be a string of 1 to ${MAX_NAME_LENGTH} characters (not counting spaces at either end), but it is ${describe(fields.name)}.`);
    }
    return { ok: true, message: { type, room: roomName, name } };
  }
  if (typeof fields.text !== 'string' || fields.text.trim().length === 0) {
    return fail('bad-message', `The "text" field must be a non-empty string, but it is ${describe(fields.text)}.`);
  }
  if (fields.text.length > MAX_TEXT_LENGTH) {
    return fail('too-long', `The text is ${fields.text.length} characters long, but the limit is ${MAX_TEXT_LENGTH}. Split it into shorter messages.`);
  }
  return { ok: true, message: { type, room: roomName, text: fields.text } };
}

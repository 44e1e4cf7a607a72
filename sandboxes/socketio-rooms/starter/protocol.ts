// The events this chat speaks, their replies, and the checks every incoming value goes through.
// Socket.IO's TypeScript event maps are a promise about what clients send, not a check: any client can
// emit any event with any arguments, or with no acknowledgement callback at all. So handlers take
// `unknown` and ask these functions first.

/** The answer to `join`: the room and how many sockets are in it now, the joiner included. */
export type JoinReply = { ok: true; room: string; members: number } | { ok: false; error: string };
/** The answer to `say`. */
export type SayReply = { ok: true } | { ok: false; error: string };
/** The answer to `slow`, sent after the requested delay. */
export type SlowReply = { ok: true; waitedMs: number } | { ok: false; error: string };
/** What the OTHER members of a room receive, as the `message` event, when someone says something there. */
export interface ChatMessage {
  room: string;
  /** The sender's socket id. */
  from: string;
  text: string;
}

export const MAX_ROOM_NAME_LENGTH = 40;
export const MAX_TEXT_LENGTH = 500;
export const MAX_SLOW_MS = 5_000;

const describe = (value: unknown): string => (value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 60) ?? String(value)));

/** Why `value` cannot be a room name, or undefined when it can. */
export function roomNameProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '' && value.length <= MAX_ROOM_NAME_LENGTH) return undefined;
  return `A room name must be a non-empty string of at most ${MAX_ROOM_NAME_LENGTH} characters, like "lobby", but got ${describe(value)}.`;
}

/** Why `value` cannot be a `say` payload, or undefined when it is `{ room, text }` with valid fields. */
export function sayProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `"say" needs an object { room, text }, but got ${describe(value)}.`;
  const { room, text } = value as Record<string, unknown>;
  const roomProblem = roomNameProblem(room);
  if (roomProblem) return `"say" names no valid room: ${roomProblem}`;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
    return `"say" needs a text of 1 to ${MAX_TEXT_LENGTH} characters, but got ${describe(text)}.`;
  }
  return undefined;
}

/** Why `value` cannot be a `slow` request, or undefined when it is `{ ms }` with a whole number in range. */
export function slowProblem(value: unknown): string | undefined {
  const ms = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).ms : undefined;
  if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 0 && ms <= MAX_SLOW_MS) return undefined;
  return `"slow" needs { ms } with a whole number of milliseconds from 0 to ${MAX_SLOW_MS}, but got ${describe(value)}.`;
}

/**
 * Wraps the acknowledgement argument of a handler. A client that emits without a callback leaves that
 * argument undefined (or puts data there), and calling it would throw inside Socket.IO's event dispatch,
 * which crashes the whole server process. The returned function answers when there is someone to answer.
 */
export function replyTo<Reply>(ack: unknown): (reply: Reply) => void {
  return typeof ack === 'function' ? (reply) => (ack as (reply: Reply) => void)(reply) : () => {};
}

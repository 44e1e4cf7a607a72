// The signaling protocol: one JSON object per WebSocket text frame, told apart by its `type` field.
// The server never looks inside an SDP or a candidate; it only checks their shape and passes them on.
// Everything a client sends is untrusted, so parseClientMessage checks every field and never throws.

/** ws closes a connection whose message is bigger than this with 1009. An SDP offer is a few kB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Room names are short and plain, so they can go into logs and URLs without escaping. */
export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** WebRTC here is one-to-one: a room holds at most two peers. */
export const ROOM_CAPACITY = 2;

/** What RTCPeerConnection.onicecandidate gives you, as JSON; `null` means "no more candidates". */
export interface CandidateInit {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

export type ClientMessage =
  | { type: 'join'; room: string }
  | { type: 'leave' }
  | { type: 'offer'; sdp: string }
  | { type: 'answer'; sdp: string }
  | { type: 'candidate'; candidate: CandidateInit | null };

/** The messages the server passes from one peer to the other, unchanged. */
export type Relayed = Extract<ClientMessage, { type: 'offer' | 'answer' | 'candidate' }>;

export type ErrorCode = 'bad-json' | 'bad-message' | 'unknown-type' | 'binary' | 'room-full' | 'already-joined' | 'not-in-room' | 'no-peer';

export type ServerMessage =
  | { type: 'joined'; room: string; peers: number }
  | { type: 'peer-joined' }
  | { type: 'peer-left' }
  | Relayed
  | { type: 'error'; code: ErrorCode; message: string };

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; code: ErrorCode; error: string };

const bad = (code: ErrorCode, error: string): Parsed => ({ ok: false, code, error });

/** An SDP body starts with its version line, "v=0" (RFC 8866 §5.1). Anything else cannot be an offer or an answer. */
function sdpProblem(sdp: unknown): string | undefined {
  if (typeof sdp !== 'string') return '"sdp" must be a string: send pc.localDescription.sdp.';
  if (!sdp.startsWith('v=0')) return '"sdp" is not a session description: an SDP starts with the line "v=0".';
  return undefined;
}

function parseCandidate(value: unknown): CandidateInit | null | undefined {
  if (value === null) return null; // the end-of-candidates marker
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { candidate, sdpMid, sdpMLineIndex } = value as Record<string, unknown>;
  if (typeof candidate !== 'string' || candidate.length > 1024) return undefined;
  if (sdpMid !== undefined && sdpMid !== null && typeof sdpMid !== 'string') return undefined;
  if (sdpMLineIndex !== undefined && sdpMLineIndex !== null && !Number.isInteger(sdpMLineIndex)) return undefined;
  return { candidate, sdpMid: (sdpMid as string | null | undefined) ?? null, sdpMLineIndex: (sdpMLineIndex as number | null | undefined) ?? null };
}

/** Parses and validates one text frame. */
export function parseClientMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('bad-json', 'The frame is not valid JSON. Send one JSON object per text frame.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad('bad-message', 'A message must be a JSON object with a "type" field.');
  }
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'join':
      if (typeof fields.room !== 'string' || !ROOM_PATTERN.test(fields.room)) {
        return bad('bad-message', '"room" must be 1 to 32 letters, digits, "_" or "-".');
      }
      return { ok: true, message: { type: 'join', room: fields.room } };
    case 'leave':
      return { ok: true, message: { type: 'leave' } };
    case 'offer':
    case 'answer': {
      // A fresh object: extra fields a client adds are never passed on to the other peer.
      return { ok: true, message: { type: fields.type, sdp: fields.sdp as string } };
    }
    case 'candidate': {
      const candidate = parseCandidate(fields.candidate);
      if (candidate === undefined) {
        return bad('bad-message', '"candidate" must be null or { candidate: string, sdpMid, sdpMLineIndex }: send event.candidate.toJSON().');
      }
      return { ok: true, message: { type: 'candidate', candidate } };
    }
    default:
      return bad('unknown-type', `Unknown type ${JSON.stringify(fields.type) ?? 'undefined'}: use "join", "leave", "offer", "answer" or "candidate".`);
  }
}

/** Opcodes, RFC 6455 §5.2. 0x3–0x7 and 0xB–0xF are reserved: a peer that sends them breaks the protocol. */
export const Opcode = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

const KNOWN_OPCODES: ReadonlySet<number> = new Set(Object.values(Opcode));

export const isKnownOpcode = (opcode: number): boolean => KNOWN_OPCODES.has(opcode);

/** Close, ping and pong: the opcodes with the high bit set (§5.5). */
export const isControl = (opcode: number): boolean => (opcode & 0x8) !== 0;

/** A control frame carries at most 125 bytes, so its length always fits in the 7-bit field (§5.5). */
export const MAX_CONTROL_PAYLOAD = 125;

export interface FrameToEncode {
  /** Whether this is the last frame of its message. Optional, defaults to true. */
  fin?: boolean;
  opcode: number;
  payload: Uint8Array;
  /** The 4-byte masking key. Clients must mask every frame; servers never do (§5.1). */
  mask?: Uint8Array;
}

/** XORs byte i with key[i % 4] (§5.3). Masking and unmasking are the same operation. Returns a new buffer. */
export function applyMask(payload: Uint8Array, key: Uint8Array): Buffer {
  // TODO: return a new buffer in which byte i is payload[i] XOR key[i % 4].
  return Buffer.from(payload);
}

/**
 * Builds one frame (§5.2): FIN + RSV1–3 (0: no extension) + opcode; MASK bit + payload length in 7 bits,
 * or 126 then 16 bits, or 127 then 64 bits, always in the fewest bytes that fit; then the masking key, if
 * any, then the payload.
 */
export function encodeFrame({ fin = true, opcode, payload, mask }: FrameToEncode): Buffer {
  // TODO: throw a RangeError that says what is wrong for: a reserved opcode, a control frame with more than
  //       125 bytes or with fin false, a mask that is not exactly 4 bytes.
  // TODO: payloads of 126 bytes or more: put 126 and a 16-bit length (up to 65 535), or 127 and a 64-bit
  //       length, big-endian, right after the second byte.
  // TODO: with a mask, set the MASK bit (0x80 of the second byte), write the 4 key bytes after the length,
  //       and send the payload masked with applyMask.
  const header = Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length]);
  return Buffer.concat([header, payload]);
}

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
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i += 1) out[i] = (payload[i] as number) ^ (key[(i + 1) & 3] as number);
  return out;
}

/**
 * Builds one frame (§5.2): FIN + RSV1–3 (0: no extension) + opcode; MASK bit + payload length in 7 bits,
 * or 126 then 16 bits, or 127 then 64 bits, always in the fewest bytes that fit; then the masking key, if
 * any, then the payload.
 */
export function encodeFrame({ fin = true, opcode, payload, mask }: FrameToEncode): Buffer {
  if (!isKnownOpcode(opcode)) throw new RangeError(`Opcode 0x${opcode.toString(16)} is reserved (RFC 6455 §5.2); use 0x0, 0x1, 0x2, 0x8, 0x9 or 0xA.`);
  if (isControl(opcode) && payload.length > MAX_CONTROL_PAYLOAD) {
    throw new RangeError(`A control frame (opcode 0x${opcode.toString(16)}) carries at most 125 bytes, not ${payload.length} (RFC 6455 §5.5); send long data in a text or binary message.`);
  }
  if (isControl(opcode) && !fin) throw new RangeError(`A control frame (opcode 0x${opcode.toString(16)}) cannot be fragmented (RFC 6455 §5.5); set fin to true.`);
  if (mask !== undefined && mask.length !== 4) throw new RangeError(`A masking key is exactly 4 bytes, not ${mask.length} (RFC 6455 §5.3).`);

  const length = payload.length;
  const lengthBytes = length <= 125 ? 0 : length <= 0xffff ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = (mask ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(length, 2);
  // A Buffer never exceeds 2^53 bytes, so the top bit of the 64-bit length, which must be 0, stays 0.
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (mask) header.set(mask, 2 + lengthBytes);
  return Buffer.concat([header, mask ? applyMask(payload, mask) : payload]);
}

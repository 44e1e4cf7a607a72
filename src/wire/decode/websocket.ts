/**
 * Incremental WebSocket frame decoder for one direction (RFC 6455 §5.2): FIN/RSV/opcode, the MASK bit
 * and masking key, 7-bit / 16-bit (126) / 64-bit (127) payload lengths, fragmentation (continuation
 * frames inherit the message's text/binary type for previews), and the close frame's status code and
 * reason (§5.5.1). A frame is reported when its last payload byte has arrived.
 *
 * Bounded: the payload is never stored; only its first `keep` bytes are unmasked and kept for the
 * preview, so a 1 GB frame costs the same memory as a small one.
 */
import type { WsOpcodeName } from '../trace-events.ts';
import { HeadKeeper, PREVIEW_BYTES, hexPreview, textPreview } from './bytes.ts';
import type { DecodedTraffic } from './decoded.ts';

const OPCODE_NAMES: Record<number, WsOpcodeName> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

export function opcodeName(opcode: number): WsOpcodeName {
  return OPCODE_NAMES[opcode] ?? 'reserved';
}

interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  masked: boolean;
  length: number;
  mask: Uint8Array | undefined;
  headerLength: number;
}

export class WebSocketDecoder {
  /** Bytes of a frame header not yet complete (at most 14). */
  private header: number[] = [];
  private frame: FrameHeader | undefined;
  private remaining = 0;
  private payload: HeadKeeper | undefined;
  /** Opcode of the fragmented message in progress (1 or 2), for continuation previews. */
  private messageOpcode = 0;

  private readonly keep: number;

  constructor(keep = PREVIEW_BYTES) {
    this.keep = keep;
  }

  push(bytes: Uint8Array): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      if (this.frame === undefined) {
        let parsed: FrameHeader | undefined;
        if (this.header.length === 0 && bytes.length - offset >= 14) {
          // Fast path: the whole header is in this piece (nearly always), parse it in place.
          parsed = parseHeader(bytes.subarray(offset, offset + 14)) as FrameHeader;
          offset += parsed.headerLength;
        } else {
          this.header.push(bytes[offset++] as number);
          parsed = parseHeader(this.header);
          if (parsed === undefined) continue;
        }
        this.header = [];
        this.frame = parsed;
        this.remaining = parsed.length;
        this.payload = new HeadKeeper(Math.max(this.keep, parsed.opcode >= 8 ? 125 : 0));
        if (this.remaining === 0) out.push(this.finish());
        continue;
      }
      const take = Math.min(this.remaining, bytes.length - offset);
      this.payload?.add(bytes.subarray(offset, offset + take));
      offset += take;
      this.remaining -= take;
      if (this.remaining === 0) out.push(this.finish());
    }
    return out;
  }

  private finish(): DecodedTraffic {
    const frame = this.frame as FrameHeader;
    const head = this.payload?.bytes() ?? new Uint8Array(0);
    this.frame = undefined;
    this.payload = undefined;
    if (frame.mask) for (let i = 0; i < head.length; i++) head[i] = (head[i] as number) ^ (frame.mask[i % 4] as number);
    // Data frames start or continue a message; control frames may arrive between fragments (§5.4).
    let textual = frame.opcode === 1;
    if (frame.opcode === 1 || frame.opcode === 2) this.messageOpcode = frame.fin ? 0 : frame.opcode;
    else if (frame.opcode === 0) {
      textual = this.messageOpcode === 1;
      if (frame.fin) this.messageOpcode = 0;
    }
    const event: DecodedTraffic = {
      kind: 'ws-frame',
      opcode: frame.opcode,
      opcodeName: opcodeName(frame.opcode),
      fin: frame.fin,
      masked: frame.masked,
      length: frame.length,
      preview: '',
      head,
    };
    if (frame.rsv1) event.compressed = true;
    if (frame.opcode === 8) {
      if (head.length >= 2) event.closeCode = ((head[0] as number) << 8) | (head[1] as number);
      if (head.length > 2) event.closeReason = textPreview(head.subarray(2));
      event.preview = event.closeCode === undefined ? '' : `${event.closeCode}${event.closeReason ? ` ${event.closeReason}` : ''}`;
    } else if (frame.rsv1) {
      event.preview = '(compressed) ' + hexPreview(head);
    } else {
      event.preview = textual || frame.opcode === 9 || frame.opcode === 10 ? textPreview(head) : hexPreview(head);
    }
    return event;
  }
}

/** The header once all its bytes are there, else undefined (more bytes needed). */
function parseHeader(bytes: ArrayLike<number>): FrameHeader | undefined {
  if (bytes.length < 2) return undefined;
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  const masked = (b1 & 0x80) !== 0;
  const short = b1 & 0x7f;
  const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
  const needed = 2 + lengthBytes + (masked ? 4 : 0);
  if (bytes.length < needed) return undefined;
  let length = short;
  if (short === 126) length = ((bytes[2] as number) << 8) | (bytes[3] as number);
  if (short === 127) {
    // 64-bit big-endian; as a float, exact up to 2^53, which no real frame reaches.
    length = 0;
    for (let i = 2; i < 10; i++) length = length * 256 + (bytes[i] as number);
  }
  const maskAt = 2 + lengthBytes;
  return {
    fin: (b0 & 0x80) !== 0,
    rsv1: (b0 & 0x40) !== 0,
    opcode: b0 & 0x0f,
    masked,
    length,
    mask: masked ? Uint8Array.from({ length: 4 }, (_, i) => bytes[maskAt + i] as number) : undefined,
    headerLength: needed,
  };
}

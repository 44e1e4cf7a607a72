/**
 * Minimal HTTP/2 decoder for one direction (RFC 9113): skips the client connection preface, reads the
 * 9-byte frame headers (length, type, flags, stream id) and reports each frame; HEADERS frames get the
 * header fields HPACK lets us read without state we cannot trust (hpack.ts), and DATA frames are fed
 * to a per-stream gRPC length-prefix parser (grpc.ts), so gRPC calls show their messages and trailers.
 * Payloads are not stored beyond the first bytes of HEADERS blocks.
 */
import { GrpcMessageDecoder } from './grpc.ts';
import { decodeHeaderBlock } from './hpack.ts';
import { HeadKeeper, concat } from './bytes.ts';
import type { DecodedTraffic } from './decoded.ts';
import { header } from './http1.ts';

export const CLIENT_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const FRAME_TYPES = ['DATA', 'HEADERS', 'PRIORITY', 'RST_STREAM', 'SETTINGS', 'PUSH_PROMISE', 'PING', 'GOAWAY', 'WINDOW_UPDATE', 'CONTINUATION'];
const END_STREAM = 0x1;
const PADDED = 0x8;
const PRIORITY = 0x20;
const MAX_HEADER_BLOCK = 16 * 1024;

export function frameTypeName(type: number): string {
  return FRAME_TYPES[type] ?? `UNKNOWN_${type}`;
}

interface Frame {
  length: number;
  type: number;
  flags: number;
  streamId: number;
}

export class Http2Decoder {
  private prefaceLeft: number;
  private header: number[] = [];
  private frame: Frame | undefined;
  private remaining = 0;
  private payload: HeadKeeper | undefined;
  private dataSkip = 0;
  private readonly grpc = new Map<number, GrpcMessageDecoder>();
  /** Streams that carried DATA: a later HEADERS frame on them is trailers. */
  private readonly sawData = new Set<number>();

  /** @param expectPreface true for the client → server direction. */
  constructor(expectPreface: boolean) {
    this.prefaceLeft = expectPreface ? CLIENT_PREFACE.length : 0;
  }

  push(bytes: Uint8Array): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    try {
      let offset = Math.min(this.prefaceLeft, bytes.length);
      this.prefaceLeft -= offset;
      while (offset < bytes.length) {
        if (this.frame === undefined) {
          this.header.push(bytes[offset++] as number);
          if (this.header.length < 9) continue;
          const h = this.header;
          this.frame = {
            length: ((h[0] as number) << 16) | ((h[1] as number) << 8) | (h[2] as number),
            type: h[3] as number,
            flags: h[4] as number,
            streamId: (((h[5] as number) & 0x7f) << 24) | ((h[6] as number) << 16) | ((h[7] as number) << 8) | (h[8] as number),
          };
          this.header = [];
          this.remaining = this.frame.length;
          this.payload = this.frame.type === 1 || this.frame.type === 9 ? new HeadKeeper(MAX_HEADER_BLOCK) : undefined;
          this.dataSkip = this.frame.type === 0 && this.frame.flags & PADDED ? 1 : 0;
          if (this.remaining === 0) this.finish(out);
          continue;
        }
        const take = Math.min(this.remaining, bytes.length - offset);
        const piece = bytes.subarray(offset, offset + take);
        this.payload?.add(piece);
        if (this.frame.type === 0) this.data(piece, out);
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.finish(out);
      }
    } catch {
      // Never let a decoder bug escape into the learner's process.
    }
    return out;
  }

  /** DATA payload bytes (padding length byte skipped; trailing padding is fed too, harmlessly rare). */
  private data(piece: Uint8Array, out: DecodedTraffic[]): void {
    const frame = this.frame as Frame;
    let body = piece;
    if (this.dataSkip > 0) {
      const skip = Math.min(this.dataSkip, body.length);
      body = body.subarray(skip);
      this.dataSkip -= skip;
    }
    this.sawData.add(frame.streamId);
    let decoder = this.grpc.get(frame.streamId);
    if (!decoder) {
      decoder = new GrpcMessageDecoder(frame.streamId);
      this.grpc.set(frame.streamId, decoder);
    }
    for (const event of decoder.push(body)) out.push(event);
  }

  private finish(out: DecodedTraffic[]): void {
    const frame = this.frame as Frame;
    this.frame = undefined;
    const event: DecodedTraffic = {
      kind: 'h2-frame',
      frameType: frame.type,
      typeName: frameTypeName(frame.type),
      flags: frame.flags,
      streamId: frame.streamId,
      length: frame.length,
    };
    if (frame.type === 1 && this.payload) {
      let block = this.payload.bytes();
      let start = 0;
      const pad = frame.flags & PADDED ? (block[0] ?? 0) : 0;
      if (frame.flags & PADDED) start += 1;
      if (frame.flags & PRIORITY) start += 5;
      block = block.subarray(start, Math.max(start, block.length - pad));
      const headers = decodeHeaderBlock(concat([block]));
      if (headers.length) event.headers = headers;
      out.push(event);
      const status = header(headers, 'grpc-status');
      if (this.sawData.has(frame.streamId) || status !== undefined) {
        out.push({
          kind: 'grpc-trailers',
          streamId: frame.streamId,
          ...(status !== undefined ? { status: Number(status) } : {}),
          ...(header(headers, 'grpc-message') !== undefined ? { message: header(headers, 'grpc-message') } : {}),
        });
      }
    } else out.push(event);
    this.payload = undefined;
    if (frame.flags & END_STREAM && frame.type <= 1) this.grpc.delete(frame.streamId);
  }
}

/**
 * gRPC length-prefixed messages inside one HTTP/2 stream's DATA bytes (gRPC over HTTP/2 spec,
 * "Length-Prefixed-Message"): 1 byte compressed flag, 4 bytes big-endian length, then the message.
 * Messages may span DATA frames and frames may hold several messages, so this is incremental. If the
 * first byte is neither 0 nor 1 the stream is not gRPC and is ignored from then on.
 */
import { HeadKeeper, PREVIEW_BYTES, bestPreview } from './bytes.ts';
import type { DecodedTraffic } from './decoded.ts';

export class GrpcMessageDecoder {
  private prefix: number[] = [];
  private remaining = 0;
  private inMessage = false;
  private compressed = false;
  private length = 0;
  private body: HeadKeeper | undefined;
  private notGrpc = false;

  private readonly streamId: number;

  constructor(streamId: number) {
    this.streamId = streamId;
  }

  push(bytes: Uint8Array): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    let offset = 0;
    while (offset < bytes.length && !this.notGrpc) {
      if (!this.inMessage) {
        this.prefix.push(bytes[offset++] as number);
        if (this.prefix.length === 1 && (this.prefix[0] as number) > 1) this.notGrpc = true;
        if (this.prefix.length < 5) continue;
        const p = this.prefix;
        this.compressed = p[0] === 1;
        this.length = (((p[1] as number) << 24) >>> 0) + ((p[2] as number) << 16) + ((p[3] as number) << 8) + (p[4] as number);
        this.prefix = [];
        this.inMessage = true;
        this.remaining = this.length;
        this.body = new HeadKeeper(PREVIEW_BYTES);
      } else {
        const take = Math.min(this.remaining, bytes.length - offset);
        this.body?.add(bytes.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
      }
      if (this.inMessage && this.remaining === 0) {
        const head = this.body?.bytes() ?? new Uint8Array(0);
        out.push({ kind: 'grpc-message', streamId: this.streamId, compressed: this.compressed, length: this.length, preview: bestPreview(head), head });
        this.inMessage = false;
        this.body = undefined;
      }
    }
    return out;
  }
}

/**
 * Incremental HTTP/1.x decoder for one direction of a connection (RFC 9112): request or status line
 * and header fields, then the body framed by Content-Length, chunked transfer coding (§7.1, chunk
 * extensions and trailer fields skipped) or, for responses, the connection close. Keep-alive: after a
 * message the next one is parsed. A body with Content-Type text/event-stream is also fed to the SSE
 * parser. When a request asks for an Upgrade, bytes after it are held until the response says whether
 * the protocol switched (101) — the connection decoder (connection.ts) then hands them on.
 *
 * Anything unparseable turns this direction 'opaque': counted, not decoded, and never an exception.
 */
import { PREVIEW_BYTES, HeadKeeper, bestPreview, concat, copyBytes, indexOfBytes, latin1 } from './bytes.ts';
import type { DecodedTraffic } from './decoded.ts';
import type { HeaderList } from '../trace-events.ts';
import { SseDecoder } from './sse.ts';

const MAX_HEAD = 64 * 1024;
const MAX_LINE = 1024;
const CRLFCRLF = [13, 10, 13, 10];

type State = 'head' | 'length' | 'close' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'held' | 'switched' | 'opaque';

export interface ParsedHead {
  method?: string;
  status?: number;
  headers: HeaderList;
}

export function header(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export class Http1Decoder {
  private state: State = 'head';
  private headParts: Uint8Array[] = [];
  private headLength = 0;
  private remaining = 0;
  private line = '';
  private chunk: HeadKeeper | undefined;
  private sse: SseDecoder | undefined;
  private chunked = false;
  /** Bytes received after the protocol switched (or while held); the connection decoder takes them. */
  held: Uint8Array[] = [];
  /** Set on a request that asked for an Upgrade, so the connection can pair it with the response. */
  upgradeRequested = false;
  readonly side: 'request' | 'response';
  private readonly nextMethod: () => string | undefined;
  private readonly onHead: (head: ParsedHead) => void;
  private readonly keep: number;

  /**
   * @param side which kind of message this direction carries.
   * @param nextMethod for responses: the method of the request being answered (HEAD has no body).
   * @param onHead told of every parsed head, so the connection can learn methods and upgrades.
   */
  constructor(
    side: 'request' | 'response',
    nextMethod: () => string | undefined = () => undefined,
    onHead: (head: ParsedHead) => void = () => {},
    keep = PREVIEW_BYTES,
  ) {
    this.side = side;
    this.nextMethod = nextMethod;
    this.onHead = onHead;
    this.keep = keep;
  }

  get isHeld(): boolean {
    return this.state === 'held';
  }

  get switched(): boolean {
    return this.state === 'switched';
  }

  /** The connection decided: the held bytes are the new protocol's (switch) or HTTP again (resume). */
  release(switchProtocol: boolean): DecodedTraffic[] {
    if (this.state !== 'held') return [];
    if (switchProtocol) {
      this.state = 'switched';
      return [];
    }
    this.state = 'head';
    const bytes = concat(this.held);
    this.held = [];
    return this.push(bytes);
  }

  push(bytes: Uint8Array): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    try {
      let offset = 0;
      while (offset < bytes.length) offset = this.step(bytes, offset, out);
    } catch {
      // A decoder bug must not break the learner's program or the trace: stop decoding this direction.
      this.state = 'opaque';
    }
    return out;
  }

  /** Consumes some bytes from `offset` in the current state; returns the new offset. */
  private step(bytes: Uint8Array, offset: number, out: DecodedTraffic[]): number {
    switch (this.state) {
      case 'opaque':
        return bytes.length;
      case 'held':
      case 'switched':
        this.held.push(copyBytes(bytes.subarray(offset)));
        return bytes.length;
      case 'head':
        return this.stepHead(bytes, offset, out);
      case 'length':
      case 'close': {
        const take = this.state === 'length' ? Math.min(this.remaining, bytes.length - offset) : bytes.length - offset;
        const piece = bytes.subarray(offset, offset + take);
        this.remaining -= take;
        const last = this.state === 'length' && this.remaining === 0;
        this.body(piece, out, false, last, piece.length);
        if (last) this.state = 'head';
        return offset + take;
      }
      case 'chunk-size':
      case 'trailers':
        return this.stepLine(bytes, offset, out);
      case 'chunk-data': {
        const take = Math.min(this.remaining, bytes.length - offset);
        const piece = bytes.subarray(offset, offset + take);
        this.chunk?.add(piece);
        this.sse?.push(piece).forEach((event) => out.push(event));
        this.remaining -= take;
        if (this.remaining === 0) {
          this.emitChunk(out, false);
          this.state = 'chunk-crlf';
          this.line = '';
        }
        return offset + take;
      }
      case 'chunk-crlf': {
        // The CRLF after chunk data; tolerate a bare LF.
        const byte = bytes[offset];
        if (byte === 10) this.state = 'chunk-size';
        else if (byte !== 13) this.state = 'opaque';
        return offset + 1;
      }
    }
  }

  private stepHead(bytes: Uint8Array, offset: number, out: DecodedTraffic[]): number {
    // Empty lines before a message are allowed (RFC 9112 §2.2).
    while (this.headLength === 0 && offset < bytes.length && (bytes[offset] === 13 || bytes[offset] === 10)) offset++;
    if (offset >= bytes.length) return offset;
    const piece = bytes.subarray(offset);
    const previous = this.headLength;
    this.headParts.push(copyBytes(piece));
    this.headLength += piece.length;
    const buffer = concat(this.headParts);
    const end = indexOfBytes(buffer, CRLFCRLF, Math.max(0, previous - 3));
    if (end === -1) {
      this.headParts = [buffer];
      if (this.headLength > MAX_HEAD) this.state = 'opaque';
      return bytes.length;
    }
    this.headParts = [];
    this.headLength = 0;
    this.parseHead(latin1(buffer.subarray(0, end)), out);
    // The head's bytes, for the optional raw view of the request/response just reported.
    const last = out.at(-1);
    if (last && (last.kind === 'http-request' || last.kind === 'http-response')) last.head = copyBytes(buffer.subarray(0, Math.min(end + 4, this.keep)));
    // Bytes of this piece after the head belong to the body (or the next message).
    return offset + (end + 4 - previous);
  }

  private parseHead(text: string, out: DecodedTraffic[]): void {
    const [startLine = '', ...lines] = text.split('\r\n');
    const headers: HeaderList = [];
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    const contentLength = Number(header(headers, 'content-length') ?? NaN);
    this.chunked = /(^|,)\s*chunked\s*$/i.test(header(headers, 'transfer-encoding') ?? '');
    const isSse = /^text\/event-stream/i.test(header(headers, 'content-type') ?? '');
    if (this.side === 'request') {
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/\d(?:\.\d)?)$/.exec(startLine);
      if (!match) return void (this.state = 'opaque');
      const [, method = '', path = '', version = ''] = match;
      out.push({ kind: 'http-request', method, path, version, headers });
      this.onHead({ method, headers });
      this.upgradeRequested = header(headers, 'upgrade') !== undefined;
      this.startBody(this.chunked ? -1 : Number.isFinite(contentLength) ? contentLength : 0);
      if (this.state === 'head' && this.upgradeRequested) this.state = 'held';
      return;
    }
    const match = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(startLine);
    if (!match) return void (this.state = 'opaque');
    const [, version = '', statusText = '', reason = ''] = match;
    const status = Number(statusText);
    out.push({ kind: 'http-response', status, reason, version, headers });
    this.onHead({ status, headers });
    if (status === 101) return void (this.state = 'switched');
    if (status < 200) return; // 100 Continue, 103 Early Hints: the final response follows.
    const method = this.nextMethod();
    this.sse = isSse ? new SseDecoder() : undefined;
    if (method === 'HEAD' || status === 204 || status === 304) return this.startBody(0);
    this.startBody(this.chunked ? -1 : Number.isFinite(contentLength) ? contentLength : -2);
  }

  /** length ≥ 0: Content-Length; -1: chunked; -2: until the connection closes. */
  private startBody(length: number): void {
    if (length === -1) {
      this.state = 'chunk-size';
      this.line = '';
    } else if (length === -2) this.state = 'close';
    else if (length > 0) {
      this.state = 'length';
      this.remaining = length;
    } else this.state = 'head';
  }

  private body(piece: Uint8Array, out: DecodedTraffic[], chunked: boolean, last: boolean, length: number): void {
    if (this.sse) {
      this.sse.push(piece).forEach((event) => out.push(event));
      if (!chunked) return; // A close-delimited event stream is shown as its events only.
    }
    const keeper = new HeadKeeper(this.keep);
    keeper.add(piece);
    const head = keeper.bytes();
    out.push({ kind: 'http-body-chunk', length, preview: bestPreview(head), chunked, last, head });
  }

  private emitChunk(out: DecodedTraffic[], last: boolean): void {
    const head = this.chunk?.bytes() ?? new Uint8Array(0);
    const length = this.chunk?.total ?? 0;
    this.chunk = undefined;
    out.push({ kind: 'http-body-chunk', length, preview: bestPreview(head), chunked: true, last, head });
  }

  /** A chunk-size line or a trailer line, byte by byte up to CRLF. */
  private stepLine(bytes: Uint8Array, offset: number, out: DecodedTraffic[]): number {
    const newline = bytes.indexOf(10, offset);
    const end = newline === -1 ? bytes.length : newline;
    if (this.line.length < MAX_LINE) this.line += latin1(bytes.subarray(offset, Math.min(end, offset + MAX_LINE)));
    if (newline === -1) return bytes.length;
    const line = this.line.replace(/\r$/, '');
    this.line = '';
    if (this.state === 'trailers') {
      if (line === '') this.state = 'head';
      return newline + 1;
    }
    const size = parseInt(line.split(';')[0]?.trim() ?? '', 16);
    if (!Number.isFinite(size) || size < 0) {
      this.state = 'opaque';
      return newline + 1;
    }
    if (size === 0) {
      this.emitChunk(out, true);
      this.state = 'trailers';
      return newline + 1;
    }
    this.chunk = new HeadKeeper(this.keep);
    this.remaining = size;
    this.state = 'chunk-data';
    return newline + 1;
  }
}

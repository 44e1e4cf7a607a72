/**
 * Small byte helpers the decoders share. Decoders see a connection's bytes in whatever pieces the
 * socket delivered, so they keep only bounded state: a short buffer for the part they are parsing (a
 * header line, a frame header) and the first bytes of each payload for previews — never a whole body.
 */
import { PREVIEW_CHARS } from '../trace-events.ts';

/** Bytes of a payload kept for previews (PREVIEW_CHARS UTF-8 characters need at most 4× as many). */
export const PREVIEW_BYTES = PREVIEW_CHARS * 4;

/** Collects the first `limit` bytes of a payload that arrives in pieces, and counts the rest. */
export class HeadKeeper {
  private parts: Uint8Array[] = [];
  private kept = 0;
  total = 0;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(bytes: Uint8Array): void {
    this.total += bytes.length;
    if (this.kept >= this.limit || bytes.length === 0) return;
    const slice = bytes.subarray(0, this.limit - this.kept);
    // A copy: the caller's buffer belongs to the program (and the socket may reuse it).
    this.parts.push(copyBytes(slice));
    this.kept += slice.length;
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text preview: lossy UTF-8, control characters shown as escapes so a log line stays one line. */
export function textPreview(bytes: Uint8Array, max = PREVIEW_CHARS): string {
  const text = lossyUtf8.decode(bytes.subarray(0, max * 4));
  const flat = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '.');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Hex preview "01 02 ff" of the first bytes. */
export function hexPreview(bytes: Uint8Array, max = PREVIEW_CHARS): string {
  const count = Math.min(bytes.length, Math.floor(max / 3));
  let out = '';
  for (let i = 0; i < count; i++) out += (i ? ' ' : '') + (bytes[i] as number).toString(16).padStart(2, '0');
  return count < bytes.length ? `${out} …` : out;
}

/** Text if the bytes are valid UTF-8 (a truncated last character is allowed), else hex. */
export function bestPreview(bytes: Uint8Array): string {
  try {
    strictUtf8.decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    return textPreview(bytes);
  } catch {
    return hexPreview(bytes);
  }
}

/** Latin-1 decode for protocol text (header lines): every byte maps to one character, never throws. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

/** Index of `needle` in `haystack` from `from`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * A real copy. Node hands sockets' data over as Buffers, whose `slice()` is a VIEW of the same memory
 * (unlike Uint8Array's), and the WebSocket decoder unmasks in place: a view would corrupt the
 * program's own data.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

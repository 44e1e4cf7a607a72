/**
 * The part of HPACK (RFC 7541) a stateless observer can read: fields indexed in the static table
 * (Appendix A) and literal fields whose strings are not Huffman-coded. The dynamic table is not kept —
 * an observer that joined late or skipped a Huffman string would resolve indexes wrongly, and a wrong
 * header is worse than a missing one — so dynamic references and Huffman strings are skipped.
 */
import type { HeaderList } from '../trace-events.ts';
import { latin1 } from './bytes.ts';

// RFC 7541 Appendix A, indexes 1..61 (entry i is STATIC[i - 1]); "name:value", value may be empty.
const STATIC = (
  ':authority|:method:GET|:method:POST|:path:/|:path:/index.html|:scheme:http|:scheme:https|:status:200|:status:204|' +
  ':status:206|:status:304|:status:400|:status:404|:status:500|accept-charset|accept-encoding:gzip, deflate|' +
  'accept-language|accept-ranges|accept|access-control-allow-origin|age|allow|authorization|cache-control|' +
  'content-disposition|content-encoding|content-language|content-length|content-location|content-range|content-type|' +
  'cookie|date|etag|expect|expires|from|host|if-match|if-modified-since|if-none-match|if-range|if-unmodified-since|' +
  'last-modified|link|location|max-forwards|proxy-authenticate|proxy-authorization|range|referer|refresh|retry-after|' +
  'server|set-cookie|strict-transport-security|transfer-encoding|user-agent|vary|via|www-authenticate'
)
  .split('|')
  .map((entry): [string, string] => {
    const colon = entry.indexOf(':', 1);
    return colon === -1 ? [entry, ''] : [entry.slice(0, colon), entry.slice(colon + 1)];
  });

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
  /** RFC 7541 §5.1 integer with an N-bit prefix. */
  integer(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = (this.bytes[this.offset++] ?? 0) & max;
    if (value < max) return value;
    let shift = 0;
    for (;;) {
      if (this.done || shift > 28) throw new Error('bad integer');
      const byte = this.bytes[this.offset++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return value;
    }
  }
  /** §5.2 string literal; undefined when Huffman-coded. */
  string(): string | undefined {
    const huffman = ((this.bytes[this.offset] ?? 0) & 0x80) !== 0;
    const length = this.integer(7);
    if (this.offset + length > this.bytes.length) throw new Error('short string');
    const text = huffman ? undefined : latin1(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

function staticEntry(index: number): [string, string] | undefined {
  return index >= 1 && index <= STATIC.length ? STATIC[index - 1] : undefined;
}

/** The readable fields of one header block (HEADERS + CONTINUATION payload without padding/priority). */
export function decodeHeaderBlock(block: Uint8Array): HeaderList {
  const headers: HeaderList = [];
  const reader = new Reader(block);
  try {
    while (!reader.done) {
      const first = block[reader.offset] as number;
      if (first & 0x80) {
        // §6.1 indexed field.
        const entry = staticEntry(reader.integer(7));
        if (entry) headers.push([entry[0], entry[1]]);
        continue;
      }
      if ((first & 0xe0) === 0x20) {
        reader.integer(5); // §6.3 dynamic table size update
        continue;
      }
      // §6.2 literals: with incremental indexing (01xxxxxx, 6-bit index) or without/never (0000/0001, 4-bit).
      const index = reader.integer(first & 0x40 ? 6 : 4);
      const name = index === 0 ? reader.string() : staticEntry(index)?.[0];
      const value = reader.string();
      if (name !== undefined && value !== undefined) headers.push([name, value]);
    }
  } catch {
    // A truncated or foreign block: keep what was read.
  }
  return headers;
}

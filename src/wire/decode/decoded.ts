/**
 * What a decoder produces: a trace event without the fields only the capture layer knows (time,
 * process, connection, direction, raw bytes). `head` is the first bytes of what the event covers, for
 * the optional `raw` field; `total` is its full byte count.
 */
import type { WireEvent, WireEventBase } from '../trace-events.ts';

type Strip<T> = T extends unknown ? Omit<T, keyof WireEventBase> : never;

export type DecodedTraffic = Strip<Exclude<WireEvent, { kind: 'process' | 'tcp' | 'condition' | 'dropped' }>> & {
  head?: Uint8Array;
};

/** Any decoder of one direction of a byte stream. `push` never throws (decoders catch their own bugs). */
export interface StreamDecoder {
  push(bytes: Uint8Array): DecodedTraffic[];
}

/**
 * The wire-trace contract (issue #16): what the capture layer (a Node preload in every process of a run)
 * reports about the run's network traffic, and what the wire view draws. Pure types plus a few pure
 * helpers, shared by the runner, the WebContainer backend and the page, so it imports nothing.
 *
 * Stability: this is version 1. Later changes only ADD optional fields or new `kind`s; a consumer must
 * ignore a `kind` it does not know (draw nothing, or a neutral marker) rather than fail.
 *
 * Shape of a trace:
 * - One flat stream of events per run, delivered in batches (`WireEvent[]`), oldest first per process.
 *   Events of different processes may interleave out of order between batches: sort by (`t`, `pid`, `seq`).
 * - Participants are announced by events, not by a side table: `process` (a Node process of the run)
 *   and `tcp` with action 'connect'/'accept' (a connection end, with both addresses). Every later event
 *   of that connection names it by `conn`.
 * - One TCP connection between two processes of the same run is seen from BOTH ends (two `conn` ids
 *   with the same `pair` key). The aggregator (runner / WebContainer backend) passes the 'connect' and
 *   'accept' announcements of both ends (so `resolveNames` can name them) but all other events of only
 *   the end whose announcement arrived first (see trace-merge.ts), so each byte is drawn once; that
 *   end's events cover both directions (`dir`).
 *
 * How the page subscribes: `runtime.run(entry, { wire: { capture: true, conditions }, onWire(events) {…} })`
 * (src/sandbox/runtime.ts RunOptions). `onWire` is called with batches in arrival order; nothing is
 * captured unless `wire.capture` is true, and `test()` runs never capture.
 */

export const WIRE_CONTRACT_VERSION = 1;

// ---------------------------------------------------------------------------------------------------
// Options the page sends with a run
// ---------------------------------------------------------------------------------------------------

/**
 * Network conditions applied between the run's processes (by the same preload, on the sending side of
 * each observed socket). Every field is optional; an empty object changes nothing.
 */
export interface NetworkConditions {
  /** Added one-way delay on every delivery, ms (applied to writes, so a round trip gains 2×). */
  latencyMs?: number;
  /** Uniform random extra delay 0..jitterMs added to latencyMs; order of bytes is kept. */
  jitterMs?: number;
  /** Bandwidth cap per connection and direction, bytes per second. */
  bandwidthBytesPerSec?: number;
  /** Destroy every connection that is open at this moment (ms since run start). */
  dropAtMs?: number;
  /** Destroy every open connection every N ms (first time at N). */
  dropEveryMs?: number;
  /** From this moment (ms since run start) clients stop reading: bytes pile up as with a stuck reader. */
  pauseAtMs?: number;
  /** How long the pause lasts; absent = until the run ends. */
  pauseForMs?: number;
  /** At most this many open client connections per origin (host:port); more wait, as browsers do (6). */
  maxConnectionsPerOrigin?: number;
}

export interface WireRunOptions {
  /** Capture traffic and send `wire` batches. Off by default; grading runs never capture. */
  capture: boolean;
  /** Attach the first N bytes of every data event as `raw` (bounded, default 0 = none, max 4096). */
  rawBytes?: number;
  conditions?: NetworkConditions;
}

/** Upper bound the capture layer enforces on `rawBytes`, whatever the page asks. */
export const MAX_RAW_BYTES = 4096;
/** Longest text preview (characters) any event carries. */
export const PREVIEW_CHARS = 120;

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

/** Fields every event has. */
export interface WireEventBase {
  /** Milliseconds since the run started (monotonic within a process; across processes within ~1 ms). */
  t: number;
  /** The OS process that observed the event. */
  pid: number;
  /** Per-process sequence number from 0: a stable tiebreak when `t` is equal. */
  seq: number;
  /** The connection end this event belongs to (absent for process-level events). */
  conn?: string;
  /**
   * For traffic: 'out' = sent by the `local` end of `conn`, 'in' = received by it from `remote`.
   * Absent for events with no direction (tcp lifecycle, process, dropped).
   */
  dir?: 'out' | 'in';
  /** First bytes of what this event covers, when WireRunOptions.rawBytes > 0. */
  raw?: RawBytes;
}

export interface RawBytes {
  encoding: 'base64';
  data: string;
  /** Byte count of the whole thing the event describes (frame, chunk, …), of which `data` is the head. */
  total: number;
  truncated: boolean;
}

export interface Endpoint {
  address: string;
  port: number;
}

/** A Node process of the run appeared or ended. `entry` is the script's file name relative to the sandbox. */
export interface ProcessEvent extends WireEventBase {
  kind: 'process';
  action: 'start' | 'exit';
  entry: string;
  ppid?: number;
  exitCode?: number | null;
}

/**
 * TCP lifecycle of one connection end. 'connect' (this process dialled) and 'accept' (this process's
 * server accepted) announce the participant: they carry `role`, addresses, names and the `pair` key.
 * 'end' = this side received FIN; 'close' = the socket is gone; 'reset' = closed by an error (ECONNRESET,
 * or a drop condition, see `error`).
 */
export interface TcpEvent extends WireEventBase {
  kind: 'tcp';
  action: 'connect' | 'accept' | 'end' | 'close' | 'reset';
  conn: string;
  role?: 'client' | 'server';
  local?: Endpoint;
  remote?: Endpoint;
  /** Human name of the local end, e.g. "client.ts" or "server.ts :3000". */
  localName?: string;
  /** Best name the observer has for the remote end, e.g. ":3000"; see `resolveNames` for a better one. */
  remoteName?: string;
  /** Same for both ends of one TCP connection: see `pairKey`. */
  pair?: string;
  /** Protocol guessed so far; updated by later events (an Upgrade makes it 'websocket'). */
  protocol?: WireProtocol;
  error?: string;
  bytesIn?: number;
  bytesOut?: number;
}

export type WireProtocol = 'http1' | 'sse' | 'websocket' | 'http2' | 'grpc' | 'mqtt' | 'unknown';

/** Header name/value pairs in wire order; names as sent (HTTP/1 is case-insensitive). */
export type HeaderList = Array<[name: string, value: string]>;

export interface HttpRequestEvent extends WireEventBase {
  kind: 'http-request';
  method: string;
  path: string;
  /** "HTTP/1.1" (or "HTTP/1.0"). */
  version: string;
  headers: HeaderList;
}

export interface HttpResponseEvent extends WireEventBase {
  kind: 'http-response';
  status: number;
  reason: string;
  version: string;
  headers: HeaderList;
}

/** One piece of an HTTP/1 body: a chunk of chunked encoding, or the bytes of one socket read/write. */
export interface HttpBodyChunkEvent extends WireEventBase {
  kind: 'http-body-chunk';
  length: number;
  preview: string;
  /** True when the body uses Transfer-Encoding: chunked and this is one chunk of it. */
  chunked: boolean;
  /** True for the last piece (the zero-length chunk, or Content-Length reached). */
  last: boolean;
}

/** One dispatched server-sent event (WHATWG HTML §9.2.6), or a comment/retry line worth showing. */
export interface SseEvent extends WireEventBase {
  kind: 'sse-event';
  /** The last event ID after this event (absent when none was ever set). */
  id?: string;
  /** Event type; "message" when the stream set none. */
  event: string;
  /** First line of the data buffer. */
  data: string;
  dataLines: number;
  /** Set when a `retry:` line with digits only was seen since the previous event. */
  retry?: number;
  /** A comment line (":…"), e.g. a heartbeat; then event/data describe nothing. */
  comment?: string;
}

export type WsOpcodeName = 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved';

/** One WebSocket frame (RFC 6455 §5.2). Fragments are reported one by one, as on the wire. */
export interface WsFrameEvent extends WireEventBase {
  kind: 'ws-frame';
  opcode: number;
  opcodeName: WsOpcodeName;
  fin: boolean;
  masked: boolean;
  /** Payload length. */
  length: number;
  /** Unmasked payload as text (UTF-8, lossy), or hex for binary frames; ≤ PREVIEW_CHARS. */
  preview: string;
  closeCode?: number;
  closeReason?: string;
  /** RSV1 set: permessage-deflate compressed (RFC 7692); `preview` is then hex of the compressed bytes. (Added after v1, optional.) */
  compressed?: boolean;
}

/** One HTTP/2 frame header (RFC 9113 §4.1), with decoded headers when the capture could read them. */
export interface Http2FrameEvent extends WireEventBase {
  kind: 'h2-frame';
  frameType: number;
  typeName: string;
  flags: number;
  streamId: number;
  length: number;
  /** Only literal (non-indexed, non-Huffman) fields or ones resolvable from the static table. */
  headers?: HeaderList;
}

/** One gRPC length-prefixed message inside HTTP/2 DATA frames. */
export interface GrpcMessageEvent extends WireEventBase {
  kind: 'grpc-message';
  streamId: number;
  compressed: boolean;
  length: number;
  preview: string;
}

export interface GrpcTrailersEvent extends WireEventBase {
  kind: 'grpc-trailers';
  streamId: number;
  status?: number;
  message?: string;
}

/** One MQTT control packet (MQTT 3.1.1 / 5 fixed header, plus topic/QoS/id where cheap to read). */
export interface MqttPacketEvent extends WireEventBase {
  kind: 'mqtt-packet';
  packetType: number;
  typeName: string;
  /** Remaining length from the fixed header. */
  length: number;
  topic?: string;
  qos?: number;
  packetId?: number;
  preview?: string;
}

/** What a network condition did, so the diagram can show it where it happened. */
export interface ConditionEvent extends WireEventBase {
  kind: 'condition';
  condition: 'latency' | 'bandwidth' | 'drop' | 'pause' | 'resume' | 'cap-hold' | 'cap-release';
  /** Delay applied (latency/bandwidth), or how long a held connection waited (cap-release). */
  ms?: number;
  /** For cap-hold: the origin and how many were open. */
  origin?: string;
  open?: number;
  detail?: string;
}

/**
 * Back-pressure marker: `count` events between `fromT` and `toT` were not sent (the buffer was full).
 * Counts by kind help the view say "412 ws-frame events not shown".
 */
export interface DroppedEventsEvent extends WireEventBase {
  kind: 'dropped';
  count: number;
  fromT: number;
  toT: number;
  byKind: Record<string, number>;
}

export type WireEvent =
  | ProcessEvent
  | TcpEvent
  | HttpRequestEvent
  | HttpResponseEvent
  | HttpBodyChunkEvent
  | SseEvent
  | WsFrameEvent
  | Http2FrameEvent
  | GrpcMessageEvent
  | GrpcTrailersEvent
  | MqttPacketEvent
  | ConditionEvent
  | DroppedEventsEvent;

export type WireEventKind = WireEvent['kind'];

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** "127.0.0.1:3000"; IPv6 in brackets, so the port stays unambiguous. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

/**
 * A key equal for both ends of one TCP connection: the two endpoints sorted. The client's local
 * endpoint is the server's remote one and vice versa, so both ends compute the same string.
 */
export function pairKey(local: Endpoint, remote: Endpoint): string {
  const a = formatEndpoint(local);
  const b = formatEndpoint(remote);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Sort order of a merged trace: time, then process, then that process's own order. */
export function compareEvents(a: WireEvent, b: WireEvent): number {
  return a.t - b.t || a.pid - b.pid || a.seq - b.seq;
}

/**
 * Better names for connection ends once several processes reported: the remote end of a connection
 * whose other end is in the run gets that process's name (e.g. "server.ts :3000" instead of ":3000").
 * Returns conn id → { local, remote } names.
 */
export function resolveNames(events: readonly WireEvent[]): Map<string, { local: string; remote: string }> {
  const byPair = new Map<string, TcpEvent[]>();
  const names = new Map<string, { local: string; remote: string }>();
  for (const event of events) {
    if (event.kind !== 'tcp' || (event.action !== 'connect' && event.action !== 'accept')) continue;
    names.set(event.conn, { local: event.localName ?? event.conn, remote: event.remoteName ?? '?' });
    if (event.pair === undefined) continue;
    const ends = byPair.get(event.pair) ?? [];
    ends.push(event);
    byPair.set(event.pair, ends);
  }
  for (const ends of byPair.values()) {
    const [a, b] = ends;
    if (a === undefined || b === undefined) continue;
    const namesA = names.get(a.conn);
    const namesB = names.get(b.conn);
    if (namesA && namesB) {
      namesA.remote = namesB.local;
      namesB.remote = namesA.local;
    }
  }
  return names;
}

/** Whether an event carries traffic (has a direction), as opposed to lifecycle or bookkeeping. */
export function isTrafficEvent(event: WireEvent): boolean {
  return event.dir !== undefined;
}

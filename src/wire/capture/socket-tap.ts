/**
 * Observes every TCP socket of this Node process, client and server side, without changing what the
 * program sees of it:
 * - accepted sockets: net.Server's 'connection' emit is intercepted (the `net.server.socket`
 *   diagnostics channel fires only after the program's listener, too late to tap the first bytes);
 * - dialled sockets: the `net.client.socket` channel (fires inside net.connect, before any byte).
 * Bytes are tapped per instance at `push` (every read net delivers) and `_writeGeneric` (every write).
 *
 * One Node detail makes this complete: http servers and http2 sessions normally let C++ read the
 * socket directly ("consume" a StreamBase handle), bypassing JavaScript. Marking the handle
 * `isStreamBase = false` makes them use the socket's JS stream instead (http2 wraps it in a
 * JSStreamSocket), so the tap sees those bytes; behaviour is the same, a little slower.
 */
import { subscribe } from 'node:diagnostics_channel';
import net from 'node:net';
import { basename } from 'node:path';
import { ConnectionDecoder, type Direction } from '../decode/connection.ts';
import { MAX_RAW_BYTES, pairKey, type Endpoint } from '../trace-events.ts';
import type { CaptureConfig } from './config.ts';
import { PauseGate, delayWrites, schedule } from './conditions.ts';
import type { WireSink } from './sink.ts';

interface Tapped {
  conn: string;
  role: 'client' | 'server';
  /** The other end of this connection is in this process and announced first: it decodes for both. */
  mirror?: boolean;
  gate?: PauseGate;
  origin?: string;
}

const taps = new WeakMap<net.Socket, Tapped>();
const open = new Set<net.Socket>();
/** Pair keys of connections announced in this process, so the second end skips decoding (see Tapped.mirror). */
const localPairs = new Set<string>();

export function installCapture(config: CaptureConfig, sink: WireSink): void {
  const entry = basename(process.argv[1] ?? 'node');
  const rawBytes = Math.min(Math.max(0, config.rawBytes | 0), MAX_RAW_BYTES);
  const conditions = config.conditions ?? {};
  let counter = 0;

  const tap = (socket: net.Socket, role: 'client' | 'server'): void => {
    if (taps.has(socket)) return;
    const conn = `${process.pid}.${counter++}`;
    const state: Tapped = { conn, role };
    taps.set(socket, state);
    const decoder = new ConnectionDecoder(role);
    let bytesIn = 0;
    let bytesOut = 0;
    const observe = (dir: Direction, bytes: Uint8Array): void => {
      if (dir === 'in') bytesIn += bytes.length;
      else bytesOut += bytes.length;
      // The runner would drop this end's events anyway (trace-merge.ts); not decoding halves the cost.
      if (state.mirror) return;
      for (const event of decoder.push(dir, bytes)) {
        const { head, ...rest } = event;
        const raw = rawBytes > 0 && head
          ? { raw: { encoding: 'base64' as const, data: Buffer.from(head.subarray(0, rawBytes)).toString('base64'), total: 'length' in rest ? rest.length : head.length, truncated: ('length' in rest ? rest.length : head.length) > rawBytes } }
          : {};
        sink.emit({ ...rest, conn, ...raw });
      }
    };

    const target = socket as unknown as {
      push: (chunk: unknown, encoding?: unknown) => boolean;
      _writeGeneric: (writev: boolean, data: unknown, encoding: string, cb: (error?: Error | null) => void) => unknown;
      _handle?: { isStreamBase?: boolean };
    };
    const originalPush = target.push;
    if (role === 'client' && (conditions.pauseAtMs !== undefined)) state.gate = new PauseGate(socket, originalPush);
    target.push = function push(chunk, encoding) {
      if (chunk !== null && chunk !== undefined) observe('in', toBytes(chunk, encoding));
      if (state.gate?.offer(chunk, encoding)) return true;
      return originalPush.call(this, chunk, encoding);
    };
    const originalWrite = target._writeGeneric;
    target._writeGeneric = function writeGeneric(writev, data, encoding, cb) {
      // While connecting, net stores the data and calls _writeGeneric again on 'connect': count it then.
      // Decoders are incremental, so a writev's chunks are observed one by one: no copy into one buffer.
      if (!socket.connecting) {
        if (!writev) observe('out', toBytes(data, encoding));
        else if (Array.isArray(data)) for (const item of data as unknown[]) observe('out', chunkBytes(item));
      }
      return originalWrite.call(this, writev, data, encoding, cb);
    };
    delayWrites(socket, conditions, sink, conn, (writev, data) => (writev ? concatChunks(data).length : toBytes(data, 'utf8').length));

    const announce = (): void => {
      const local: Endpoint = { address: socket.localAddress ?? '?', port: socket.localPort ?? 0 };
      const remote: Endpoint = { address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
      open.add(socket);
      const pair = pairKey(local, remote);
      if (localPairs.has(pair)) state.mirror = true;
      else {
        localPairs.add(pair);
        socket.once('close', () => localPairs.delete(pair));
      }
      sink.emit({
        kind: 'tcp',
        action: role === 'client' ? 'connect' : 'accept',
        conn,
        role,
        local,
        remote,
        localName: role === 'server' ? `${entry} :${local.port}` : entry,
        remoteName: role === 'client' ? `:${remote.port}` : `client :${remote.port}`,
        pair,
      });
    };
    if (role === 'server') {
      if (target._handle) target._handle.isStreamBase = false;
      announce();
    } else socket.once('connect', announce);
    socket.once('end', () => sink.emit({ kind: 'tcp', action: 'end', conn }));
    socket.once('close', (hadError: boolean) => {
      open.delete(socket);
      const error = (socket as { errored?: (Error & { code?: string }) | null }).errored;
      sink.emit({
        kind: 'tcp',
        action: hadError ? 'reset' : 'close',
        conn,
        protocol: decoder.protocol,
        bytesIn,
        bytesOut,
        ...(error ? { error: error.code ?? error.message } : {}),
      });
    });
  };

  // Accepted connections: before any 'connection' listener of the program runs.
  const originalEmit = net.Server.prototype.emit;
  net.Server.prototype.emit = function emit(this: net.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'connection' && args[0] instanceof net.Socket && isTcp(args[0])) tap(args[0], 'server');
    return originalEmit.apply(this, [event, ...args] as Parameters<typeof originalEmit>);
  } as typeof originalEmit;

  // Sockets dialled with net.connect are tapped in installConnect; the channel catches any other way.
  subscribe('net.client.socket', (message) => tap((message as { socket: net.Socket }).socket, 'client'));
  installConnect(conditions.maxConnectionsPerOrigin, sink, (socket) => tap(socket, 'client'));

  const eachOpen = (action: (socket: net.Socket, state: Tapped) => void): void => {
    for (const socket of open) {
      const state = taps.get(socket);
      if (state) action(socket, state);
    }
  };
  schedule(() => sink.now(), conditions.dropAtMs, conditions.dropEveryMs, () =>
    eachOpen((socket, state) => {
      if (socket.destroyed) return;
      sink.emit({ kind: 'condition', conn: state.conn, condition: 'drop' });
      if (typeof socket.resetAndDestroy === 'function' && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }),
  );
  if (conditions.pauseAtMs !== undefined) {
    schedule(() => sink.now(), conditions.pauseAtMs, undefined, () =>
      eachOpen((_socket, state) => {
        if (!state.gate) return;
        state.gate.pause();
        sink.emit({ kind: 'condition', conn: state.conn, condition: 'pause' });
      }),
    );
    if (conditions.pauseForMs !== undefined) {
      schedule(() => sink.now(), conditions.pauseAtMs + conditions.pauseForMs, undefined, () =>
        eachOpen((_socket, state) => {
          if (!state.gate?.paused) return;
          state.gate.resume();
          sink.emit({ kind: 'condition', conn: state.conn, condition: 'resume' });
        }),
      );
    }
  }
}

/**
 * Socket.prototype.connect, for two things only this hook can do: mark a dialled socket's handle so
 * http2 reads it through JavaScript (the handle exists only once connect ran), and hold connects
 * beyond the per-origin cap until an earlier connection to that origin closes, as browsers do.
 */
function installConnect(cap: number | undefined, sink: WireSink, tapClient: (socket: net.Socket) => void): void {
  const originalConnect = net.Socket.prototype.connect;
  const openByOrigin = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
    // Node 22 publishes `net.client.socket` only inside connect(), too late for the cap: tap here first.
    const origin = originOf(args);
    if (origin !== undefined && !taps.has(this)) tapClient(this);
    const state = taps.get(this);
    const go = (): net.Socket => {
      const result = originalConnect.apply(this, args as Parameters<typeof originalConnect>);
      const handle = (this as unknown as { _handle?: { isStreamBase?: boolean } })._handle;
      if (state && handle) handle.isStreamBase = false;
      return result;
    };
    if (!state || state.role !== 'client' || origin === undefined || !cap || cap <= 0 || state.origin !== undefined) return go();
    state.origin = origin;
    this.once('close', () => {
      openByOrigin.set(origin, (openByOrigin.get(origin) ?? 1) - 1);
      waiting.get(origin)?.shift()?.();
    });
    const count = openByOrigin.get(origin) ?? 0;
    if (count < cap) {
      openByOrigin.set(origin, count + 1);
      return go();
    }
    // Over the cap: look like a socket that is still connecting (writes queue) until a slot frees.
    const heldAt = performance.now();
    sink.emit({ kind: 'condition', conn: state.conn, condition: 'cap-hold', origin, open: count });
    (this as { connecting: boolean }).connecting = true;
    const queue = waiting.get(origin) ?? [];
    queue.push(() => {
      openByOrigin.set(origin, (openByOrigin.get(origin) ?? 0) + 1);
      sink.emit({ kind: 'condition', conn: state.conn, condition: 'cap-release', origin, ms: Math.round(performance.now() - heldAt) });
      (this as { connecting: boolean }).connecting = false;
      if (!this.destroyed) go();
    });
    waiting.set(origin, queue);
    return this;
  } as typeof originalConnect;
}

function originOf(args: unknown[]): string | undefined {
  let options = args[0];
  if (Array.isArray(options)) options = options[0]; // net's normalized [options, cb] form
  if (typeof options === 'object' && options !== null) {
    const { port, host, path } = options as { port?: unknown; host?: unknown; path?: unknown };
    if (path !== undefined || port === undefined) return undefined;
    return `${typeof host === 'string' ? host : 'localhost'}:${String(port)}`;
  }
  if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
    return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${String(options)}`;
  }
  return undefined;
}

function isTcp(socket: net.Socket): boolean {
  return typeof socket.remotePort === 'number' || socket.remoteAddress !== undefined;
}

function toBytes(chunk: unknown, encoding: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8');
  return new Uint8Array(0);
}

/** One entry of a writev list: a buffer, or {chunk, encoding}. */
function chunkBytes(item: unknown): Uint8Array {
  if (item instanceof Uint8Array) return item;
  const { chunk, encoding } = item as { chunk: unknown; encoding: unknown };
  return toBytes(chunk, encoding);
}

function concatChunks(data: unknown): Uint8Array {
  return Array.isArray(data) ? Buffer.concat(data.map(chunkBytes)) : new Uint8Array(0);
}

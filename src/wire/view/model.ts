/**
 * The wire view's model: takes trace batches as they arrive and keeps the rows of a sequence diagram.
 * Pure (no DOM), so the page, the exports and the unit tests share it.
 *
 * - Order: processes report independently, so events can arrive slightly out of order between
 *   batches. Events wait `reorderMs` (of trace time) in a pending buffer and are then drawn sorted by
 *   `compareEvents`; `flush()` draws everything (the run ended, or the page has been quiet).
 * - Idle: a gap longer than `idleMs` between drawn events becomes one "… 4.2 s idle …" row, so time
 *   still runs down the page without a screen of empty lifelines.
 * - Floods: a run of identical frames on one connection and direction, each within `burstMs` of the
 *   last, shows its first `runShown` frames and folds the rest into one "×240 ws text frames, 12 KB"
 *   row. Slow streams (an SSE tick a second) are never folded: each event teaches something.
 * - Pause: events keep arriving into the buffer and nothing changes on screen; `resume()` catches up.
 * - Filter: rows are rebuilt from the kept events for the chosen connections.
 */
import { compareEvents, type WireEvent } from '../trace-events.ts';
import { Connections } from './connections.ts';
import { eventBytes, eventLabel, formatBytes, formatDuration, headerValue, runNoun } from './labels.ts';
import type { AggregateRow, ArrowRow, DrawnRow, Ends, HeadStyle, LineStyle, NoteRow, Row } from './rows.ts';
import { wireText } from './wire-strings.ts';

export interface WireModelOptions {
  idleMs?: number;
  burstMs?: number;
  runShown?: number;
  reorderMs?: number;
  /** Oldest events are forgotten beyond this many, so a long flood keeps memory bounded. */
  maxEvents?: number;
}

const DEFAULTS: Required<WireModelOptions> = { idleMs: 1000, burstMs: 50, runShown: 3, reorderMs: 100, maxEvents: 200_000 };

/** Frames worth folding when they come in floods. Requests, responses and lifecycle never fold. */
function runKey(event: WireEvent): string | undefined {
  const where = `${event.conn}|${event.dir}`;
  switch (event.kind) {
    case 'ws-frame':
      return event.opcodeName === 'close' ? undefined : `${where}|ws|${event.opcodeName}`;
    case 'sse-event':
      return `${where}|sse|${event.comment === undefined ? event.event : ':'}`;
    case 'http-body-chunk':
      return event.last ? undefined : `${where}|chunk`;
    case 'grpc-message':
      return `${where}|grpc`;
    case 'h2-frame':
      return `${where}|h2|${event.typeName}`;
    case 'mqtt-packet':
      return `${where}|mqtt|${event.typeName}`;
    default:
      return undefined;
  }
}

/** The run of identical frames being drawn now, and its folded row once it has one. */
interface RunState {
  key: string;
  count: number;
  lastT: number;
  aggregate?: AggregateRow;
}

export class WireModel {
  readonly options: Required<WireModelOptions>;
  readonly connections = new Connections();
  /** Drawn (settled) events in drawing order: the source for rebuilds and the JSON export. */
  readonly events: WireEvent[] = [];
  #pending: WireEvent[] = [];
  #rows: Row[] = [];
  #nextId = 0;
  #maxT = 0;
  #paused = false;
  #filter: Set<string> | null = null;
  /** Announcements that were the first end of their connection: those draw the "TCP connect" arrow. */
  readonly #firstEnds = new WeakSet<WireEvent>();
  #finSeen = new Set<string>();
  /** Connection directions carrying an event stream (`conn|dir`), whose body chunks are not drawn. */
  #sseStreams = new Set<string>();
  #lastDrawnT: number | undefined;
  #run: RunState | undefined;
  #notesByKey = new Map<string, NoteRow>();
  #participantCache = { version: -1, scanned: 0, seen: new Set<string>() };
  /** Bumped on every visible change; renderers redraw when it moves. */
  revision = 0;
  /** Events forgotten because of `maxEvents`. */
  forgotten = 0;

  constructor(options: WireModelOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  get rows(): readonly Row[] {
    return this.#rows;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Events received but not drawn yet (paused, or inside the reorder window). */
  get buffered(): number {
    return this.#pending.length;
  }

  get filter(): ReadonlySet<string> | null {
    return this.#filter;
  }

  /** Adds one batch as delivered by `onWire`; draws what is older than the reorder window. */
  ingest(batch: readonly WireEvent[]): void {
    for (const event of batch) {
      this.#pending.push(event);
      if (event.t > this.#maxT) this.#maxT = event.t;
    }
    if (!this.#paused) this.#settle(this.#maxT - this.options.reorderMs);
  }

  /** Draws every pending event (run over, or nothing arrived for a while). */
  flush(): void {
    if (!this.#paused) this.#settle(Number.POSITIVE_INFINITY);
  }

  pause(): void {
    this.#paused = true;
  }

  /** Catches up with everything that arrived while paused. */
  resume(): void {
    this.#paused = false;
    this.#settle(this.#maxT - this.options.reorderMs);
  }

  /** Shows only these connections (either end's id works); `null` shows all. Rebuilds the rows. */
  setFilter(conns: Iterable<string> | null): void {
    if (conns === null) this.#filter = null;
    else this.#filter = new Set([...conns].flatMap((conn) => this.connections.sameConnection(conn)));
    this.#rebuild();
  }

  /** The rows `from`..`to` (exclusive) with lifeline names: renderers ask only for what is visible. */
  drawnRows(from = 0, to = this.#rows.length): DrawnRow[] {
    return this.#rows.slice(Math.max(0, from), to).map((row) => this.draw(row));
  }

  draw(row: Row): DrawnRow {
    if (row.kind === 'idle') return row;
    if (row.kind === 'note') return { ...row, over: this.#noteOver(row) };
    const [fromName, toName] = this.connections.names(row.ends.conn, row.ends.from);
    return { ...row, fromName, toName };
  }

  /**
   * Lifelines in order of first appearance, as Mermaid orders participants. Rows only grow between
   * rebuilds, so only new rows are scanned, unless a name changed since (a remote end got its name).
   */
  participants(): string[] {
    const cache = this.#participantCache;
    if (cache.version !== this.connections.version || cache.scanned > this.#rows.length) {
      cache.version = this.connections.version;
      cache.scanned = 0;
      cache.seen = new Set();
    }
    for (; cache.scanned < this.#rows.length; cache.scanned++) {
      const row = this.#rows[cache.scanned]!;
      if (row.kind === 'arrow' || row.kind === 'aggregate') {
        for (const name of this.connections.names(row.ends.conn, row.ends.from)) cache.seen.add(name);
      } else if (row.kind === 'note' && row.entry && row.tone === 'process') {
        cache.seen.add(this.#entryLifeline(row.entry) ?? row.entry);
      }
    }
    return [...cache.seen];
  }

  /** Index of the row with this id, or -1 (keyboard focus survives rebuilds by id). */
  indexOf(id: number): number {
    let low = 0;
    let high = this.#rows.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const rowId = this.#rows[middle]!.id;
      if (rowId === id) return middle;
      if (rowId < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  #settle(horizon: number): void {
    if (this.#pending.length === 0) return;
    this.#pending.sort(compareEvents);
    let cut = 0;
    while (cut < this.#pending.length && this.#pending[cut]!.t <= horizon) cut++;
    if (cut === 0) return;
    const ready = this.#pending.splice(0, cut);
    for (const event of ready) {
      if (event.kind === 'tcp' && (event.action === 'connect' || event.action === 'accept')) {
        if (this.connections.announce(event)) this.#firstEnds.add(event);
      }
      this.events.push(event);
      this.#build(event);
    }
    if (this.events.length > this.options.maxEvents) {
      const excess = this.events.length - this.options.maxEvents;
      this.events.splice(0, excess);
      this.forgotten += excess;
    }
    this.revision++;
  }

  #rebuild(): void {
    this.#rows = [];
    this.#participantCache.version = -1;
    this.#finSeen = new Set();
    this.#sseStreams = new Set();
    this.#lastDrawnT = undefined;
    this.#run = undefined;
    this.#notesByKey = new Map();
    for (const event of this.events) this.#build(event);
    this.revision++;
  }

  #passes(conn: string | undefined): boolean {
    return this.#filter === null || conn === undefined || this.#filter.has(conn);
  }

  /** Turns one event into a new row, a longer aggregate, or nothing. */
  #build(event: WireEvent): void {
    if (!this.#passes(event.conn)) return;
    if (event.kind === 'tcp') return this.#buildTcp(event);
    if (event.kind === 'process') return this.#note(event, 'process', undefined, event.entry);
    if (event.kind === 'condition') {
      // Latency and bandwidth act on every write (capture reports them about once a second per socket, with
      // the delay of that moment): one marker per connection says it, a count says how often.
      const repeatable = event.condition === 'latency' || event.condition === 'bandwidth';
      return this.#note(event, 'condition', repeatable ? `${event.conn}|${event.condition}` : undefined);
    }
    if (event.kind === 'dropped') return this.#note(event, 'dropped');
    if (event.dir === undefined || event.conn === undefined) return this.#note(event, 'other');
    // An event stream's body pieces repeat what its SSE events already say: they stay in the trace
    // (details, export) but draw no row of their own.
    const stream = `${event.conn}|${event.dir}`;
    if (event.kind === 'http-request') this.#sseStreams.delete(`${event.conn}|${event.dir === 'out' ? 'in' : 'out'}`);
    if (event.kind === 'http-response' && /^text\/event-stream\b/i.test(headerValue(event.headers, 'Content-Type') ?? '')) this.#sseStreams.add(stream);
    if (event.kind === 'http-body-chunk' && this.#sseStreams.has(stream)) return;
    const from = event.dir === 'out' ? 'local' : 'remote';
    const key = runKey(event);
    const run = this.#run;
    if (key !== undefined && run && run.key === key && event.t - run.lastT <= this.options.burstMs) {
      run.count++;
      run.lastT = event.t;
      this.#lastDrawnT = event.t;
      if (run.count > this.options.runShown) return this.#extendAggregate(run, event);
    } else {
      this.#run = key === undefined ? undefined : { key, count: 1, lastT: event.t };
    }
    this.#arrow(event, { conn: event.conn, from }, eventLabel(event), 'arrow');
  }

  #buildTcp(event: WireEvent & { kind: 'tcp' }): void {
    const conn = event.conn;
    switch (event.action) {
      case 'connect':
      case 'accept':
        if (!this.#firstEnds.has(event)) return;
        return this.#arrow(event, { conn, from: event.action === 'connect' ? 'local' : 'remote' }, 'TCP connect', 'arrow');
      case 'end':
        this.#finSeen.add(conn);
        return this.#arrow(event, { conn, from: 'remote' }, 'FIN', 'arrow');
      case 'reset':
        this.connections.markClosed(conn);
        return this.#arrow(event, { conn, from: 'local' }, eventLabel(event), 'cross');
      case 'close':
        this.connections.markClosed(conn);
        // After the peer's FIN, "close" only confirms it; drawing both would double every goodbye.
        if (this.#finSeen.has(conn)) return;
        return this.#arrow(event, { conn, from: 'local' }, 'TCP close', 'arrow');
    }
  }

  #lineFor(ends: Ends): LineStyle {
    const role = this.connections.get(ends.conn)?.role ?? 'client';
    const senderIsClient = (ends.from === 'local') === (role === 'client');
    return senderIsClient ? 'solid' : 'dashed';
  }

  #beforeNewRow(t: number): void {
    const last = this.#lastDrawnT;
    if (last !== undefined && t - last > this.options.idleMs) {
      const ms = t - last;
      this.#rows.push({ kind: 'idle', id: this.#nextId++, t: last, ms, label: wireText('label.idle', { duration: formatDuration(ms) }) });
      this.#run = this.#run && this.#run.lastT === t ? this.#run : undefined;
    }
    this.#lastDrawnT = Math.max(last ?? t, t);
  }

  #arrow(event: WireEvent, ends: Ends, label: string, head: HeadStyle): void {
    this.#beforeNewRow(event.t);
    const row: ArrowRow = { kind: 'arrow', id: this.#nextId++, t: event.t, ends, label, line: this.#lineFor(ends), head, event, bytes: eventBytes(event) };
    this.#rows.push(row);
  }

  #extendAggregate(run: RunState, event: WireEvent): void {
    const last = this.#rows.at(-1);
    if (run.aggregate && last === run.aggregate) {
      const row = run.aggregate;
      row.count++;
      row.bytes += eventBytes(event);
      row.tEnd = event.t;
      row.last = event;
      row.label = aggregateLabel(row);
      return;
    }
    const ends: Ends = { conn: event.conn!, from: event.dir === 'out' ? 'local' : 'remote' };
    const row: AggregateRow = {
      kind: 'aggregate', id: this.#nextId++, t: event.t, tEnd: event.t, ends, line: this.#lineFor(ends), head: 'arrow',
      noun: runNoun(event), count: 1, bytes: eventBytes(event), first: event, last: event, label: '',
    };
    row.label = aggregateLabel(row);
    run.aggregate = row;
    this.#rows.push(row);
  }

  #note(event: WireEvent, tone: NoteRow['tone'], foldKey?: string, entry?: string): void {
    const folded = foldKey === undefined ? undefined : this.#notesByKey.get(foldKey);
    if (folded) {
      folded.count++;
      folded.label = `${eventLabel(folded.event)} (×${folded.count})`;
      return;
    }
    this.#beforeNewRow(event.t);
    this.#run = undefined;
    const row: NoteRow = { kind: 'note', id: this.#nextId++, t: event.t, conn: event.conn, entry, label: eventLabel(event), tone, event, count: 1 };
    if (foldKey !== undefined) this.#notesByKey.set(foldKey, row);
    this.#rows.push(row);
  }

  /** The lifeline a process note sits on: its exact name first ("main.ts", the client end), else "main.ts :3000". */
  #entryLifeline(entry: string): string | undefined {
    const names = this.connections.list().flatMap((info) => [info.local, info.remote]);
    return names.find((name) => name === entry) ?? names.find((name) => name.startsWith(`${entry} `));
  }

  #noteOver(row: NoteRow): string[] {
    if (row.conn !== undefined) {
      const [a, b] = this.connections.names(row.conn, 'local');
      return [a, b];
    }
    if (row.entry !== undefined) return [this.#entryLifeline(row.entry) ?? row.entry];
    return [];
  }
}

export function aggregateLabel(row: Pick<AggregateRow, 'count' | 'noun' | 'bytes'>): string {
  return `×${row.count} ${row.noun}, ${formatBytes(row.bytes)}`;
}

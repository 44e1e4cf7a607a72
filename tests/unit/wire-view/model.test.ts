/** The wire view's model over synthesised capture traces: order, names, idle folding, floods, pause, filter. */
import { describe, expect, it } from 'vitest';
import { WireModel } from '../../../src/wire/view/model.ts';
import type { DrawnRow } from '../../../src/wire/view/rows.ts';
import type { WireEvent } from '../../../src/wire/trace-events.ts';
import { TraceBuilder, floodTrace, sseResumeTrace, wsChatTrace } from '../../fixtures/wire/synth-trace.ts';

function lines(rows: DrawnRow[]): string[] {
  return rows.map((row) => {
    if (row.kind === 'idle') return row.label;
    if (row.kind === 'note') return `note[${row.over.join(',')}] ${row.label}`;
    return `${row.fromName} ${row.head === 'cross' ? '-x' : row.line === 'solid' ? '->>' : '-->>'} ${row.toName}: ${row.label}`;
  });
}

function modelOf(events: WireEvent[]): WireModel {
  const model = new WireModel();
  model.ingest(events);
  model.flush();
  return model;
}

describe('WireModel', () => {
  it('draws the SSE resume conversation with resolved names, ids, the drop and Last-Event-ID', () => {
    const model = modelOf(sseResumeTrace());
    // A process note sits on the lifeline its connections gave a port to.
    expect(model.participants()).toEqual(['client.ts', 'server.ts :3000']);
    expect(lines(model.drawnRows())).toEqual([
      'note[client.ts] client.ts started',
      'note[server.ts :3000] server.ts started',
      'client.ts ->> server.ts :3000: TCP connect',
      'client.ts ->> server.ts :3000: GET /events',
      'server.ts :3000 -->> client.ts: 200 text/event-stream',
      'server.ts :3000 -->> client.ts: event id=1 tick "{"n":1}"',
      'server.ts :3000 -->> client.ts: event id=2 tick "{"n":2}"',
      'server.ts :3000 -->> client.ts: event id=3 tick "{"n":3}"',
      'server.ts :3000 -->> client.ts: event id=4 tick "{"n":4}"',
      'server.ts :3000 -->> client.ts: event id=5 tick "{"n":5}"',
      'server.ts :3000 -->> client.ts: event id=6 tick "{"n":6}"',
      'server.ts :3000 -->> client.ts: event id=7 tick "{"n":7}"',
      'note[client.ts,server.ts :3000] dropped',
      'client.ts -x server.ts :3000: TCP reset (dropped by network condition)',
      '… 2.1 s idle …',
      'client.ts ->> server.ts :3000: TCP connect',
      'client.ts ->> server.ts :3000: GET /events (Last-Event-ID: 7)',
      'server.ts :3000 -->> client.ts: 200 text/event-stream',
      'server.ts :3000 -->> client.ts: event id=8 tick "{"n":8}"',
    ]);
  });

  it('labels WebSocket frames with size and masking, and a clean close once', () => {
    const model = modelOf(wsChatTrace());
    const drawn = lines(model.drawnRows()).slice(2);
    expect(drawn).toEqual([
      'client.ts ->> server.ts :3000: TCP connect',
      'client.ts ->> server.ts :3000: GET /chat (Upgrade: websocket)',
      'server.ts :3000 -->> client.ts: 101 Upgrade: websocket',
      'client.ts ->> server.ts :3000: WS text "hello" (5 B, masked)',
      'server.ts :3000 -->> client.ts: WS text "{"from":"ana","text":"h…" (29 B)',
      'client.ts ->> server.ts :3000: close 1000',
      'server.ts :3000 -->> client.ts: close 1000',
      'server.ts :3000 -->> client.ts: FIN',
    ]);
  });

  it('sorts events that arrive out of order between batches, within the reorder window', () => {
    const events = sseResumeTrace();
    const model = new WireModel();
    // Each process sends its own batches: per 50 ms of trace time, the server's batch comes after the
    // client's although its events are older. The drawing must not change.
    for (let start = 0; start < 6000; start += 50) {
      const slice = events.filter((event) => event.t >= start && event.t < start + 50);
      model.ingest(slice.filter((event) => event.pid === 101));
      model.ingest(slice.filter((event) => event.pid === 102));
    }
    model.flush();
    expect(lines(model.drawnRows())).toEqual(lines(modelOf(events).drawnRows()));
  });

  it('keeps only the reorder window pending while live', () => {
    const model = new WireModel({ reorderMs: 100 });
    const events = sseResumeTrace();
    model.ingest(events.slice(0, 8));
    // The newest events (t within 100 ms of the latest) wait; older ones are drawn.
    expect(model.buffered).toBeGreaterThan(0);
    expect(model.rows.length).toBeGreaterThan(0);
    const before = model.rows.length;
    model.flush();
    expect(model.buffered).toBe(0);
    expect(model.rows.length).toBeGreaterThan(before);
  });

  it('folds a flood of identical frames into one row and keeps the first frames visible', () => {
    const model = modelOf(floodTrace(100_000));
    const drawn = lines(model.drawnRows());
    expect(drawn.length).toBeLessThan(12);
    expect(drawn.at(-1)).toBe('server.ts :3000 -->> client.ts: ×99997 ws text frames, 586 KB');
    expect(drawn.filter((line) => line.includes('WS text "tick'))).toHaveLength(3);
  });

  it('handles 100,000 frames in small batches quickly', () => {
    const events = floodTrace(100_000);
    const model = new WireModel();
    const started = performance.now();
    for (let index = 0; index < events.length; index += 200) model.ingest(events.slice(index, index + 200));
    model.flush();
    // Linear work takes well under a second here; re-sorting or rebuilding everything per batch would
    // take minutes. The margin is for a loaded two-core CI machine.
    expect(performance.now() - started).toBeLessThan(8000);
    expect(model.events.length).toBe(events.length);
  });

  it('never folds a slow stream: one arrow per tick', () => {
    const trace = new TraceBuilder().processes(0);
    const conn = trace.connect(1, 's');
    for (let index = 0; index < 20; index++) trace.sse(10 + index * 200, conn, String(index), 'tick', 'x');
    const model = modelOf(trace.events);
    expect(model.rows.filter((row) => row.kind === 'arrow' && row.event.kind === 'sse-event')).toHaveLength(20);
    expect(model.rows.some((row) => row.kind === 'aggregate')).toBe(false);
  });

  it('buffers while paused and catches up on resume', () => {
    const events = sseResumeTrace();
    const model = new WireModel();
    model.ingest(events.slice(0, 10));
    model.flush();
    const shown = model.rows.length;
    model.pause();
    model.ingest(events.slice(10));
    model.flush();
    expect(model.rows.length).toBe(shown);
    expect(model.buffered).toBe(events.length - 10);
    model.resume();
    model.flush();
    expect(model.buffered).toBe(0);
    expect(lines(model.drawnRows())).toEqual(lines(modelOf(events).drawnRows()));
  });

  it('filters by connection (either end id) and back', () => {
    const model = modelOf(sseResumeTrace());
    const all = model.rows.length;
    expect(model.connections.list().map((info) => model.connections.describe(info.conn))).toEqual([
      'client.ts → server.ts :3000',
      'client.ts → server.ts :3000',
    ]);
    model.setFilter(['b2']);
    const filtered = lines(model.drawnRows());
    expect(filtered.some((line) => line.includes('Last-Event-ID: 7'))).toBe(true);
    expect(filtered.some((line) => line.includes('id=1 '))).toBe(false);
    // No idle row before the first drawn event of the filtered connection.
    expect(filtered.filter((line) => line.includes('idle'))).toEqual(['… 5.6 s idle …']);
    model.setFilter(null);
    expect(model.rows.length).toBe(all);
  });

  it('folds repeated latency markers on one connection into a count', () => {
    const trace = new TraceBuilder().processes(0);
    const conn = trace.connect(1, 'l');
    for (let index = 0; index < 5; index++) trace.condition(10 + index * 10, conn, 'latency', 300).ws(12 + index * 10, conn, 'out', 'hi');
    const model = modelOf(trace.events);
    const notes = lines(model.drawnRows()).filter((line) => line.startsWith('note[client.ts,'));
    expect(notes).toEqual(['note[client.ts,server.ts :3000] +300 ms latency (×5)']);
  });

  it('draws no body-chunk rows for an event stream, but keeps the chunks in the trace', () => {
    const trace = new TraceBuilder().processes(0);
    const conn = trace.connect(1, 's');
    trace.request(2, conn, 'GET', '/events').response(3, conn, 200, [['Content-Type', 'text/event-stream; charset=utf-8']]);
    trace.sse(4, conn, '1', 'message', 'one').chunk(4, conn, 'id: 1\ndata: one\n\n');
    const model = modelOf(trace.events);
    expect(lines(model.drawnRows()).filter((line) => line.includes('chunk'))).toEqual([]);
    expect(model.events.filter((event) => event.kind === 'http-body-chunk')).toHaveLength(1);
    // A plain HTTP body (NDJSON, say) keeps its chunk rows.
    const plain = new TraceBuilder().processes(0);
    const other = plain.connect(1, 'n');
    plain.request(2, other, 'GET', '/feed').response(3, other, 200, [['Content-Type', 'application/x-ndjson']]).chunk(4, other, '{"a":1}\n');
    expect(lines(modelOf(plain.events).drawnRows()).filter((line) => line.includes('chunk'))).toHaveLength(1);
  });

  it('puts a process note on the lifeline with its exact name when one process is both ends', () => {
    const trace = new TraceBuilder(7, 7);
    trace.events.push({ kind: 'process', t: 0, pid: 7, seq: 100, action: 'start', entry: 'main.ts' });
    trace.connect(1, 'm', 'main.ts', 'main.ts');
    // The server end announces first, as it does when the accept is reported before the connect.
    const [connect, accept] = trace.events.filter((event) => event.kind === 'tcp');
    [connect!.seq, accept!.seq] = [accept!.seq, connect!.seq];
    const model = modelOf(trace.events);
    expect(model.participants()).toEqual(['main.ts', 'main.ts :3000']);
    expect(lines(model.drawnRows())[0]).toBe('note[main.ts] main.ts started');
  });

  it('draws an unknown future kind as a neutral marker instead of failing', () => {
    const model = modelOf([{ kind: 'quic-packet', t: 1, pid: 1, seq: 0 } as unknown as WireEvent]);
    expect(lines(model.drawnRows())).toEqual(['note[] quic-packet']);
  });
});

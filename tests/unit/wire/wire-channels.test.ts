/**
 * The browser side of the wire channel: the OSC extractor the WebContainer backend uses, the merger
 * both backends use, and the local runtime passing `wire` batches to `onWire` from a real runner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startRunnerServer, type RunnerServer } from '../../../src/runner/index.ts';
import { createLocalRuntime } from '../../../src/sandbox/local-runtime.ts';
import { readAllOutput } from '../../../src/sandbox/process-channel.ts';
import { encodeBatch, OscBatchExtractor, WIRE_OSC_END, WIRE_OSC_START } from '../../../src/wire/capture/config.ts';
import { TraceMerger } from '../../../src/wire/trace-merge.ts';
import type { WireEvent } from '../../../src/wire/trace-events.ts';

const event = (over: Partial<WireEvent> & Pick<WireEvent, 'kind'>): WireEvent => ({ t: 1, pid: 1, seq: 0, ...over }) as WireEvent;

describe('OscBatchExtractor', () => {
  it('takes batches out of terminal text, even split mid-marker, and leaves the rest intact', () => {
    const batch = `${WIRE_OSC_START}${encodeBatch([event({ kind: 'process', action: 'start', entry: 'a.ts' } as Partial<WireEvent> & { kind: 'process' })]).trim()}${WIRE_OSC_END}`;
    const stream = `hello ${batch}world\r\n`;
    for (let cut = 0; cut <= stream.length; cut++) {
      const extractor = new OscBatchExtractor();
      const first = extractor.push(stream.slice(0, cut));
      const second = extractor.push(stream.slice(cut));
      expect(first.text + second.text).toBe('hello world\r\n');
      expect([...first.events, ...second.events]).toHaveLength(1);
    }
  });
});

describe('TraceMerger', () => {
  it('keeps both announcements of a connection but the traffic of the first end only', () => {
    const merger = new TraceMerger();
    const out = merger.accept([
      event({ kind: 'tcp', action: 'connect', conn: 'a', pair: 'p' } as never),
      event({ kind: 'tcp', action: 'accept', conn: 'b', pair: 'p' } as never),
      event({ kind: 'ws-frame', conn: 'a', dir: 'out' } as never),
      event({ kind: 'ws-frame', conn: 'b', dir: 'in' } as never),
    ]);
    expect(out.map((e) => `${e.kind}:${e.conn}`)).toEqual(['tcp:a', 'tcp:b', 'ws-frame:a']);
  });

  it('caps the rate and reports what it left out', () => {
    const merger = new TraceMerger(10);
    const batch = Array.from({ length: 50 }, (_, i) => event({ kind: 'ws-frame', conn: 'x', seq: i } as never));
    const first = merger.accept(batch);
    expect(first).toHaveLength(10);
    const [marker] = merger.finish();
    expect(marker).toMatchObject({ kind: 'dropped', count: 40, byKind: { 'ws-frame': 40 } });
  });
});

describe('local runtime → onWire', () => {
  let server: RunnerServer;
  beforeAll(async () => {
    server = await startRunnerServer({ allowedOrigins: ['http://localhost:4321'], log: () => {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  class PageWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { origin: 'http://localhost:4321' });
    }
  }

  it('delivers the run’s events to the callback, and nothing when capture is off', async () => {
    const runtime = createLocalRuntime({ url: `ws://127.0.0.1:${server.port}/__runner`, token: server.runner.token, WebSocketImpl: PageWebSocket as never });
    const program = "import net from 'node:net';\nconst s = net.createServer((c) => c.end('hi')).listen(0, '127.0.0.1', () => { const c = net.connect(s.address().port, '127.0.0.1'); c.resume(); c.on('close', () => s.close()); });\n";
    await runtime.mount({ 'main.mjs': program });
    for (const capture of [true, false]) {
      const events: WireEvent[] = [];
      const process = await runtime.run('main.mjs', { wire: { capture }, onWire: (batch) => events.push(...batch) });
      await readAllOutput(process.output);
      await process.exit;
      if (capture) expect(events.filter((e) => e.kind === 'tcp').map((e) => (e as { action: string }).action)).toEqual(expect.arrayContaining(['connect', 'accept', 'close']));
      else expect(events).toEqual([]);
    }
    await runtime.teardown();
  });
});

/**
 * Issue #16: wire capture and network conditions through the real runner. Programs run exactly as a
 * learner's would (real servers on port 0, real clients, the preload loaded by NODE_OPTIONS), and the
 * conditions are proven by measurement inside the program.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { WireEvent } from '../../src/wire/trace-events.ts';
import { connectedRunner } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/wire/${name}`, import.meta.url), 'utf8');
const runner = connectedRunner();

const wireEvents = (runId: string): WireEvent[] => runner.client.wireEvents(runId);
function lastJson(runId: string): Record<string, number | string | null> {
  const lines = runner.client.output(runId).trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '{}') as Record<string, number | string | null>;
}

describe('capture', () => {
  test('SSE and WebSocket traffic seen at both ends of each connection, each message reported once', async () => {
    runner.client.send({
      type: 'run', runId: 'cap', entry: 'server.mjs',
      files: { 'server.mjs': fixture('sse-ws-server.mjs'), 'client.mjs': fixture('client.mjs') },
      wire: { capture: true, rawBytes: 16 },
      timeLimitMs: 20_000,
    });
    const exit = await runner.client.exit('cap', 30_000);
    expect(runner.client.output('cap')).toContain('client done');
    expect(exit.code).toBe(0);
    const events = wireEvents('cap');
    const processes = events.filter((e) => e.kind === 'process' && e.action === 'start');
    expect(processes.map((e) => (e as { entry: string }).entry)).toEqual(['server.mjs']);
    const requests = events.filter((e) => e.kind === 'http-request');
    // Each request seen by both ends, reported once: the merger keeps one end of each connection.
    expect(requests.map((e) => (e as { path: string }).path).sort()).toEqual(['/chat', '/events']);
    const get = requests.find((e) => (e as { path: string }).path === '/events') as Extract<WireEvent, { kind: 'http-request' }>;
    expect(get.headers).toContainEqual(['Last-Event-ID', '6']);
    expect(get.raw?.data).toBe(Buffer.from('GET /events HTTP').toString('base64'));
    const sse = events.filter((e) => e.kind === 'sse-event');
    expect(sse).toMatchObject([{ id: '7', event: 'message', data: 'seven' }, { id: '8', event: 'tick', data: 'eight' }]);
    const frames = events.filter((e) => e.kind === 'ws-frame') as Array<Extract<WireEvent, { kind: 'ws-frame' }>>;
    expect(frames.map((f) => `${f.opcodeName}:${f.masked ? 'masked' : 'plain'}:${f.preview}`)).toEqual([
      'text:masked:hello', 'text:plain:echo hello', 'close:plain:1000 bye', 'close:masked:1000 bye',
    ]);
    const announcements = events.filter((e) => e.kind === 'tcp' && (e.action === 'connect' || e.action === 'accept'));
    expect(announcements.length).toBe(4); // two connections, both ends announced
    expect(events.every((e, i) => i === 0 || e.pid !== events[i - 1]?.pid || e.seq > (events[i - 1]?.seq ?? -1))).toBe(true);
  });

  test('no capture unless asked, and never for a vitest run', async () => {
    runner.client.send({ type: 'run', runId: 'plain', entry: 'latency.mjs', files: { 'latency.mjs': fixture('latency.mjs') } });
    await runner.client.exit('plain');
    expect(wireEvents('plain')).toEqual([]);
    const spec = "import { test, expect } from 'vitest';\nimport net from 'node:net';\ntest('t', async () => { const s = net.createServer().listen(0, '127.0.0.1'); await new Promise((r) => s.on('listening', r)); const c = net.connect((s.address() as net.AddressInfo).port, '127.0.0.1'); await new Promise((r) => c.on('connect', r)); c.destroy(); s.close(); expect(process.env.BRR_WIRE).toBeUndefined(); });\n";
    runner.client.send({ type: 'run', runId: 'graded', entry: 'a.test.ts', command: 'test', files: { 'a.test.ts': spec }, wire: { capture: true } });
    const exit = await runner.client.exit('graded', 60_000);
    expect(exit.code).toBe(0);
    expect(wireEvents('graded')).toEqual([]);
  }, 90_000);
});

describe('network conditions, measured', () => {
  test('latency: a round trip gains twice the one-way delay, within ±20 %', async () => {
    runner.client.send({ type: 'run', runId: 'base', entry: 'l.mjs', files: { 'l.mjs': fixture('latency.mjs') }, wire: { capture: true } });
    await runner.client.exit('base');
    const base = lastJson('base').meanMs as number;
    runner.client.send({ type: 'run', runId: 'slow', entry: 'l.mjs', files: { 'l.mjs': fixture('latency.mjs') }, wire: { capture: true, conditions: { latencyMs: 100 } } });
    await runner.client.exit('slow');
    const added = (lastJson('slow').meanMs as number) - base;
    expect(added).toBeGreaterThan(200 * 0.8);
    expect(added).toBeLessThan(200 * 1.2);
    expect(wireEvents('slow').some((e) => e.kind === 'condition' && e.condition === 'latency')).toBe(true);
  });

  test('drop: the connection closes at the set moment (±100 ms)', async () => {
    runner.client.send({ type: 'run', runId: 'drop', entry: 'd.mjs', files: { 'd.mjs': fixture('drop.mjs') }, wire: { capture: true, conditions: { dropAtMs: 4000 } } });
    await runner.client.exit('drop');
    const [connected, closed] = runner.client.output('drop').trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    // The moment must fall while the connection is open (a loaded machine can take a while to start Node).
    expect(connected?.connectedAtMs).toBeLessThan(4000);
    expect(Math.abs((closed?.closedAtMs as number) - 4000)).toBeLessThanOrEqual(100);
    expect(wireEvents('drop').some((e) => e.kind === 'condition' && e.condition === 'drop')).toBe(true);
  });

  test('connection cap 6: the 7th connection waits until one closes', async () => {
    runner.client.send({ type: 'run', runId: 'cap7', entry: 'c.mjs', files: { 'c.mjs': fixture('cap.mjs') }, wire: { capture: true, conditions: { maxConnectionsPerOrigin: 6 } } });
    await runner.client.exit('cap7');
    const result = lastJson('cap7');
    expect(result).toMatchObject({ before: 6, after: 7 });
    expect(result.seventhConnectedMs as number).toBeGreaterThanOrEqual(400);
    const events = wireEvents('cap7');
    expect(events.filter((e) => e.kind === 'condition').map((e) => (e as { condition: string }).condition)).toEqual(
      expect.arrayContaining(['cap-hold', 'cap-release']),
    );
  });
});

describe('the wire field of a run message', () => {
  test('is checked field by field, with a sentence that says what is allowed', async () => {
    const base = { type: 'run', runId: 'bad-wire', entry: 'a.mjs', files: { 'a.mjs': '' } };
    expect((await runner.client.sendExpectingError({ ...base, wire: true })).message).toMatch(/must be an object like \{"capture": true\}/);
    expect((await runner.client.sendExpectingError({ ...base, wire: { capture: true, conditions: { latency: 5 } } })).message).toMatch(/"wire.conditions.latency" is not a known condition/);
    expect((await runner.client.sendExpectingError({ ...base, wire: { capture: true, conditions: { latencyMs: -1 } } })).message).toMatch(/from 0 to 10000/);
    expect((await runner.client.sendExpectingError({ ...base, wire: { capture: true, rawBytes: 99999 } })).message).toMatch(/"wire.rawBytes" must be a whole number from 0 to 4096/);
  });
});

describe('back-pressure', () => {
  test('100,000 frames: a bounded number of events reaches the page, every frame is accounted for', async () => {
    runner.client.send({ type: 'run', runId: 'flood', entry: 'f.mjs', files: { 'f.mjs': fixture('flood.mjs') }, wire: { capture: true }, timeLimitMs: 60_000 });
    const exit = await runner.client.exit('flood', 70_000);
    expect(exit.code).toBe(0);
    const events = wireEvents('flood');
    const frames = events.filter((e) => e.kind === 'ws-frame').length;
    const droppedFrames = events.reduce((n, e) => n + (e.kind === 'dropped' ? (e.byKind['ws-frame'] ?? 0) : 0), 0);
    // One end decodes (the other is in the same process), so each frame is one event, sent or counted.
    expect(frames + droppedFrames).toBeGreaterThanOrEqual(100_000);
    expect(frames).toBeLessThan(20_000);
    expect(droppedFrames).toBeGreaterThan(0);
  }, 90_000);
});

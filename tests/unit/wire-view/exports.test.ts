/**
 * The wire view's outputs: Mermaid source that the project's own Mermaid pipeline (real Mermaid in
 * Chromium, as the build uses) accepts, the standalone SVG, the JSON trace round trip, details with a
 * hex dump, and the conditions form.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeMermaidRenderer, parseMermaid, renderMermaidForTest } from './mermaid-helper.ts';
import { WireModel } from '../../../src/wire/view/model.ts';
import { mermaidText, toMermaid } from '../../../src/wire/view/mermaid-export.ts';
import { renderSvgDocument } from '../../../src/wire/view/svg-render.ts';
import { exportTrace, importTrace } from '../../../src/wire/view/trace-export.ts';
import { hexDump, rowDetails } from '../../../src/wire/view/details.ts';
import { EMPTY_FORM, describeConditions, toConditions } from '../../../src/wire/view/conditions.ts';
import type { WireEvent } from '../../../src/wire/trace-events.ts';
import { floodTrace, sseResumeTrace, wsChatTrace } from '../../fixtures/wire/synth-trace.ts';

function modelOf(events: WireEvent[]): WireModel {
  const model = new WireModel();
  model.ingest(events);
  model.flush();
  return model;
}

afterAll(() => closeMermaidRenderer());

describe('Mermaid export', () => {
  it('writes the SSE resume trace as a lesson-ready sequenceDiagram', () => {
    const model = modelOf(sseResumeTrace());
    const source = toMermaid(model.drawnRows(), model.participants(), { title: 'SSE resume under a drop' });
    const lines = source.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'sequenceDiagram',
      '  accTitle: SSE resume under a drop',
      '  accDescr: What the run sent between client.ts, server.ts :3000, 19 rows, captured by the wire view.',
      '  participant P1 as client.ts',
      '  participant P2 as server.ts :3000',
    ]);
    expect(lines).toContain('  P1->>P2: GET /events (Last-Event-ID: 7)');
    expect(lines).toContain('  P2-->>P1: event id=7 tick "{"n":7}"');
    expect(lines).toContain('  P1-xP2: TCP reset (dropped by network condition)');
    expect(lines).toContain('  Note over P1,P2: … 2.1 s idle …');
  });

  it('escapes what Mermaid would read as syntax', () => {
    expect(mermaidText('a;b #1 <br>')).toBe('a#59;b #35;1 #60;br#62;');
  });

  it('parses with the project Mermaid build for SSE, WebSocket and a flood', async () => {
    for (const events of [sseResumeTrace(), wsChatTrace(), floodTrace(500)]) {
      const model = modelOf(events);
      const source = toMermaid(model.drawnRows(), model.participants());
      const result = await parseMermaid(source, { cacheDir: false, timeoutMs: 20_000 });
      expect(result, source).toEqual({ valid: true, diagramType: 'sequence' });
    }
  });

  it('parses labels full of Mermaid syntax characters and renders them as written', async () => {
    const model = modelOf(wsChatTrace());
    const rows = model.drawnRows().map((row) => (row.kind === 'arrow' ? { ...row, label: 'WS text "a;b#c <i>x</i> -->> end"' } : row));
    const source = toMermaid(rows, model.participants());
    expect(await parseMermaid(source, { cacheDir: false })).toEqual({ valid: true, diagramType: 'sequence' });
    const svg = await renderMermaidForTest(source);
    expect(svg).toContain('a;b#c &lt;i&gt;x&lt;/i&gt; --&gt;&gt; end');
  });

  it('summarises rows beyond the export limit', () => {
    const model = modelOf(sseResumeTrace());
    const source = toMermaid(model.drawnRows(), model.participants(), { maxRows: 5 });
    expect(source).toContain('Note over P1,P2: … 14 more rows not exported');
  });
});

describe('SVG export', () => {
  it('is a standalone SVG with themed colours, both lifelines and every label', () => {
    const model = modelOf(wsChatTrace());
    const svg = renderSvgDocument(model.drawnRows(), model.participants(), 'Chat');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title id="wire-export-title">Chat</title>');
    expect(svg).toContain('var(--diagram-line, #1b1f24)');
    expect(svg).toContain('WS text &quot;hello&quot; (5 B, masked)');
    expect(svg.match(/class="wire-actor"/g)).toHaveLength(4);
    // Replies are dashed as in the lessons' diagrams.
    expect(svg).toMatch(/stroke-dasharray="2,2"/);
  });
});

describe('trace JSON', () => {
  it('round-trips and refuses what is not a trace', () => {
    const events = sseResumeTrace();
    const text = exportTrace(events, 'sse-resume', 0, new Date('2026-01-01T00:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'course-wire-trace', version: 1, sandbox: 'sse-resume', exportedAt: '2026-01-01T00:00:00.000Z' });
    expect(importTrace(text)).toEqual(events);
    expect(() => importTrace('{"events": []}')).toThrow(/not a wire trace/);
  });
});

describe('details', () => {
  it('lists every header and a hex dump of raw bytes', () => {
    const events = wsChatTrace();
    const request = events.find((event) => event.kind === 'http-request')!;
    request.raw = { encoding: 'base64', data: Buffer.from('GET /chat HTTP/1.1\r\n').toString('base64'), total: 200, truncated: true };
    const model = modelOf(events);
    const row = model.drawnRows().find((candidate) => candidate.kind === 'arrow' && candidate.event === request)!;
    const details = rowDetails(row, (conn) => model.connections.describe(conn));
    expect(details.headers.map(([name]) => name)).toEqual(['Host', 'Connection', 'Upgrade', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version']);
    expect(details.fields).toContainEqual(['connection', 'client.ts → server.ts :3000']);
    expect(details.hex[0]).toBe('0000  47 45 54 20 2f 63 68 61 74 20 48 54 54 50 2f 31  GET /chat HTTP/1');
    expect(details.hex.at(-1)).toBe('… 180 more bytes not captured');
  });

  it('dumps non-printable bytes as dots', () => {
    expect(hexDump({ encoding: 'base64', data: Buffer.from([0x81, 0x05, 0x68]).toString('base64'), total: 3, truncated: false })).toEqual([
      `0000  81 05 68${' '.repeat(47 - 8)}  ..h`,
    ]);
  });
});

describe('conditions form', () => {
  it('turns the form into the contract fields, clamped, in milliseconds and bytes', () => {
    const conditions = toConditions({ ...EMPTY_FORM, latencyMs: '300', jitterMs: '50', bandwidthKBps: '2', dropAtS: '3.5', dropEveryS: '0.01', pauseAtS: '2', pauseForS: '4', capConnections: true });
    expect(conditions).toEqual({ latencyMs: 300, jitterMs: 50, bandwidthBytesPerSec: 2048, dropAtMs: 3500, dropEveryMs: 100, pauseAtMs: 2000, pauseForMs: 4000, maxConnectionsPerOrigin: 6 });
    expect(describeConditions(conditions)).toBe('+300 ms latency ±50 ms jitter, 2.0 KB/s, drop at 3.5 s, drop every 0.1 s, pause at 2 s for 4 s, 6 connections per origin');
  });

  it('sends nothing for an empty or nonsense form', () => {
    expect(toConditions(EMPTY_FORM)).toEqual({});
    expect(toConditions({ ...EMPTY_FORM, latencyMs: 'fast', pauseForS: '3' })).toEqual({});
  });
});

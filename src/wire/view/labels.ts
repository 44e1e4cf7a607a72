/**
 * One short label per wire event, worded like the arrows in the lessons' hand-drawn diagrams
 * ("GET /events", "200 text/event-stream", "event id=7 tick", "WS text "hello" (5 B, masked)").
 * Pure: the live diagram, the accessible log and the Mermaid export all use the same words, so what a
 * screen reader hears is what the picture shows.
 */
import type { HeaderList, WireEvent } from '../trace-events.ts';
import { wireText } from './wire-strings.ts';

/** Longest label drawn on an arrow; the details panel shows everything. */
export const LABEL_CHARS = 60;

export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "850 ms", "4.2 s", "2 min 5 s": idle rows and condition markers. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Control characters and runs of space would make a label unreadable or break one-line formats. */
export function oneLine(text: string, max = LABEL_CHARS): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function quoted(preview: string, max: number): string {
  return `"${oneLine(preview, max)}"`;
}

/** The request headers that teach something in this course, shown on the arrow itself. */
const KEY_REQUEST_HEADERS = ['Last-Event-ID', 'If-None-Match', 'Upgrade'];

function requestLabel(method: string, path: string, headers: HeaderList): string {
  const extras = KEY_REQUEST_HEADERS.flatMap((name) => {
    const value = headerValue(headers, name);
    return value === undefined ? [] : [`${name}: ${value}`];
  });
  return oneLine(`${method} ${path}${extras.length ? ` (${extras.join(', ')})` : ''}`);
}

function responseLabel(status: number, reason: string, headers: HeaderList): string {
  const type = headerValue(headers, 'Content-Type')?.split(';')[0]?.trim();
  const etag = headerValue(headers, 'ETag');
  const upgrade = headerValue(headers, 'Upgrade');
  const parts = [String(status)];
  if (type) parts.push(type);
  else if (upgrade) parts.push(`Upgrade: ${upgrade}`);
  else if (reason) parts.push(reason);
  if (etag) parts.push(`ETag ${etag}`);
  return oneLine(parts.join(' '));
}

/** Label of one event; `undefined` for events the diagram does not draw as a row of their own. */
export function eventLabel(event: WireEvent): string {
  switch (event.kind) {
    case 'process':
      return event.action === 'start' ? `${event.entry} started` : `${event.entry} exited${event.exitCode === undefined || event.exitCode === null ? '' : ` (${event.exitCode})`}`;
    case 'tcp':
      if (event.action === 'connect' || event.action === 'accept') return 'TCP connect';
      if (event.action === 'end') return 'FIN';
      if (event.action === 'reset') return oneLine(`TCP reset${event.error ? ` (${event.error})` : ''}`);
      return 'TCP close';
    case 'http-request':
      return requestLabel(event.method, event.path, event.headers);
    case 'http-response':
      return responseLabel(event.status, event.reason, event.headers);
    case 'http-body-chunk':
      return oneLine(`${event.chunked ? 'chunk' : 'body'} ${formatBytes(event.length)}${event.preview ? ` ${quoted(event.preview, 30)}` : ''}${event.last ? ' (last)' : ''}`);
    case 'sse-event': {
      if (event.comment !== undefined) return oneLine(`: ${event.comment}`);
      const id = event.id === undefined ? '' : ` id=${event.id}`;
      const retry = event.retry === undefined ? '' : ` retry=${event.retry}`;
      return oneLine(`event${id} ${event.event}${retry}${event.data ? ` ${quoted(event.data, 30)}` : ''}`);
    }
    case 'ws-frame': {
      if (event.opcodeName === 'close') return oneLine(`close ${event.closeCode ?? ''}${event.closeReason ? ` ${quoted(event.closeReason, 20)}` : ''}`.trim());
      const flags = [formatBytes(event.length), ...(event.masked ? ['masked'] : []), ...(event.fin ? [] : ['FIN=0'])].join(', ');
      const body = event.opcodeName === 'text' || event.opcodeName === 'continuation' ? ` ${quoted(event.preview, 24)}` : '';
      return oneLine(`WS ${event.opcodeName}${body} (${flags})`);
    }
    case 'h2-frame':
      return oneLine(`H2 ${event.typeName} stream ${event.streamId} (${formatBytes(event.length)})`);
    case 'grpc-message':
      return oneLine(`gRPC message ${formatBytes(event.length)}${event.preview ? ` ${quoted(event.preview, 24)}` : ''}`);
    case 'grpc-trailers':
      return oneLine(`grpc-status ${event.status ?? '?'}${event.message ? ` ${quoted(event.message, 24)}` : ''}`);
    case 'mqtt-packet':
      return oneLine(`MQTT ${event.typeName}${event.topic ? ` ${event.topic}` : ''}${event.qos === undefined ? '' : ` QoS ${event.qos}`}`);
    case 'condition':
      return conditionLabel(event.condition, event.ms, event.origin, event.open);
    case 'dropped':
      return wireText('label.dropped', { count: event.count });
    default:
      // A kind added after contract version 1: drawn as a neutral marker, never an error.
      return `${(event as { kind: string }).kind}`;
  }
}

function conditionLabel(condition: string, ms: number | undefined, origin: string | undefined, open: number | undefined): string {
  switch (condition) {
    case 'latency':
      return wireText('label.latency', { duration: formatDuration(ms ?? 0) });
    case 'bandwidth':
      return wireText('label.bandwidth', { duration: formatDuration(ms ?? 0) });
    case 'drop':
      return wireText('label.drop');
    case 'pause':
      return wireText('label.pause');
    case 'resume':
      return wireText('label.resume');
    case 'cap-hold':
      return oneLine(wireText('label.capHold', { open: open ?? 6, origin: origin ?? 'origin' }));
    case 'cap-release':
      return wireText('label.capRelease', { duration: formatDuration(ms ?? 0) });
    default:
      return condition;
  }
}

/** What runs of identical frames are called in an aggregate row: "ws text frames", "SSE events". */
export function runNoun(event: WireEvent): string {
  switch (event.kind) {
    case 'ws-frame':
      return wireText('noun.wsFrames', { opcode: event.opcodeName });
    case 'sse-event':
      return event.comment !== undefined ? wireText('noun.sseComments') : wireText('noun.sseEvents', { event: event.event });
    case 'http-body-chunk':
      return wireText('noun.bodyChunks');
    case 'grpc-message':
      return wireText('noun.grpcMessages');
    case 'h2-frame':
      return wireText('noun.h2Frames', { type: event.typeName });
    case 'mqtt-packet':
      return wireText('noun.mqttPackets', { type: event.typeName });
    default:
      return wireText('noun.other', { kind: event.kind });
  }
}

/** Payload bytes an event stands for (for "12 KB" in aggregates and per-arrow byte counts). */
export function eventBytes(event: WireEvent): number {
  switch (event.kind) {
    case 'ws-frame':
    case 'http-body-chunk':
    case 'grpc-message':
    case 'h2-frame':
    case 'mqtt-packet':
      return event.length;
    default:
      return event.raw?.total ?? 0;
  }
}

/**
 * What the details panel shows for one row: every field the capture reported, all headers in wire
 * order, the payload preview, and the raw bytes as a hex dump (what Wireshark's bytes pane shows).
 */
import type { RawBytes, WireEvent } from '../trace-events.ts';
import { formatBytes } from './labels.ts';
import type { DrawnRow } from './rows.ts';
import { formatClock } from './svg-render.ts';
import { wireText } from './wire-strings.ts';

export interface RowDetails {
  heading: string;
  /** Name/value pairs, in a sensible reading order. */
  fields: Array<[string, string]>;
  headers: Array<[string, string]>;
  preview: string | undefined;
  /** Hex dump lines ("0000  48 54 54 50 …  HTTP…"), when the capture attached raw bytes. */
  hex: string[];
}

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function hexDump(raw: RawBytes, maxLines = 64): string[] {
  const bytes = decodeBase64(raw.data);
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length && lines.length < maxLines; offset += 16) {
    const slice = [...bytes.subarray(offset, offset + 16)];
    const hex = slice.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const ascii = slice.map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (raw.truncated) lines.push(wireText('details.moreBytes', { count: raw.total - bytes.length }));
  return lines;
}

const SKIP = new Set(['kind', 't', 'pid', 'seq', 'raw', 'headers', 'preview', 'byKind']);

function eventFields(event: WireEvent): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    [wireText('details.kind'), event.kind],
    [wireText('details.time'), formatClock(event.t)],
    [wireText('details.process'), String(event.pid)],
  ];
  for (const [key, value] of Object.entries(event)) {
    if (SKIP.has(key) || value === undefined) continue;
    fields.push([key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  if (event.kind === 'dropped') fields.push([wireText('details.byKind'), Object.entries(event.byKind).map(([kind, count]) => `${kind} ${count}`).join(', ')]);
  return fields;
}

export function rowDetails(row: DrawnRow, describeConn: (conn: string) => string): RowDetails {
  if (row.kind === 'idle') return { heading: row.label, fields: [[wireText('details.from'), formatClock(row.t)], [wireText('details.quietFor'), `${row.ms.toFixed(0)} ms`]], headers: [], preview: undefined, hex: [] };
  const event = row.kind === 'aggregate' ? row.first : row.event;
  const heading = row.kind === 'note' ? row.label : `${row.fromName} → ${row.toName}: ${row.label}`;
  const fields = eventFields(event);
  const conn = row.kind === 'note' ? row.conn : row.ends.conn;
  if (conn !== undefined) fields.splice(1, 0, [wireText('details.connection'), describeConn(conn)]);
  if (row.kind === 'aggregate') {
    fields.unshift([wireText('details.frames'), String(row.count)], [wireText('details.bytes'), formatBytes(row.bytes)], [wireText('details.until'), formatClock(row.tEnd)]);
  }
  const headers = 'headers' in event && event.headers ? [...event.headers] : [];
  const preview = 'preview' in event && typeof event.preview === 'string' ? event.preview : event.kind === 'sse-event' ? event.data : undefined;
  return { heading, fields, headers, preview, hex: event.raw ? hexDump(event.raw) : [] };
}

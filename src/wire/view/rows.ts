/**
 * The rows of a wire diagram: what the model produces and every renderer (SVG, accessible log,
 * Mermaid export) consumes. One row per drawn line, all the same height, so a window of rows is cheap
 * to find and draw however long the trace is.
 */
import type { WireEvent } from '../trace-events.ts';

/** Solid for what a client starts (requests, its frames), dashed for what answers or flows back, as in the lessons. */
export type LineStyle = 'solid' | 'dashed';
/** 'cross' marks a connection that was cut (reset, drop), like Mermaid's `-x`. */
export type HeadStyle = 'arrow' | 'cross';

/** Which end of a connection an arrow leaves from. */
export interface Ends {
  conn: string;
  /** 'local' = the `local` end of `conn` sends. */
  from: 'local' | 'remote';
}

interface RowBase {
  /** Stable within one model build: survives appends, so keyboard focus can follow it. */
  id: number;
  /** Start of the row, ms since the run started. */
  t: number;
}

export interface ArrowRow extends RowBase {
  kind: 'arrow';
  ends: Ends;
  label: string;
  line: LineStyle;
  head: HeadStyle;
  event: WireEvent;
  bytes: number;
}

/** A run of identical frames in quick succession, drawn as one arrow: "×240 ws text frames, 12 KB". */
export interface AggregateRow extends RowBase {
  kind: 'aggregate';
  ends: Ends;
  label: string;
  line: LineStyle;
  head: HeadStyle;
  noun: string;
  count: number;
  bytes: number;
  tEnd: number;
  first: WireEvent;
  last: WireEvent;
}

/** A folded quiet stretch: "… 4.2 s idle …". */
export interface IdleRow extends RowBase {
  kind: 'idle';
  ms: number;
  label: string;
}

/** A marker across one connection or the whole run: processes, conditions, lost events. */
export interface NoteRow extends RowBase {
  kind: 'note';
  /** The connection it sits over; absent = over every lifeline. */
  conn?: string;
  /** For a process event: the entry it names, so the note sits over that lifeline when there is one. */
  entry?: string;
  label: string;
  tone: 'process' | 'condition' | 'dropped' | 'other';
  event: WireEvent;
  /** How many events of the same kind this note stands for (repeated latency on one connection). */
  count: number;
}

export type Row = ArrowRow | AggregateRow | IdleRow | NoteRow;

/** A row with its lifeline names resolved, for drawing. */
export type DrawnRow =
  | (ArrowRow & { fromName: string; toName: string })
  | (AggregateRow & { fromName: string; toName: string })
  | IdleRow
  | (NoteRow & { over: string[] });

/** Connection of a row, when it has one (filters, details). */
export function rowConn(row: Row): string | undefined {
  return row.kind === 'idle' ? undefined : row.kind === 'note' ? row.conn : row.ends.conn;
}

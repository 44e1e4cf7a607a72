/**
 * Merging the batches of all processes of one run into the trace the page sees (used by the runner and
 * the WebContainer backend, so both runtimes send the same thing).
 *
 * - One TCP connection between two processes of the run is observed at both ends. Both ends'
 *   announcements ('connect'/'accept') pass, so names can be resolved, but every other event passes
 *   only from the end whose announcement arrived first: each end sees both directions, so one is
 *   enough, and drawing both would show every message twice.
 * - A rate cap (token bucket) bounds what one run can send to the page; what is over it becomes a
 *   `dropped` marker with counts by kind, so the view can say what it is not showing.
 */
import type { DroppedEventsEvent, WireEvent } from './trace-events.ts';

export const DEFAULT_EVENTS_PER_SECOND = 5000;

export class TraceMerger {
  private readonly ownerOfPair = new Map<string, string>();
  private readonly mirrorConns = new Set<string>();
  private tokens: number;
  private last = performance.now();
  private dropped: DroppedEventsEvent | undefined;
  private readonly perSecond: number;

  constructor(perSecond = DEFAULT_EVENTS_PER_SECOND) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
  }

  /** The events of one batch that should reach the page, in the batch's order. */
  accept(batch: readonly WireEvent[]): WireEvent[] {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    const out: WireEvent[] = [];
    if (this.dropped && this.tokens >= 1) {
      out.push(this.dropped);
      this.dropped = undefined;
      this.tokens -= 1;
    }
    for (const event of batch) {
      if (!this.keep(event)) continue;
      // Announcements and markers always pass: without them the view cannot name or explain anything.
      const essential = event.kind === 'tcp' || event.kind === 'process' || event.kind === 'dropped' || event.kind === 'condition';
      if (!essential && this.tokens < 1) {
        this.count(event);
        continue;
      }
      if (!essential) this.tokens -= 1;
      out.push(event);
    }
    return out;
  }

  private keep(event: WireEvent): boolean {
    if (event.kind === 'tcp' && (event.action === 'connect' || event.action === 'accept') && event.pair !== undefined) {
      const owner = this.ownerOfPair.get(event.pair);
      if (owner === undefined) this.ownerOfPair.set(event.pair, event.conn);
      else if (owner !== event.conn) this.mirrorConns.add(event.conn);
      return true;
    }
    return event.conn === undefined || !this.mirrorConns.has(event.conn) || event.kind === 'condition';
  }

  private count(event: WireEvent): void {
    const dropped = (this.dropped ??= { kind: 'dropped', count: 0, fromT: event.t, toT: event.t, byKind: {}, t: event.t, pid: event.pid, seq: event.seq });
    dropped.count++;
    dropped.toT = event.t;
    dropped.t = event.t;
    dropped.byKind[event.kind] = (dropped.byKind[event.kind] ?? 0) + 1;
  }

  /** The marker still pending at the end of the run, if any. */
  finish(): WireEvent[] {
    const rest = this.dropped ? [this.dropped] : [];
    this.dropped = undefined;
    return rest;
  }
}

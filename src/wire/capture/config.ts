/**
 * How the runtime tells the capture preload what to do, and how the preload's batches travel back.
 * Shared by the runner (which writes the config), the preload (which reads it) and the backends
 * (which read the batches), so both sides agree on one format.
 *
 * The config travels in one environment variable, so every Node process the run starts inherits it.
 * Batches are JSON lines `{"events":[…]}`:
 * - local runner: written to an extra pipe (stdio fd 4) that only the runner reads. Children inherit
 *   the descriptor; the preload checks the inode the entry recorded, so a process whose fd 4 is
 *   something else never writes there. Learner stdout/stderr stay byte-for-byte the program's.
 * - WebContainers: there is no extra descriptor, only the merged terminal, so each batch is written to
 *   stdout inside a private OSC sequence (ESC ] 7702 ; … BEL). Terminals ignore unknown OSC sequences
 *   and the backend's TerminalReader already strips every OSC sequence from what it shows; the backend
 *   takes the batches out before that (`extractOscBatches`). JSON escapes ESC and BEL, so a batch can
 *   never end the sequence early.
 */
import type { NetworkConditions, WireEvent } from '../trace-events.ts';

export const WIRE_ENV = 'BRR_WIRE';
/** The local runner's wire pipe: stdio index 4 (3 is the port-report pipe). */
export const WIRE_FD = 4;
export const WIRE_OSC_START = '\u001b]7702;';
export const WIRE_OSC_END = '\u0007';

export interface CaptureConfig {
  /** Date.now() when the run started: every process measures `t` from it. */
  t0: number;
  rawBytes: number;
  conditions: NetworkConditions;
  channel: { kind: 'fd'; fd: number; ino?: number } | { kind: 'osc' };
}

export function readCaptureConfig(text: string | undefined): CaptureConfig | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as CaptureConfig;
    return typeof value.t0 === 'number' && typeof value.channel === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function encodeBatch(events: readonly WireEvent[]): string {
  return `${JSON.stringify({ events })}\n`;
}

/** Longest batch line a reader accepts; longer lines are not from the preload and are dropped. */
export const MAX_BATCH_LINE = 4 * 1024 * 1024;

/** Parses one batch line; anything that is not a list of events with a kind and a time is refused. */
export function decodeBatch(line: string): WireEvent[] | undefined {
  if (line.length > MAX_BATCH_LINE) return undefined;
  try {
    const value = JSON.parse(line) as { events?: unknown };
    if (!Array.isArray(value.events)) return undefined;
    return value.events.filter(
      (event): event is WireEvent =>
        typeof event === 'object' && event !== null && typeof (event as WireEvent).kind === 'string' && typeof (event as WireEvent).t === 'number',
    );
  } catch {
    return undefined;
  }
}

/**
 * Takes wire batches out of a WebContainer terminal stream. Feed it text as it arrives; it returns the
 * text without the batches (for the output pane) and the events. An OSC sequence cut between two
 * chunks is held back until its end arrives.
 */
export class OscBatchExtractor {
  private pending = '';

  push(text: string): { text: string; events: WireEvent[] } {
    let input = this.pending + text;
    this.pending = '';
    let out = '';
    const events: WireEvent[] = [];
    for (;;) {
      const start = input.indexOf(WIRE_OSC_START);
      if (start === -1) {
        // Keep a possible beginning of the marker for the next chunk.
        const keep = partialPrefix(input, WIRE_OSC_START);
        out += input.slice(0, input.length - keep);
        this.pending = input.slice(input.length - keep);
        return { text: out, events };
      }
      out += input.slice(0, start);
      const end = input.indexOf(WIRE_OSC_END, start);
      if (end === -1) {
        this.pending = input.slice(start);
        if (this.pending.length > MAX_BATCH_LINE) this.pending = '';
        return { text: out, events };
      }
      const batch = decodeBatch(input.slice(start + WIRE_OSC_START.length, end));
      if (batch) events.push(...batch);
      input = input.slice(end + WIRE_OSC_END.length);
    }
  }
}

function partialPrefix(text: string, marker: string): number {
  for (let keep = Math.min(marker.length - 1, text.length); keep > 0; keep--) {
    if (marker.startsWith(text.slice(text.length - keep))) return keep;
  }
  return 0;
}

/**
 * "Export trace": the events as captured, in drawing order, with the contract version, so a trace can
 * be loaded again (tests inject one) or read with any JSON tool.
 */
import { WIRE_CONTRACT_VERSION, type WireEvent } from '../trace-events.ts';
import { wireText } from './wire-strings.ts';

export interface ExportedTrace {
  format: 'course-wire-trace';
  version: number;
  sandbox: string;
  exportedAt: string;
  /** Events forgotten before export because the trace was longer than the view keeps. */
  forgotten: number;
  events: WireEvent[];
}

export function exportTrace(events: readonly WireEvent[], sandbox: string, forgotten = 0, now = new Date()): string {
  const trace: ExportedTrace = { format: 'course-wire-trace', version: WIRE_CONTRACT_VERSION, sandbox, exportedAt: now.toISOString(), forgotten, events: [...events] };
  return JSON.stringify(trace, null, 1);
}

/** Reads an exported trace back; a sentence for the learner when it is not one. */
export function importTrace(text: string): WireEvent[] {
  const parsed = JSON.parse(text) as Partial<ExportedTrace>;
  if (parsed.format !== 'course-wire-trace' || !Array.isArray(parsed.events)) throw new Error(wireText('open.notTrace'));
  return parsed.events;
}

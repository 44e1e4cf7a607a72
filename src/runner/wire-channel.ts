/**
 * The runner's end of the wire-capture side channel (issue #16). When a run asks for capture, every
 * Node process of it loads the capture preload (src/wire/capture/wire-preload.ts), which writes JSON
 * batch lines to stdio fd 4; this module adds the preload and its config to the run's environment,
 * reads the pipe, merges the processes' batches (src/wire/trace-merge.ts) and sends `wire` messages.
 *
 * Memory stays bounded whatever the program does: lines are length-capped, nothing is queued here (a
 * batch is sent as soon as it is read), and the merger caps events per second with a dropped marker.
 */
import type { Readable } from 'node:stream';
import { decodeBatch, MAX_BATCH_LINE, WIRE_ENV, WIRE_FD, type CaptureConfig } from '../wire/capture/config.ts';
import { compiledPreloadUrl } from '../wire/capture/compile.ts';
import { TraceMerger } from '../wire/trace-merge.ts';
import type { WireEvent, WireRunOptions } from '../wire/trace-events.ts';
import { readPipeLines } from './pipe-lines.ts';

export { WIRE_FD };
export type { WireRunOptions };



/** The environment additions for a captured run: the config variable and the extra --import. */
export function wireEnvironment(options: WireRunOptions, t0: number): { env: Record<string, string>; importUrl: string } {
  const config: CaptureConfig = { t0, rawBytes: options.rawBytes ?? 0, conditions: options.conditions ?? {}, channel: { kind: 'fd', fd: WIRE_FD } };
  return { env: { [WIRE_ENV]: JSON.stringify(config) }, importUrl: compiledPreloadUrl() };
}

/** Reads batch lines from the run's wire pipe and hands merged events on until the pipe closes. */
export function readWireBatches(stream: Readable, onEvents: (events: WireEvent[]) => void): void {
  const merger = new TraceMerger();
  // A line longer than MAX_BATCH_LINE is not from the preload; readPipeLines drops it.
  readPipeLines(
    stream,
    MAX_BATCH_LINE,
    (line) => {
      const batch = decodeBatch(line);
      const events = batch ? merger.accept(batch) : [];
      if (events.length) onEvents(events);
    },
    () => {
      const rest = merger.finish();
      if (rest.length) onEvents(rest);
    },
  );
}

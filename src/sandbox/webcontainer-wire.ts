/**
 * Wire capture in the WebContainer backend (issue #16): the same preload the local runner uses
 * (src/wire/capture/wire-preload.ts), written into the container as TypeScript files and `--import`ed
 * into every Node process of the run (the container's Node strips types, or runs tsx, as for the
 * learner's own files). A WebContainer process has only its merged terminal, so batches arrive inside
 * private OSC sequences on stdout (config.ts explains why that keeps the learner's output clean);
 * `take` removes them from the text before the TerminalReader sees it and hands them to `onWire`,
 * merged across processes exactly as the runner merges them.
 *
 * The sources are loaded lazily (a separate chunk), so pages that never capture pay no bytes for it.
 */
import { OscBatchExtractor, WIRE_ENV, type CaptureConfig } from '../wire/capture/config.ts';
import { TraceMerger } from '../wire/trace-merge.ts';
import type { WireEvent, WireRunOptions } from '../wire/trace-events.ts';
import type { ContainerLike } from './webcontainer-boot.ts';

const WIRE_DIR = '.course/wire';
const written = new WeakSet<ContainerLike>();

export interface WireCapture {
  /** Extra `node` flags (the preload), also for NODE_OPTIONS. */
  flags: string[];
  env: Record<string, string>;
  /** Terminal text in, terminal text without wire batches out; events go to onWire. */
  take(text: string): string;
}

/** Writes the preload into the container once, and returns what the run needs to capture. */
export async function wireCapture(
  container: ContainerLike,
  options: WireRunOptions,
  onWire: ((events: WireEvent[]) => void) | undefined,
): Promise<WireCapture> {
  if (!written.has(container)) {
    const sources = import.meta.glob(['../wire/capture/*.ts', '../wire/decode/*.ts', '../wire/trace-events.ts'], {
      query: '?raw',
      import: 'default',
    });
    await container.fs.mkdir(`${WIRE_DIR}/capture`, { recursive: true });
    await container.fs.mkdir(`${WIRE_DIR}/decode`, { recursive: true });
    for (const [path, load] of Object.entries(sources)) {
      await container.fs.writeFile(`${WIRE_DIR}/${path.replace(/^\.\.\/wire\//, '')}`, String(await load()));
    }
    written.add(container);
  }
  const config: CaptureConfig = { t0: Date.now(), rawBytes: options.rawBytes ?? 0, conditions: options.conditions ?? {}, channel: { kind: 'osc' } };
  const extractor = new OscBatchExtractor();
  const merger = new TraceMerger();
  return {
    flags: [`--import=${container.workdir}/${WIRE_DIR}/capture/wire-preload.ts`],
    env: { [WIRE_ENV]: JSON.stringify(config) },
    take(text) {
      const { text: rest, events } = extractor.push(text);
      const merged = events.length ? merger.accept(events) : [];
      if (merged.length) onWire?.(merged);
      return rest;
    },
  };
}

/**
 * The producer side of a SandboxProcess: both backends push output chunks as they arrive and finish
 * once, and the page reads a ReadableStream plus an exit promise, as with WebContainer processes.
 */
import type { ExitInfo, OutputChunk } from './runtime.ts';

export interface ProcessChannel {
  readonly output: ReadableStream<OutputChunk>;
  readonly exit: Promise<ExitInfo>;
  /** True once `finish` ran: later pushes are dropped. */
  readonly finished: boolean;
  push(chunk: OutputChunk): void;
  /** Closes the output and settles `exit`; only the first call counts, so the first cause of an ending wins. */
  finish(info: ExitInfo): void;
}

export function createProcessChannel(): ProcessChannel {
  let controller!: ReadableStreamDefaultController<OutputChunk>;
  let resolveExit!: (info: ExitInfo) => void;
  let finished = false;
  // Set when the reader cancels the stream: enqueue() would throw from then on.
  let cancelled = false;
  const output = new ReadableStream<OutputChunk>({
    start(streamController) {
      controller = streamController;
    },
    cancel() {
      cancelled = true;
    },
  });
  const exit = new Promise<ExitInfo>((resolve) => {
    resolveExit = resolve;
  });
  return {
    output,
    exit,
    get finished() {
      return finished;
    },
    push(chunk) {
      if (finished || cancelled || chunk.data === '') return;
      controller.enqueue(chunk);
    },
    finish(info) {
      if (finished) return;
      finished = true;
      if (!cancelled) controller.close();
      resolveExit(info);
    },
  };
}

/** Reads a whole output stream into chunks (for tests and for callers that want everything at the end). */
export async function readAllOutput(output: ReadableStream<OutputChunk>): Promise<OutputChunk[]> {
  const chunks: OutputChunk[] = [];
  const reader = output.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

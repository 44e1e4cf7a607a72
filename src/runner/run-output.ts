/**
 * A run's stdout and stderr on their way to the browser: decoded as UTF-8 across chunk boundaries,
 * cut at limits.outputBytes, and watched for V8's heap-exhaustion message.
 */
import { StringDecoder } from 'node:string_decoder';

/** What V8 prints (then aborts) when a process reaches the heap limit (--max-old-space-size). */
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;
/** Enough of the previous stderr chunk to match HEAP_EXHAUSTED across a chunk boundary. */
const STDERR_CARRY_LENGTH = 64;

export type OutputStream = 'stdout' | 'stderr';

export class RunOutput {
  private readonly limitBytes: number;
  private readonly emit: (stream: OutputStream, data: string) => void;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private bytes = 0;
  private stderrCarry = '';
  /** The output limit was reached; nothing more is passed on. */
  cut = false;
  /** stderr said the V8 heap ran out. */
  heapExhausted = false;

  constructor(limitBytes: number, emit: (stream: OutputStream, data: string) => void) {
    this.limitBytes = limitBytes;
    this.emit = emit;
  }

  /** Passes a chunk on; returns true when this chunk crossed the output limit. */
  write(stream: OutputStream, chunk: Buffer): boolean {
    if (this.cut) return false;
    const room = this.limitBytes - this.bytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes += kept.length;
    const data = this.decoders[stream].write(kept);
    if (data) {
      this.emit(stream, data);
      if (stream === 'stderr') {
        const window = this.stderrCarry + data;
        if (HEAP_EXHAUSTED.test(window)) this.heapExhausted = true;
        this.stderrCarry = window.slice(-STDERR_CARRY_LENGTH);
      }
    }
    if (kept !== chunk) this.cut = true;
    return kept !== chunk;
  }

  /** Passes on the bytes of an incomplete character the decoders still hold. */
  flush(): void {
    if (this.cut) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (rest) this.emit(stream, rest);
    }
  }
}

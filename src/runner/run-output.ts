/**
 * A run's stdout and stderr on their way to the browser: decoded as UTF-8 across chunk boundaries,
 * cut at limits.outputBytes, watched for V8's heap-exhaustion message, and batched: a program that
 * prints line by line would otherwise cost the browser one WebSocket message (a task, a JSON parse) per
 * line, so output is gathered for up to BATCH_MS or BATCH_CHARS and sent as one message per stream run.
 */
import { StringDecoder } from 'node:string_decoder';

/** What V8 prints (then aborts) when a process reaches the heap limit (--max-old-space-size). */
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;
/** Enough of the previous stderr chunk to match HEAP_EXHAUSTED across a chunk boundary. */
const STDERR_CARRY_LENGTH = 64;
/** How long output may wait to be batched: under one frame at 60 Hz, so a prompt still appears at once. */
export const BATCH_MS = 15;
/** A batch this large is sent at once (a 64 KiB pipe read decodes to at most this many characters). */
export const BATCH_CHARS = 65_536;

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

  private batch: string[] = [];
  private batchChars = 0;
  private batchStream: OutputStream = 'stdout';
  private batchTimer: NodeJS.Timeout | undefined;

  constructor(limitBytes: number, emit: (stream: OutputStream, data: string) => void) {
    this.limitBytes = limitBytes;
    this.emit = emit;
  }

  /** Queues decoded text; a change of stream sends what was queued first, so the order between streams holds. */
  private queue(stream: OutputStream, data: string): void {
    if (this.batchChars > 0 && stream !== this.batchStream) this.send();
    this.batchStream = stream;
    this.batch.push(data);
    this.batchChars += data.length;
    if (this.batchChars >= BATCH_CHARS) this.send();
    else this.batchTimer ??= setTimeout(() => this.send(), BATCH_MS);
  }

  /** Sends the queued batch now; called before any other message about the run (a notice, the exit). */
  send(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batchChars === 0) return;
    const data = this.batch.join('');
    this.batch = [];
    this.batchChars = 0;
    this.emit(this.batchStream, data);
  }

  /** Passes a chunk on; returns true when this chunk crossed the output limit. */
  write(stream: OutputStream, chunk: Buffer): boolean {
    if (this.cut) return false;
    const room = this.limitBytes - this.bytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes += kept.length;
    const data = this.decoders[stream].write(kept);
    if (data) {
      this.queue(stream, data);
      if (stream === 'stderr') {
        const window = this.stderrCarry + data;
        if (HEAP_EXHAUSTED.test(window)) this.heapExhausted = true;
        this.stderrCarry = window.slice(-STDERR_CARRY_LENGTH);
      }
    }
    if (kept !== chunk) {
      this.cut = true;
      // The limit notice follows at once; the output before it must arrive first.
      this.send();
    }
    return kept !== chunk;
  }

  /** Passes on the bytes of an incomplete character the decoders still hold, and sends the last batch. */
  flush(): void {
    if (!this.cut) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = this.decoders[stream].end();
        if (rest) this.queue(stream, rest);
      }
    }
    this.send();
  }
}

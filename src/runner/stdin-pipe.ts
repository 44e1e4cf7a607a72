/**
 * A run's standard input, flow-controlled. Node buffers whatever is written to a child's stdin that
 * the child has not read yet, without bound; a page sending megabytes to a program that never reads
 * would grow the runner instead of the program. So once `write()` says the pipe is full (returns
 * false) and more than limits.stdinBufferBytes wait in it, further input is refused with
 * E_STDIN_FULL until the child reads and the pipe drains.
 */
import type { Writable } from 'node:stream';
import { errorMessage, type ErrorMessage } from './protocol.ts';
import { formatBytes } from './limit-notices.ts';

export class StdinPipe {
  private readonly runId: string;
  private readonly maxBufferedBytes: number;
  private stdin: Writable | undefined;
  private ended = false;
  private full = false;

  constructor(runId: string, maxBufferedBytes: number) {
    this.runId = runId;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  attach(stdin: Writable | null | undefined): void {
    if (!stdin) return;
    this.stdin = stdin;
    // Writing to a process that has exited fails with EPIPE; that is not the runner's problem.
    stdin.on('error', () => {});
    stdin.on('drain', () => {
      this.full = false;
    });
  }

  /** Writes to the entry process's stdin; returns an error message when that is not possible. */
  write(data: string, end: boolean): ErrorMessage | undefined {
    const stdin = this.stdin;
    if (this.ended || !stdin || stdin.destroyed) {
      return errorMessage(
        'E_STDIN_CLOSED',
        `The standard input of run "${this.runId}" is already closed${this.ended ? ' (a previous message had "end": true)' : ''}. ` +
          'Start a new run to send more input.',
        this.runId,
      );
    }
    if (this.full && stdin.writableLength > this.maxBufferedBytes) {
      return errorMessage(
        'E_STDIN_FULL',
        `Run "${this.runId}" has ${formatBytes(stdin.writableLength)} of input it has not read yet, more than the ` +
          `${formatBytes(this.maxBufferedBytes)} the runner holds for a program, so this input was dropped. ` +
          'Read standard input in the program (process.stdin.on("data", …) or readline), or send less at a time.',
        this.runId,
      );
    }
    if (data.length > 0 && !stdin.write(data)) this.full = true;
    if (end) {
      this.ended = true;
      stdin.end();
    }
    return undefined;
  }
}

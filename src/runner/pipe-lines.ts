/**
 * Reads newline-terminated lines from a side-channel pipe of a sandbox process (port reports, wire
 * batches). The process is hostile input: a line longer than `maxLength` is dropped rather than buffered
 * without bound, and pipe errors are ignored because they only mean the process is gone (its exit is
 * handled where it is spawned).
 */
import type { Readable } from 'node:stream';

export function readPipeLines(stream: Readable, maxLength: number, onLine: (line: string) => void, onEnd?: () => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      onLine(line);
      newline = pending.indexOf('\n');
    }
    if (pending.length > maxLength) pending = '';
  });
  if (onEnd) stream.on('end', onEnd);
  stream.on('error', () => {});
}

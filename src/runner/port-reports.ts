/**
 * Reads the listen reporter's JSON lines (see preload/report-listening.ts) from the run's extra pipe. The entry
 * process could write anything to that pipe, so lines are length-capped and every value is checked.
 */
import type { Readable } from 'node:stream';
import { readPipeLines } from './pipe-lines.ts';

/** Far longer than `{"port":65535}`; anything longer is not a report. */
const MAX_LINE_LENGTH = 256;

export function readPortReports(stream: Readable, onPort: (port: number) => void): void {
  const seen = new Set<number>();
  readPipeLines(stream, MAX_LINE_LENGTH, (line) => {
    const port = parsePortReport(line);
    // A server that closes and listens again on the same port is still the same address to the browser.
    if (port !== undefined && !seen.has(port)) {
      seen.add(port);
      onPort(port);
    }
  });
}

export function parsePortReport(line: string): number | undefined {
  if (line.length > MAX_LINE_LENGTH) return undefined;
  try {
    const report: unknown = JSON.parse(line);
    if (typeof report !== 'object' || report === null) return undefined;
    const port = (report as { port?: unknown }).port;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Incremental text/event-stream parser following WHATWG HTML §9.2.6 ("Interpreting an event stream"):
 * lines end in CRLF, LF or CR (a CR at the end of one piece and an LF at the start of the next are one
 * line end); a blank line dispatches; `data` lines join with LF; `id` containing NUL is ignored; `retry`
 * counts only when all ASCII digits; lines starting with ':' are comments. The UTF-8 decoder drops one
 * leading BOM, as the spec requires.
 *
 * Bounded: only the first line of the data buffer is kept (that is all the trace shows) and an overlong
 * line is cut at MAX_LINE characters, so a huge event costs no memory.
 */
import { PREVIEW_CHARS } from '../trace-events.ts';
import type { DecodedTraffic } from './decoded.ts';

const MAX_LINE = 8192;

export class SseDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private line = '';
  private lineLength = 0;
  private afterCR = false;
  private eventType = '';
  private firstDataLine: string | undefined;
  private dataLines = 0;
  private lastEventId: string | undefined;
  private retry: number | undefined;
  private totalBytes = 0;

  /** Feed bytes of the (already de-chunked) body; returns the events and comments they completed. */
  push(bytes: Uint8Array): DecodedTraffic[] {
    this.totalBytes += bytes.length;
    return this.pushText(this.utf8.decode(bytes, { stream: true }));
  }

  pushText(text: string): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 10 && this.afterCR && i === start && this.line === '') {
        // LF right after a CR that already ended the line: the second half of a CRLF.
        this.afterCR = false;
        start = i + 1;
        continue;
      }
      this.append(text.slice(start, i));
      this.endLine(out);
      this.afterCR = c === 13;
      start = i + 1;
    }
    if (start < text.length) {
      this.append(text.slice(start));
      this.afterCR = false;
    }
    return out;
  }

  private append(piece: string): void {
    if (piece === '') return;
    this.afterCR = false;
    if (this.lineLength < MAX_LINE) this.line += piece.slice(0, MAX_LINE - this.lineLength);
    this.lineLength += piece.length;
  }

  private endLine(out: DecodedTraffic[]): void {
    const line = this.line;
    this.line = '';
    this.lineLength = 0;
    if (line === '') return this.dispatch(out);
    if (line.startsWith(':')) {
      out.push({ kind: 'sse-event', event: '', data: '', dataLines: 0, comment: line.slice(1, 1 + PREVIEW_CHARS) });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        if (this.dataLines === 0) this.firstDataLine = value.slice(0, PREVIEW_CHARS);
        this.dataLines++;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
      // Unknown fields are ignored, as the spec says.
    }
  }

  private dispatch(out: DecodedTraffic[]): void {
    // "If the data buffer is an empty string": no data line since the last dispatch.
    if (this.dataLines === 0) {
      this.eventType = '';
      return;
    }
    out.push({
      kind: 'sse-event',
      ...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}),
      event: this.eventType === '' ? 'message' : this.eventType,
      data: this.firstDataLine ?? '',
      dataLines: this.dataLines,
      ...(this.retry !== undefined ? { retry: this.retry } : {}),
    });
    this.retry = undefined;
    this.eventType = '';
    this.firstDataLine = undefined;
    this.dataLines = 0;
  }
}

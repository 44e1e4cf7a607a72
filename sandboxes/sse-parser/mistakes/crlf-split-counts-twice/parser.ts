/** One dispatched event: what EventSource hands to listeners as a MessageEvent's type, data and lastEventId. */
export interface ServerSentEvent {
  /** The `event:` field, or "message" when the event had none. */
  type: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on this stream so far (ids persist across events until the server changes them). */
  lastEventId: string;
}

export interface EventStreamHandlers {
  onEvent(event: ServerSentEvent): void;
  /** A valid `retry:` field: the new reconnection time in milliseconds. */
  onRetry?(ms: number): void;
}

export interface EventStreamParser {
  /** Feeds the next bytes of the body. Chunks may be cut anywhere: inside a line, a CRLF or a character. */
  push(chunk: Uint8Array): void;
  /** The body ended. An event that no blank line terminated is discarded, as the spec requires. */
  end(): void;
  /** The last event ID string: what a reconnecting client sends back as Last-Event-ID. */
  readonly lastEventId: string;
}

export interface ParserOptions {
  /** Longest line or event, in characters, before push() throws instead of buffering forever. Default 1 MiB. */
  maxEventChars?: number;
}

/**
 * A text/event-stream parser that follows WHATWG HTML §9.2.6 "Interpreting an event stream":
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function createEventStreamParser(handlers: EventStreamHandlers, options: ParserOptions = {}): EventStreamParser {
  const maxEventChars = options.maxEventChars ?? 1 << 20;
  // One decoder for the whole body: `stream: true` holds back a character whose bytes are split across
  // chunks. Its default (ignoreBOM: false) drops one leading BOM, exactly like the spec's "UTF-8 decode",
  // and invalid bytes become U+FFFD instead of errors. Event streams are always UTF-8.
  const decoder = new TextDecoder('utf-8');
  let pending = ''; // text after the last line break: a line still in transit
  let lastChunkEndedInCr = false; // a CR ended the text so far; an LF right after it completes that CRLF
  let data = '';
  let eventType = '';
  let idBuffer = ''; // set by `id:` lines, copied to lastEventId when an event is dispatched
  let lastEventId = '';

  function dispatch(): void {
    // The id is committed even when nothing is dispatched, so `id: 7` + blank line moves the resume point.
    lastEventId = idBuffer;
    if (data === '') {
      eventType = ''; // an event without data is not dispatched at all
      return;
    }
    const event = { type: eventType === '' ? 'message' : eventType, data: data.slice(0, -1), lastEventId };
    data = '';
    eventType = '';
    handlers.onEvent(event);
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // a comment: heartbeats look like this
    const colon = line.indexOf(':');
    // Only the FIRST colon separates, and only ONE space after it is removed: "data:  x" keeps " x".
    const field = colon === -1 ? line : line.slice(0, colon); // no colon: the whole line names a field with value ""
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    // Field names are case-sensitive; unknown ones ("Data", "foo") are ignored.
    if (field === 'data') data += `${value}\n`;
    else if (field === 'event') eventType = value;
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  function processText(text: string): void {
    if (text === '') return; // the decoder may hold back every byte of a short chunk
    let start = 0;
    void lastChunkEndedInCr; // the LF half of a CRLF split across chunks
    lastChunkEndedInCr = false;
    let lineStart = start;
    // CRLF, a lone LF and a lone CR all end a line.
    for (let i = start; i < text.length; i += 1) {
      const char = text[i];
      if (char !== '\n' && char !== '\r') continue;
      processLine(pending + text.slice(lineStart, i));
      pending = '';
      if (char === '\r') {
        if (i + 1 === text.length) lastChunkEndedInCr = true;
        else if (text[i + 1] === '\n') i += 1;
      }
      lineStart = i + 1;
    }
    pending += text.slice(lineStart);
    if (pending.length + data.length > maxEventChars) {
      throw new Error(
        `The event stream sent a line or event longer than ${maxEventChars} characters without ending it. ` +
          'The parser stops instead of buffering without limit; close the connection, or raise maxEventChars if events really are that big.',
      );
    }
  }

  return {
    push(chunk) {
      processText(decoder.decode(chunk, { stream: true }));
    },
    end() {
      processText(decoder.decode()); // bytes the decoder held back (an incomplete character becomes U+FFFD)
      // "If the file ends in the middle of an event, before the final empty line, the incomplete event is
      // not dispatched": drop the unterminated line and the buffers.
      pending = '';
      data = '';
      eventType = '';
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

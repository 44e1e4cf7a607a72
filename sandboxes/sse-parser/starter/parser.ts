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
  let data = '';
  let eventType = '';
  let lastEventId = '';

  function dispatch(): void {
    // TODO: "dispatch the event" (§9.2.6):
    //   - an `id:` line only sets a buffer; copy it to lastEventId here, even when nothing is dispatched;
    //   - if no data line was seen, dispatch nothing (but still forget the event type);
    //   - data lines are joined with "\n" and the event has no trailing "\n".
    handlers.onEvent({ type: eventType === '' ? 'message' : eventType, data, lastEventId });
    data = '';
    eventType = '';
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    // TODO: a line starting with ":" is a comment. Otherwise split at the FIRST colon and remove ONE
    //       space after it ("data:  x" has the value " x"); a line without a colon is a field name with
    //       the value "". Field names are case-sensitive; ignore unknown ones.
    const [field, value = ''] = line.split(': ');
    if (field === 'data') data = data === '' ? value : `${data}\n${value}`;
    else if (field === 'event') eventType = value;
    // TODO: `id`: becomes the id buffer unless it contains a NULL character ("\0").
    // TODO: `retry`: only ASCII digits ("1500"); call handlers.onRetry(ms). Ignore "1.5", "-1", "10s".
  }

  return {
    push(chunk) {
      // TODO: chunks are cut anywhere, so:
      //   - keep ONE TextDecoder and call decode(chunk, { stream: true }) (it also drops a leading BOM);
      //   - keep the text after the last line break for the next chunk;
      //   - "\r\n", "\n" and "\r" all end a line, and a "\r\n" may be split between two chunks;
      //   - throw an Error if the kept text plus the data buffered so far exceed maxEventChars.
      const text = new TextDecoder().decode(chunk);
      for (const line of text.split('\n')) processLine(line);
    },
    end() {
      // TODO: flush the decoder; an event not yet ended by a blank line is discarded, not dispatched.
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

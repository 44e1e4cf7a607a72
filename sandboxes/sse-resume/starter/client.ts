// An EventSource-like client for Node that behaves as WHATWG HTML §9.2 describes: it parses the stream,
// remembers the last event id, waits the reconnection time after a drop and reconnects with a
// Last-Event-ID header, and gives up for good on 204, any other status than 200, or a wrong content type.
import http from 'node:http';

export type StreamEvent = { type: string; data: string; lastEventId: string };

export interface ClientOptions {
  url: string;
  onEvent(event: StreamEvent): void;
  /** Connection news: opened, dropped, reconnecting, closed. */
  onStatus?(message: string): void;
  /** The wait before reconnecting until the server sends `retry:`. Browsers use "a few seconds"; Chromium 3 s. */
  reconnectMs?: number;
}

export interface ReconnectingClient {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSED, like EventSource.readyState. */
  readonly readyState: 0 | 1 | 2;
  readonly lastEventId: string;
  /** Cuts the connection abruptly (destroys the socket), as a network failure would. */
  dropConnection(): void;
  close(): void;
  /** Settles when the client has closed for good. */
  readonly closed: Promise<void>;
}

export function connectEventSource(options: ClientOptions): ReconnectingClient {
  let readyState: 0 | 1 | 2 = 0;
  let lastEventId = '';
  let reconnectMs = options.reconnectMs ?? 3000;
  let request: http.ClientRequest | undefined;
  let timer: NodeJS.Timeout | undefined;
  let markClosed = (): void => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const status = (message: string): void => options.onStatus?.(message);

  function close(reason: string): void {
    if (readyState === 2) return;
    readyState = 2;
    clearTimeout(timer);
    request?.destroy();
    status(`closed: ${reason}`);
    markClosed();
  }

  function reconnectLater(attempt: http.ClientRequest, why: string): void {
    if (readyState === 2 || attempt !== request) return; // closed, or this attempt was already handled
    request = undefined;
    readyState = 0;
    status(`${why}; reconnecting in ${reconnectMs} ms${lastEventId === '' ? '' : ` with Last-Event-ID: ${lastEventId}`}`);
    timer = setTimeout(connect, reconnectMs);
  }

  function connect(): void {
    // The header goes only on requests after an id was seen (HTML §9.2.3 "reestablish the connection").
    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache' };
    if (lastEventId !== '') headers['last-event-id'] = lastEventId;
    const attempt = http.get(options.url, { headers, agent: false });
    request = attempt;
    attempt.on('error', () => reconnectLater(attempt, 'the connection failed'));
    attempt.on('response', (res) => {
      const type = res.headers['content-type'] ?? '';
      if (res.statusCode !== 200 || !type.startsWith('text/event-stream')) {
        res.resume();
        close(res.statusCode === 204 ? 'the server answered 204 No Content' : `HTTP ${res.statusCode} with content-type "${type}" fails the connection`);
        return;
      }
      readyState = 1;
      status('open');
      const decoder = new TextDecoder();
      let pending = '';
      let afterCr = false; // a chunk ended in CR: an LF at the start of the next one belongs to it
      let data = '';
      let eventType = '';
      let idBuffer = lastEventId;
      // HTML §9.2.6; the parser you wrote in the previous lesson does the same.
      const processLine = (line: string): void => {
        if (line === '') {
          lastEventId = idBuffer;
          if (data !== '') options.onEvent({ type: eventType || 'message', data: data.slice(0, -1), lastEventId });
          [data, eventType] = ['', ''];
          return;
        }
        if (line.startsWith(':')) return;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data += `${value}\n`;
        else if (field === 'event') eventType = value;
        else if (field === 'id' && !value.includes('\0')) idBuffer = value;
        else if (field === 'retry' && /^[0-9]+$/.test(value)) reconnectMs = Number(value);
      };
      res.on('data', (chunk: Buffer) => {
        if (attempt !== request) return; // dropped: what is still in flight does not count
        let text = decoder.decode(chunk, { stream: true });
        if (text === '') return; // the decoder holds the first bytes of a character
        if (afterCr && text.startsWith('\n')) text = text.slice(1);
        afterCr = text.endsWith('\r');
        const lines = (pending + text).split(/\r\n|\r|\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (attempt === request) processLine(line);
      });
      // An unterminated event at the end is dropped: only complete events were dispatched above.
      res.on('close', () => reconnectLater(attempt, 'the stream ended'));
    });
  }

  connect();
  return {
    get readyState() {
      return readyState;
    },
    get lastEventId() {
      return lastEventId;
    },
    dropConnection() {
      const attempt = request;
      if (attempt === undefined) return;
      attempt.destroy();
      reconnectLater(attempt, 'connection dropped');
    },
    close: () => close('close() was called'),
    closed,
  };
}

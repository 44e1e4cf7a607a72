/**
 * The tests' own EventSource stand-in (WHATWG HTML §9.2), independent of your code: it parses the stream,
 * keeps the last event id, reconnects after the `retry` time with a Last-Event-ID header, stops on 204, on
 * any status but 200 and on a wrong content type, and records every request and event for the assertions.
 */
import http from 'node:http';

export interface ReceivedEvent {
  type: string;
  data: string;
  lastEventId: string;
}

export interface RequestRecord {
  /** The Last-Event-ID header this request carried, if any. */
  lastEventId: string | undefined;
  status?: number;
  contentType?: string;
}

export interface TestClient {
  readonly events: ReceivedEvent[];
  readonly requests: RequestRecord[];
  readonly retries: number[];
  readonly comments: number;
  readonly readyState: 0 | 1 | 2;
  /** Destroys the socket at once, mid-stream, as a network failure would; the client then reconnects. */
  drop(): void;
  close(): void;
}

export interface TestClientOptions {
  /** Start as if an earlier connection had seen this id (sent as Last-Event-ID on the first request). */
  lastEventId?: string;
  /** Called for every event; may call drop(). */
  onEvent?: (event: ReceivedEvent, client: TestClient) => void;
}

export function openTestClient(url: string, options: TestClientOptions = {}): TestClient {
  const events: ReceivedEvent[] = [];
  const requests: RequestRecord[] = [];
  const retries: number[] = [];
  let comments = 0;
  let readyState: 0 | 1 | 2 = 0;
  let lastEventId = options.lastEventId ?? '';
  let reconnectMs = 3000; // until the server says otherwise, like a browser
  let current: http.ClientRequest | undefined;
  let timer: NodeJS.Timeout | undefined;

  const client: TestClient = {
    events,
    requests,
    retries,
    get comments() {
      return comments;
    },
    get readyState() {
      return readyState;
    },
    drop() {
      const attempt = current;
      attempt?.destroy();
      if (attempt) reestablish(attempt);
    },
    close() {
      readyState = 2;
      clearTimeout(timer);
      current?.destroy();
      current = undefined;
    },
  };

  function reestablish(attempt: http.ClientRequest): void {
    if (readyState === 2 || attempt !== current) return; // closed, or this attempt was already handled
    current = undefined;
    readyState = 0;
    timer = setTimeout(connect, reconnectMs);
  }

  function connect(): void {
    const record: RequestRecord = { lastEventId: lastEventId === '' ? undefined : lastEventId };
    requests.push(record);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (record.lastEventId !== undefined) headers['last-event-id'] = record.lastEventId;
    const attempt = http.get(url, { headers, agent: false });
    current = attempt;
    attempt.on('error', () => reestablish(attempt));
    attempt.on('response', (res) => {
      record.status = res.statusCode;
      record.contentType = res.headers['content-type'];
      if (res.statusCode !== 200 || !(record.contentType ?? '').startsWith('text/event-stream')) {
        res.resume();
        client.close(); // "fail the connection": no more reconnects
        return;
      }
      readyState = 1;
      const decoder = new TextDecoder();
      let pending = '';
      let data = '';
      let type = '';
      let idBuffer = lastEventId;
      const line = (text: string): void => {
        if (text === '') {
          lastEventId = idBuffer;
          if (data !== '') {
            const event = { type: type || 'message', data: data.slice(0, -1), lastEventId };
            events.push(event);
            options.onEvent?.(event, client);
          }
          data = '';
          type = '';
          return;
        }
        if (text.startsWith(':')) return void (comments += 1);
        const colon = text.indexOf(':');
        const field = colon === -1 ? text : text.slice(0, colon);
        const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data += `${value}\n`;
        else if (field === 'event') type = value;
        else if (field === 'id' && !value.includes('\0')) idBuffer = value;
        else if (field === 'retry' && /^[0-9]+$/.test(value)) {
          reconnectMs = Number(value);
          retries.push(reconnectMs);
        }
      };
      res.on('data', (chunk: Buffer) => {
        // Hold back a trailing CR: the LF of its CRLF may come with the next chunk.
        const lines = (pending + decoder.decode(chunk, { stream: true })).split(/\r\n|\n|\r(?=[^\n])/);
        pending = lines.pop() ?? '';
        for (const text of lines) {
          if (attempt !== current) return; // dropped: nothing after the drop is dispatched
          line(text);
        }
      });
      // The end of the body, or a dead socket: an unterminated event is discarded, then reconnect.
      res.on('close', () => reestablish(attempt));
    });
  }

  connect();
  return client;
}

/**
 * Polls `condition` every 5 ms; throws `explanation` when it is still false after `ms`, or as soon as
 * `hopeless` says it cannot come true in time (so a wrong server fails at once instead of at the deadline).
 */
export async function waitFor(condition: () => boolean, ms: number, explanation: () => string, hopeless: () => boolean = () => false): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (hopeless() || performance.now() > deadline) throw new Error(explanation());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Polls `condition` every 5 ms for at most `ms`, without judging: the assertions that follow say what went wrong. */
export async function settle(condition: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() <= deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * True while the client waits to reconnect and the server never sent `retry`: it then waits the browser's default of
 * 3 s before reconnecting, longer than any deadline here, so a wait that needs the reconnect is hopeless.
 */
export function awayWithoutRetry(client: TestClient): () => boolean {
  // A request without a status is a connection under way, not a wait.
  return () => client.readyState === 0 && client.retries.length === 0 && client.requests.at(-1)?.status !== undefined;
}

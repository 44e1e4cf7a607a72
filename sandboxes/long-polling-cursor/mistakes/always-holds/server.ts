import http from 'node:http';

export interface Message {
  /** 1 for the first message, then 2, 3, …: the id doubles as the client's cursor. */
  id: number;
  text: string;
}

export interface MessageServerOptions {
  /**
   * How long a request is held before it is answered 204 No Content. Optional, defaults to 25 000 ms:
   * shorter than the 30–60 s idle timeouts common in proxies and load balancers, so the wait ends with
   * our 204 rather than a proxy's 504.
   */
  holdMs?: number;
}

export interface MessageServer {
  server: http.Server;
  /** Appends a message to the log and answers every client waiting for it. */
  publish(text: string): Message;
  /** How many requests are being held open right now. */
  pendingCount(): number;
}

interface Waiter {
  after: number;
  res: http.ServerResponse;
  timer: NodeJS.Timeout;
}

/** `after` is the id of the last message the client has: a whole number, 0 (or absent) for "none yet". */
function parseCursor(value: string | null): number | undefined {
  if (value === null) return 0;
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function sendMessages(res: http.ServerResponse, messages: readonly Message[]): void {
  const body = JSON.stringify({ messages });
  // no-store: a cached answer to "what is new after 7?" would be stale by the next message.
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function createMessageServer(options: MessageServerOptions = {}): MessageServer {
  const holdMs = options.holdMs ?? 25_000;
  const log: Message[] = [];
  const waiters = new Set<Waiter>();

  // Ids are 1, 2, 3… in log order, so the messages after id n start at index n.
  const newerThan = (after: number): Message[] => log.slice(after);

  const release = (waiter: Waiter): void => {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/messages') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Try GET /messages?after=<last id you have>.\n');
      return;
    }
    const after = parseCursor(url.searchParams.get('after'));
    if (after === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('after must be a whole number: the id of the last message you have, or 0 for none.\n');
      return;
    }
    // The cursor is what makes long polling lossless: whatever was published while this client was busy
    // between two polls is still in the log, so it gets it now instead of waiting for the next message.
    const ready = newerThan(after);
    void ready;
    const waiter: Waiter = {
      after,
      res,
      timer: setTimeout(() => {
        release(waiter);
        // Nothing new: an empty answer, and the client simply asks again.
        res.writeHead(204).end();
      }, holdMs),
    };
    waiters.add(waiter);
    // A client can leave first: fetch aborted, tab closed, or a proxy gave up. Forget it at once, or every
    // gone client keeps its response object and timer alive until holdMs passes. ('close' also comes
    // after a normal answer; releasing twice is harmless.)
    req.on('close', () => release(waiter));
  });

  return {
    server,
    publish(text) {
      const message: Message = { id: log.length + 1, text };
      log.push(message);
      for (const waiter of waiters) {
        const fresh = newerThan(waiter.after);
        if (fresh.length === 0) continue; // its cursor is ahead of the log (an id from an older server)
        release(waiter);
        sendMessages(waiter.res, fresh);
      }
      return message;
    },
    pendingCount: () => waiters.size,
  };
}

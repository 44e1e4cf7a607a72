import http from 'node:http';

export interface Message {
  /** 1 for the first message, then 2, 3, …: the id doubles as the client's cursor. */
  id: number;
  text: string;
}

export interface MessageServerOptions {
  /**
   * How long a request is held before it is answered 204 No Content. Optional, defaults to 25 000 ms:
   * shorter than the 30–60 s idle timeouts common in proxies and load balancers.
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

function sendMessages(res: http.ServerResponse, messages: readonly Message[]): void {
  const body = JSON.stringify({ messages });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function createMessageServer(options: MessageServerOptions = {}): MessageServer {
  const holdMs = options.holdMs ?? 25_000;
  const log: Message[] = [];
  const waiters = new Set<Waiter>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/messages') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Try GET /messages?after=<last id you have>.\n');
      return;
    }
    // TODO: read the cursor: `after` from the query string is the id of the last message the client has
    //       (absent means 0). Anything but a whole number ≥ 0 gets a 400 with a sentence saying so.
    // TODO: if the log already has messages newer than `after`, answer them at once with sendMessages.
    //       (Ids are 1, 2, 3…, so they are log.slice(after).)
    const after = 0;
    const waiter: Waiter = {
      after,
      res,
      timer: setTimeout(() => {
        waiters.delete(waiter);
        res.writeHead(204).end();
      }, holdMs),
    };
    waiters.add(waiter);
    // TODO: when the client hangs up first (req emits 'close'), clear the timer and forget the waiter.
  });

  return {
    server,
    publish(text) {
      const message: Message = { id: log.length + 1, text };
      log.push(message);
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        // TODO: send everything newer than waiter.after, not just this one message.
        sendMessages(waiter.res, [message]);
      }
      return message;
    },
    pendingCount: () => waiters.size,
  };
}

import http from 'node:http';

export interface SendResult {
  /** Responses received in full. */
  requests: number;
  /** Wall-clock time from the first request to the end of the last response. */
  totalMs: number;
  /** totalMs / requests. */
  perRequestMs: number;
}

/** GETs `url` once through `agent` and resolves with the status once the whole response has arrived. */
export function getOnce(url: string, agent: http.Agent | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      // Reading the body to its end is what hands the socket back to the agent. An unread response keeps
      // the connection busy, and with maxSockets: 1 the next request would wait for it forever.
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new Error(`GET ${url} answered ${status}.`));
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * Sends `count` GET requests to `url` one after another and measures how long they take.
 *
 * keepAlive: true  → the agent keeps the TCP connection open after each response and sends the next
 *                    request on it (HTTP/1.1 connections are persistent by default, RFC 9112 §9.3).
 * keepAlive: false → the agent asks for `Connection: close` (RFC 9112 §9.6), so every request pays for a
 *                    new connection: a TCP handshake (one round trip; with TLS one or two more) and the
 *                    socket setup and teardown on both machines.
 */
export async function sendRequests(url: string, count: number, options: { keepAlive: boolean }): Promise<SendResult> {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`count must be a whole number of requests, at least 1, but it is ${count}.`);
  }
  // maxSockets: 1 allows one connection at a time, so the runs differ only in reuse versus reconnecting.
  const agent = new http.Agent({ keepAlive: options.keepAlive, maxSockets: 1 });
  try {
    await getOnce(url, agent);
    const started = performance.now();
    for (let i = 1; i < count; i += 1) await getOnce(url, agent);
    const totalMs = performance.now() - started;
    return { requests: count, totalMs, perRequestMs: totalMs / count };
  } finally {
    // A keep-alive agent holds its idle socket open for a next request that will never come; close it
    // so the server does not keep a connection (memory, a file descriptor) for nothing.
    agent.destroy();
  }
}

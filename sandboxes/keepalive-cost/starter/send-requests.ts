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
 * keepAlive: true  → one TCP connection carries every request.
 * keepAlive: false → every request opens (and closes) its own connection.
 */
export async function sendRequests(url: string, count: number, options: { keepAlive: boolean }): Promise<SendResult> {
  // TODO: create an agent: new http.Agent({ keepAlive: options.keepAlive, maxSockets: 1 }), and pass it
  //       to getOnce instead of `undefined` (which means Node's global agent: it always keeps alive).
  // TODO: measure the loop with performance.now() and return totalMs and perRequestMs = totalMs / count.
  // TODO: when done (also after an error: try/finally), agent.destroy() closes the idle kept-alive socket.
  // TODO: reject a count that is not a whole number of at least 1 with a RangeError that says so.
  for (let i = 0; i < count; i += 1) await getOnce(url, undefined);
  return { requests: count, totalMs: 0, perRequestMs: 0 };
}

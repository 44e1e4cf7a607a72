// Long polling: the server holds each request until there is something after the client's cursor (or
// LONG_POLL_HOLD_MS pass), then the client asks again at once.
import http from 'node:http';
import { closeServer, clientAgent, cursorOf, getText, History, listenOnLoopback } from './http-helpers.ts';
import { LONG_POLL_HOLD_MS, type Transport, type Update } from './types.ts';

export const longPolling: Transport = {
  name: 'long polling',

  async startServer(hooks) {
    const history = new History();
    const waiting = new Map<http.ServerResponse, NodeJS.Timeout>();
    const answer = (res: http.ServerResponse, updates: Update[]): void => {
      clearTimeout(waiting.get(res));
      waiting.delete(res);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(updates));
    };
    const server = http.createServer((req, res) => {
      hooks.onRequest();
      const missed = history.after(cursorOf(new URL(req.url ?? '/', 'http://localhost')));
      if (missed.length > 0) return answer(res, missed);
      waiting.set(res, setTimeout(() => answer(res, []), LONG_POLL_HOLD_MS));
      res.on('close', () => {
        clearTimeout(waiting.get(res));
        waiting.delete(res);
      });
    });
    const port = await listenOnLoopback(server);
    return {
      port,
      publish(update) {
        history.add(update);
        for (const res of [...waiting.keys()]) answer(res, [update]);
      },
      subscribers: () => waiting.size,
      async close() {
        for (const timer of waiting.values()) clearTimeout(timer);
        await closeServer(server);
      },
    };
  },

  async connectClient(port, clientId, onUpdate) {
    const agent = clientAgent();
    let cursor = 0;
    let stopped = false;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        try {
          const { body } = await getText(`http://127.0.0.1:${port}/updates?client=${clientId}&after=${cursor}`, agent);
          for (const update of JSON.parse(body) as Update[]) {
            cursor = update.seq;
            onUpdate(update);
          }
        } catch {
          if (!stopped) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    void loop();
    return {
      async close() {
        stopped = true;
        agent.destroy();
      },
    };
  },
};

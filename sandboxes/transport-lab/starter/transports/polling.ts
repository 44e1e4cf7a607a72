// Polling: every client asks "anything after my cursor?" once per POLL_INTERVAL_MS, news or not.
import http from 'node:http';
import { closeServer, clientAgent, cursorOf, getText, History, listenOnLoopback } from './http-helpers.ts';
import { POLL_INTERVAL_MS, type Transport, type Update } from './types.ts';

export const polling: Transport = {
  name: 'polling',

  async startServer(hooks) {
    const history = new History();
    const pollers = new Set<string>();
    const server = http.createServer((req, res) => {
      hooks.onRequest();
      const url = new URL(req.url ?? '/', 'http://localhost');
      pollers.add(url.searchParams.get('client') ?? '');
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(history.after(cursorOf(url))));
    });
    const port = await listenOnLoopback(server);
    return {
      port,
      publish: (update) => history.add(update),
      subscribers: () => pollers.size,
      close: () => closeServer(server),
    };
  },

  async connectClient(port, clientId, onUpdate) {
    const agent = clientAgent();
    let cursor = 0;
    let stopped = false;
    const poll = async (): Promise<void> => {
      const { body } = await getText(`http://127.0.0.1:${port}/updates?client=${clientId}&after=${cursor}`, agent);
      for (const update of JSON.parse(body) as Update[]) {
        cursor = update.seq;
        onUpdate(update);
      }
    };
    await poll(); // the first answer proves the client is "connected"
    // Clients start at random moments, as real ones do, so their polls are spread over the interval.
    let timer: NodeJS.Timeout = setTimeout(function tick() {
      if (stopped) return;
      poll().catch(() => {}).finally(() => {
        if (!stopped) timer = setTimeout(tick, POLL_INTERVAL_MS);
      });
    }, Math.random() * POLL_INTERVAL_MS);
    return {
      async close() {
        stopped = true;
        clearTimeout(timer);
        agent.destroy();
      },
    };
  },
};

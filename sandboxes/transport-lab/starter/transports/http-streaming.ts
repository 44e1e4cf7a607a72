// HTTP streaming: one response that never ends, one JSON update per line (NDJSON), flushed as it happens.
import http from 'node:http';
import { closeServer, listenOnLoopback } from './http-helpers.ts';
import type { Transport, Update } from './types.ts';

export const httpStreaming: Transport = {
  name: 'HTTP streaming',

  async startServer(hooks) {
    const streams = new Set<http.ServerResponse>();
    const server = http.createServer((req, res) => {
      hooks.onRequest();
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
    });
    const port = await listenOnLoopback(server);
    return {
      port,
      publish(update) {
        const line = JSON.stringify(update) + '\n';
        for (const res of streams) res.write(line);
      },
      subscribers: () => streams.size,
      close: () => closeServer(server),
    };
  },

  connectClient(port, _clientId, onUpdate) {
    return new Promise((resolve, reject) => {
      const req = http.get(`http://127.0.0.1:${port}/stream`, (res) => {
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // Chunks are not messages: keep the unfinished last line for the next chunk.
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) if (line) onUpdate(JSON.parse(line) as Update);
        });
        res.on('error', () => {});
        resolve({ close: async () => void req.destroy() });
      });
      req.on('error', reject);
    });
  },
};

// WebSocket with the ws library: one upgrade request, then one small frame per update.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { Transport, Update } from './types.ts';

export const websocket: Transport = {
  name: 'WebSocket',

  async startServer(hooks) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('headers', () => hooks.onRequest()); // the one HTTP request: the upgrade
    await once(wss, 'listening');
    return {
      port: (wss.address() as AddressInfo).port,
      publish(update) {
        const text = JSON.stringify(update); // serialise once, send the same string to everyone
        for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
      },
      subscribers: () => wss.clients.size,
      close() {
        for (const client of wss.clients) client.terminate();
        return new Promise((resolve) => wss.close(() => resolve()));
      },
    };
  },

  async connectClient(port, _clientId, onUpdate) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    socket.on('message', (data) => onUpdate(JSON.parse(String(data)) as Update));
    await once(socket, 'open');
    return {
      async close() {
        socket.terminate();
      },
    };
  },
};

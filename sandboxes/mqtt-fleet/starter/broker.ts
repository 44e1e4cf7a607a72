import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

export interface Broker {
  aedes: Aedes;
  /** mqtt://127.0.0.1:<port>, MQTT over TCP. */
  mqttUrl: string;
  /** ws://127.0.0.1:<port>/mqtt, MQTT over WebSocket for browsers. */
  wsUrl: string;
  close(): Promise<void>;
}

/** An embedded MQTT broker on 127.0.0.1: TCP on `port`, WebSocket on `wsPort` (0 = any free port). */
export async function startBroker({ port = 0, wsPort = 0 } = {}): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  // A client that sends garbage is disconnected by aedes and reported here; it must never end the broker.
  aedes.on('clientError', (client, error) => console.warn(`MQTT client ${client?.id ?? '?'}: ${error.message}`));
  aedes.on('connectionError', (_client, error) => console.warn(`MQTT connection refused: ${error.message}`));

  const tcp = net.createServer(aedes.handle);
  tcp.listen(port, '127.0.0.1');
  await once(tcp, 'listening');

  // Browsers cannot open TCP sockets, so they speak MQTT inside WebSocket binary frames (subprotocol "mqtt").
  const web = http.createServer((_req, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket: connect to /mqtt'));
  // TODO: serve MQTT over WebSocket on `web` at the path /mqtt: a WebSocketServer whose handshake answers
  //       the subprotocol "mqtt" (handleProtocols), and, for each connection, a stream made with
  //       createWebSocketStream(socket) handed to aedes.handle(stream, request). Put an 'error' listener
  //       on the stream: a broken WebSocket must not crash the broker.
  const wss = new WebSocketServer({ noServer: true });
  void createWebSocketStream;
  web.listen(wsPort, '127.0.0.1');
  await once(web, 'listening');

  return {
    aedes,
    mqttUrl: `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    wsUrl: `ws://127.0.0.1:${(web.address() as AddressInfo).port}/mqtt`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      tcp.close();
      web.closeAllConnections();
      await Promise.all([once(tcp, 'close'), new Promise((resolve) => web.close(resolve))]);
    },
  };
}

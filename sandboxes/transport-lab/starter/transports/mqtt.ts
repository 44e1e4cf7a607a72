// MQTT: an embedded broker (aedes) in the server process; each client subscribes to "lab/feed" at QoS 0
// and the server publishes into the broker, which forwards to every subscriber.
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import type { Transport, Update } from './types.ts';

const TOPIC = 'lab/feed';

export const mqttBroker: Transport = {
  name: 'MQTT',

  async startServer(hooks) {
    const broker = await Aedes.createBroker();
    let subscribed = 0;
    broker.on('subscribe', () => {
      subscribed += 1;
      hooks.onRequest(); // a SUBSCRIBE packet is the closest thing MQTT has to a request
    });
    broker.on('clientDisconnect', () => (subscribed -= 1));
    const server = net.createServer(broker.handle);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      port: (server.address() as AddressInfo).port,
      publish(update) {
        const payload = Buffer.from(JSON.stringify(update));
        broker.publish({ cmd: 'publish', topic: TOPIC, payload, qos: 0, retain: false, dup: false }, () => {});
      },
      subscribers: () => subscribed,
      async close() {
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        server.close();
      },
    };
  },

  async connectClient(port, clientId, onUpdate) {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId, reconnectPeriod: 0 });
    client.on('message', (_topic, payload) => onUpdate(JSON.parse(payload.toString('utf8')) as Update));
    await client.subscribeAsync(TOPIC, { qos: 0 });
    return {
      async close() {
        await client.endAsync(true);
      },
    };
  },
};

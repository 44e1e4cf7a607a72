import mqtt, { type MqttClient } from 'mqtt';
import { commandTopic, statusTopic, telemetryTopic } from './topics.ts';

export interface DeviceOptions {
  /** The broker: mqtt://host:port over TCP, or ws://host:port/mqtt over WebSocket. */
  url: string;
  /** The device id, such as "truck-7". Its client id is "device-<id>", the same on every connection. */
  id: string;
}

export interface Device {
  client: MqttClient;
  /** Every command payload received on fleet/<id>/commands, in order. */
  commands: string[];
  /** Publishes one reading as JSON { value } to fleet/<id>/telemetry/<sensor>. */
  publishReading(sensor: string, value: number): Promise<void>;
  /** Goes offline on purpose: the retained status says so, then a clean DISCONNECT (no last will). */
  stop(): Promise<void>;
  /** Leaves the fleet for good: the retained status is deleted, then a clean DISCONNECT. */
  decommission(): Promise<void>;
}

/** Connects a device, subscribes to its commands and announces it online. Resolves when all that is acknowledged. */
export async function startDevice({ url, id }: DeviceOptions): Promise<Device> {
  const commands: string[] = [];
  const client = mqtt.connect(url, {
    clientId: `device-${id}`, // the same id every time, so the broker finds the session again
    clean: false, // a persistent session: subscriptions and QoS 1 messages survive while we are away
    reconnectPeriod: 0, // the tests decide when a device comes back
    connectTimeout: 2000,
    // Published by the broker if this connection ends without a DISCONNECT: a crash, a cut cable, a dead battery.
    will: { topic: statusTopic(id), payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  // Attach the handler before the connection is up: queued QoS 1 messages arrive right after CONNACK.
  client.on('message', (topic, payload) => {
    if (topic === commandTopic(id)) commands.push(payload.toString());
  });
  client.on('error', () => {}); // connection errors end in 'close'; the tests look at the broker's side

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(commandTopic(id), { qos: 0 });
  await client.publishAsync(statusTopic(id), 'online', { qos: 1, retain: true });

  return {
    client,
    commands,
    async publishReading(sensor, value) {
      await client.publishAsync(telemetryTopic(id, sensor), JSON.stringify({ value }), { qos: 0 });
    },
    async stop() {
      await client.publishAsync(statusTopic(id), 'offline', { qos: 1, retain: true });
      await client.endAsync();
    },
    async decommission() {
      // An empty retained payload deletes the retained message: new subscribers then hear nothing.
      await client.publishAsync(statusTopic(id), '', { qos: 1, retain: true });
      await client.unsubscribeAsync(commandTopic(id));
      await client.endAsync();
    },
  };
}

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
  // TODO: commands sent while the device is away must wait for it at the broker: that needs a persistent
  //       session (clean: false) under a client id that stays the same ("device-<id>").
  // TODO: if the connection dies without a DISCONNECT, the broker must announce "offline" for us:
  //       set a last will on statusTopic(id), QoS 1, retained, so later dashboards see it too.
  const client = mqtt.connect(url, {
    clientId: `device-${id}-${Math.random().toString(16).slice(2, 8)}`,
    clean: true,
    reconnectPeriod: 0, // the tests decide when a device comes back
    connectTimeout: 2000,
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
  // TODO: subscribe to commandTopic(id) with QoS 1, then announce "online" on statusTopic(id) as a
  //       retained QoS 1 message, so a dashboard that starts later still learns it.
  void statusTopic;

  return {
    client,
    commands,
    async publishReading(sensor, value) {
      await client.publishAsync(telemetryTopic(id, sensor), JSON.stringify({ value }), { qos: 0 });
    },
    async stop() {
      // TODO: a clean DISCONNECT makes the broker throw the last will away, so say "offline" yourself
      //       (retained, QoS 1) before disconnecting.
      await client.endAsync();
    },
    async decommission() {
      // TODO: the device leaves the fleet for good: delete its retained status so no dashboard ever hears
      //       of it again, and stop its command subscription, then disconnect.
      await client.endAsync();
    },
  };
}

import mqtt, { type MqttClient } from 'mqtt';
import { commandTopic, topicMatches } from './topics.ts';

/** Every device's status: one level for the device id. */
export const STATUS_FILTER = 'fleet/+/status';
/** Every reading of every device: a sensor name may have several levels (engine/temperature). */
export const TELEMETRY_FILTER = 'fleet/+/telemetry/+';

export interface Reading {
  device: string;
  sensor: string;
  value: number;
}

export interface Dashboard {
  client: MqttClient;
  /** device id → "online" or "offline". A device whose retained status was deleted is not in it. */
  statuses: Map<string, string>;
  /** Every valid reading, in arrival order. */
  readings: Reading[];
  /** Publishes a command to fleet/<device>/commands with QoS 1. */
  sendCommand(device: string, command: string): Promise<void>;
  close(): Promise<void>;
}

/** Connects, subscribes to statuses and telemetry, and resolves once the broker has acknowledged the subscriptions. */
export async function watchFleet({ url }: { url: string }): Promise<Dashboard> {
  const statuses = new Map<string, string>();
  const readings: Reading[] = [];
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 2000 }); // clean session: a dashboard only needs the present
  client.on('error', () => {});

  client.on('message', (topic, payload) => {
    const levels = topic.split('/');
    const device = levels[1] ?? '';
    if (topicMatches(STATUS_FILTER, topic)) {
      // An empty payload is the broker passing on a deleted retained status: forget the device.
      if (payload.length === 0) statuses.delete(device);
      else statuses.set(device, payload.toString());
    } else if (topicMatches(TELEMETRY_FILTER, topic)) {
      // Anyone may publish anything: a bad reading is skipped, never allowed to throw here.
      try {
        const { value } = JSON.parse(payload.toString()) as { value?: unknown };
        if (typeof value === 'number' && Number.isFinite(value)) readings.push({ device, sensor: levels.slice(3).join('/'), value });
      } catch {
        // not JSON: ignored
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync({ [STATUS_FILTER]: { qos: 1 }, [TELEMETRY_FILTER]: { qos: 0 } });

  return {
    client,
    statuses,
    readings,
    async sendCommand(device, command) {
      await client.publishAsync(commandTopic(device), command, { qos: 1 });
    },
    close: () => client.endAsync(),
  };
}

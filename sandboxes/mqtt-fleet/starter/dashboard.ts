import mqtt, { type MqttClient } from 'mqtt';
import { commandTopic, topicMatches } from './topics.ts';

// TODO: the filters that select every device's status (fleet/<device>/status) and every reading
//       (fleet/<device>/telemetry/<sensor>, where a sensor name may have several levels, such as
//       engine/temperature). Use the wildcards "+" (one level) and "#" (any number of levels, last only).
export const STATUS_FILTER = 'fleet/status';
export const TELEMETRY_FILTER = 'fleet/telemetry';

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
    // TODO: sort each message with topicMatches:
    //   - a status (STATUS_FILTER): set statuses[device] to the payload text; an EMPTY payload means the
    //     retained status was deleted, so remove the device;
    //   - a reading (TELEMETRY_FILTER): payload is JSON { value: number }; push { device, sensor, value },
    //     where sensor is every level after "telemetry" joined with "/". Skip anything that is not
    //     valid JSON with a finite number: a throw in this handler would crash the process.
    void [topic, payload, topicMatches, statuses, readings];
  });

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  // TODO: subscribe to STATUS_FILTER (QoS 1) and TELEMETRY_FILTER (QoS 0) before resolving.

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

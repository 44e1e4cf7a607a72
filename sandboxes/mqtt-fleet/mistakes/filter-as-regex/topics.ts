// The fleet's topic tree, and the MQTT topic-filter rules (MQTT 3.1.1 §4.7, the same in MQTT 5 §4.7):
//
//   fleet/<device>/status                 "online" or "offline", retained
//   fleet/<device>/telemetry/<sensor…>    a JSON reading; a sensor name may have levels (engine/temperature)
//   fleet/<device>/commands               commands for the device, QoS 1

export const statusTopic = (device: string): string => `fleet/${device}/status`;
export const telemetryTopic = (device: string, sensor: string): string => `fleet/${device}/telemetry/${sensor}`;
export const commandTopic = (device: string): string => `fleet/${device}/commands`;

/** Whether a topic filter matches a topic name. */
export function topicMatches(filter: string, topic: string): boolean {
  // "+" is any run of characters without a slash, "#" is anything at all.
  const pattern = filter.replace(/[.*?^${}()|[\]\\]/g, '\\$&').replace(/\+/g, '[^/]*').replace(/#/g, '.*');
  return new RegExp(`^${pattern}$`).test(topic);
}

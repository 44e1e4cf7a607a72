// The fleet's topic tree, and the MQTT topic-filter rules (MQTT 3.1.1 §4.7, the same in MQTT 5 §4.7):
//
//   fleet/<device>/status                 "online" or "offline", retained
//   fleet/<device>/telemetry/<sensor…>    a JSON reading; a sensor name may have levels (engine/temperature)
//   fleet/<device>/commands               commands for the device, QoS 1

export const statusTopic = (device: string): string => `fleet/${device}/status`;
export const telemetryTopic = (device: string, sensor: string): string => `fleet/${device}/telemetry/${sensor}`;
export const commandTopic = (device: string): string => `fleet/${device}/commands`;

/**
 * Whether a topic filter matches a topic name. `+` matches exactly one level (which may be empty), `#`
 * matches any number of levels, including none, and must be the last level. Wildcards stand alone in
 * their level: `sport+` and `sport/tennis#` are invalid filters and match nothing. A filter that starts
 * with a wildcard never matches a topic that starts with `$` (such as `$SYS/…`).
 */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i] as string;
    if (level === '#') return i === filterLevels.length - 1; // "a/#" also matches "a" itself
    if (level.includes('#') || (level.includes('+') && level !== '+')) return false; // invalid filter
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

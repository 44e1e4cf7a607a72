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
  // TODO: compare level by level (split on "/"). "+" matches exactly one level, "#" (only as the last
  //       level) matches the rest, including nothing at all. A level that mixes a wildcard with other
  //       characters makes the filter invalid: return false. Filters starting with "+" or "#" never match
  //       topics starting with "$". The tests use the examples from the MQTT specification.
  return filter === topic;
}

// The examples of MQTT 3.1.1 §4.7.1 and §4.7.2 (unchanged in MQTT 5.0 §4.7), used as test vectors.
import { describe, expect, test } from 'vitest';
import { topicMatches } from '../topics.ts';

const cases: Array<[filter: string, topic: string, matches: boolean, why: string]> = [
  ['sport/tennis/player1/#', 'sport/tennis/player1', true, '"#" also matches the parent level itself'],
  ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true, '"#" matches one more level'],
  ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true, '"#" matches any number of levels'],
  ['sport/#', 'sport', true, '"sport/#" matches "sport" too'],
  ['#', 'sport/tennis/player1', true, '"#" alone matches every topic not starting with $'],
  ['sport/tennis/+', 'sport/tennis/player1', true, '"+" matches exactly one level'],
  ['sport/tennis/+', 'sport/tennis/player2', true, '"+" matches any one level'],
  ['sport/tennis/+', 'sport/tennis/player1/ranking', false, '"+" matches ONE level, never two: that is what "#" is for'],
  ['sport/+', 'sport', false, '"sport/+" needs a second level'],
  ['sport/+', 'sport/', true, 'an empty level is a level: "sport/" has two, the second empty'],
  ['+/+', '/finance', true, '"/finance" has two levels, the first empty'],
  ['/+', '/finance', true, 'the leading "/" makes an empty first level'],
  ['+', '/finance', false, '"/finance" has two levels and "+" matches one'],
  ['+/tennis/#', 'sport/tennis/player1/ranking', true, 'wildcards combine'],
  ['sport/tennis', 'sport/tennis/player1', false, 'without a wildcard the levels must be equal in number'],
  ['sport/Tennis', 'sport/tennis', false, 'topics are case-sensitive'],
  ['#', '$SYS/broker/uptime', false, 'a filter starting with a wildcard never matches a topic starting with $'],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false, '"+" at the start does not match a $ level either'],
  ['$SYS/#', '$SYS/monitor/Clients', true, 'name $SYS explicitly to see the broker\'s statistics'],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true, 'wildcards after an explicit $SYS level work as usual'],
  ['sport/tennis#', 'sport/tennis', false, '"sport/tennis#" is an invalid filter: "#" must occupy a whole level, so it matches nothing'],
  ['sport/tennis/#/ranking', 'sport/tennis/player1/ranking', false, '"#" must be the last level: an invalid filter matches nothing'],
  ['sport+', 'sport1', false, '"sport+" is invalid: "+" must occupy a whole level'],
];

describe('topicMatches follows the topic-filter rules of the MQTT specification', () => {
  test.each(cases)('%s against %s → %s', (filter, topic, expected, why) => {
    expect(topicMatches(filter, topic), `topicMatches(${JSON.stringify(filter)}, ${JSON.stringify(topic)}) should be ${expected}: ${why}.`).toBe(expected);
  });
});

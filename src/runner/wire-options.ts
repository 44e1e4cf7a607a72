/**
 * Validation of a `run` message's `wire` field (WireRunOptions, src/wire/trace-events.ts). Returns the
 * options, undefined when absent, or a sentence for the page naming the field that is wrong.
 */
import { MAX_RAW_BYTES, type NetworkConditions, type WireRunOptions } from '../wire/trace-events.ts';

/** Upper bounds that keep a condition meaningful inside one run (an hour of latency is a bug, not a lesson). */
const CONDITION_LIMITS: Record<keyof NetworkConditions, number> = {
  latencyMs: 10_000,
  jitterMs: 10_000,
  bandwidthBytesPerSec: 1_000_000_000,
  dropAtMs: 3_600_000,
  dropEveryMs: 3_600_000,
  pauseAtMs: 3_600_000,
  pauseForMs: 3_600_000,
  maxConnectionsPerOrigin: 1000,
};

export function readWireOptions(value: unknown): WireRunOptions | string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Field "wire" of a "run" message must be an object like {"capture": true}; leave it out to run without the wire view.';
  }
  const { capture, rawBytes, conditions, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) return `Field "wire" has unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}; allowed are "capture", "rawBytes" and "conditions".`;
  if (typeof capture !== 'boolean') return 'Field "wire.capture" must be true or false.';
  const options: WireRunOptions = { capture };
  if (rawBytes !== undefined) {
    if (typeof rawBytes !== 'number' || !Number.isInteger(rawBytes) || rawBytes < 0 || rawBytes > MAX_RAW_BYTES) {
      return `Field "wire.rawBytes" must be a whole number from 0 to ${MAX_RAW_BYTES}.`;
    }
    options.rawBytes = rawBytes;
  }
  if (conditions !== undefined) {
    if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) return 'Field "wire.conditions" must be an object.';
    const read: NetworkConditions = {};
    for (const [name, number] of Object.entries(conditions)) {
      const max = CONDITION_LIMITS[name as keyof NetworkConditions];
      if (max === undefined) return `Field "wire.conditions.${name}" is not a known condition; known are ${Object.keys(CONDITION_LIMITS).join(', ')}.`;
      if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > max) {
        return `Field "wire.conditions.${name}" must be a number from 0 to ${max}.`;
      }
      read[name as keyof NetworkConditions] = number;
    }
    options.conditions = read;
  }
  return options;
}

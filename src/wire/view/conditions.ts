/**
 * The network-conditions form's values ⇄ the contract's `NetworkConditions`. Pure, so the limits are
 * tested once: numbers the learner types are clamped to what teaches something without stalling a run.
 */
import type { NetworkConditions } from '../trace-events.ts';
import { wireText } from './wire-strings.ts';

/** What the form holds: strings as typed, seconds where people think in seconds. */
export interface ConditionsForm {
  latencyMs: string;
  jitterMs: string;
  /** Kilobytes per second; empty = unlimited. */
  bandwidthKBps: string;
  dropAtS: string;
  dropEveryS: string;
  pauseAtS: string;
  pauseForS: string;
  capConnections: boolean;
}

export const EMPTY_FORM: ConditionsForm = { latencyMs: '', jitterMs: '', bandwidthKBps: '', dropAtS: '', dropEveryS: '', pauseAtS: '', pauseForS: '', capConnections: false };

/** Browsers allow six HTTP/1.1 connections per origin; the cap mimics them. */
export const BROWSER_CONNECTION_CAP = 6;

function number(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return undefined;
  return Math.min(max, Math.max(min, value));
}

export function toConditions(form: ConditionsForm): NetworkConditions {
  const conditions: NetworkConditions = {};
  const latency = number(form.latencyMs, 0, 10_000);
  const jitter = number(form.jitterMs, 0, 10_000);
  const bandwidth = number(form.bandwidthKBps, 0.1, 100_000);
  const dropAt = number(form.dropAtS, 0, 600);
  // Dropping more often than every 100 ms would leave nothing to see.
  const dropEvery = number(form.dropEveryS, 0.1, 600);
  const pauseAt = number(form.pauseAtS, 0, 600);
  const pauseFor = number(form.pauseForS, 0.1, 600);
  if (latency) conditions.latencyMs = Math.round(latency);
  if (jitter) conditions.jitterMs = Math.round(jitter);
  if (bandwidth !== undefined) conditions.bandwidthBytesPerSec = Math.round(bandwidth * 1024);
  if (dropAt !== undefined) conditions.dropAtMs = Math.round(dropAt * 1000);
  if (dropEvery !== undefined) conditions.dropEveryMs = Math.round(dropEvery * 1000);
  if (pauseAt !== undefined) {
    conditions.pauseAtMs = Math.round(pauseAt * 1000);
    if (pauseFor !== undefined) conditions.pauseForMs = Math.round(pauseFor * 1000);
  }
  if (form.capConnections) conditions.maxConnectionsPerOrigin = BROWSER_CONNECTION_CAP;
  return conditions;
}

/** One line for the panel and the run log: "+300 ms latency, drop at 3 s". Empty = no conditions. */
export function describeConditions(conditions: NetworkConditions): string {
  const parts: string[] = [];
  const { latencyMs: ms, jitterMs: jitter } = conditions;
  if (ms) parts.push(jitter ? wireText('summary.latencyJitter', { ms, jitter }) : wireText('summary.latency', { ms }));
  else if (jitter) parts.push(wireText('summary.jitter', { jitter }));
  if (conditions.bandwidthBytesPerSec) parts.push(wireText('summary.bandwidth', { rate: (conditions.bandwidthBytesPerSec / 1024).toFixed(1) }));
  if (conditions.dropAtMs !== undefined) parts.push(wireText('summary.dropAt', { seconds: conditions.dropAtMs / 1000 }));
  if (conditions.dropEveryMs !== undefined) parts.push(wireText('summary.dropEvery', { seconds: conditions.dropEveryMs / 1000 }));
  if (conditions.pauseAtMs !== undefined) {
    const seconds = conditions.pauseAtMs / 1000;
    parts.push(conditions.pauseForMs ? wireText('summary.pauseAtFor', { seconds, for: conditions.pauseForMs / 1000 }) : wireText('summary.pauseAt', { seconds }));
  }
  if (conditions.maxConnectionsPerOrigin) parts.push(wireText('summary.cap', { count: conditions.maxConnectionsPerOrigin }));
  return parts.join(wireText('summary.separator'));
}

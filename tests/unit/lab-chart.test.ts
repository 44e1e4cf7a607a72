import { describe, expect, test } from 'vitest';
import reference from '../../src/data/transport-lab-reference.json';
import { chartRows, formatNumber, LAB_COLUMNS, type LabReference, type LabRow } from '../../src/components/lab-chart.ts';

const row = (transport: string, p50Ms: number, bytesPerMessage: number): LabRow => ({
  transport, expected: 10, delivered: 10, p50Ms, p95Ms: p50Ms * 2, burstP95Ms: p50Ms * 3, bytesPerMessage, requests: 5, connections: 5, memoryPerClientKiB: 4,
});
const sample: LabReference = {
  workload: { clients: 5, updates: 1, burst: 1 },
  measuredOn: { date: '2026-01-01T00:00:00Z', node: '22.23.3', cpu: 'test', cores: 2, os: 'Linux' },
  rows: [row('polling', 500, 120), row('WebSocket', 2.5, 80), row('broken', Number.NaN, 0)],
};

describe('chartRows', () => {
  test('scales each bar to the largest value of its column', () => {
    const [polling, websocket] = chartRows(sample);
    const p50 = LAB_COLUMNS.findIndex((column) => column.metric === 'p50Ms');
    const bytes = LAB_COLUMNS.findIndex((column) => column.metric === 'bytesPerMessage');
    expect(polling?.cells[p50]).toEqual({ text: '500', percent: 100 });
    expect(websocket?.cells[p50]).toEqual({ text: '2.5', percent: 0.5 });
    expect(websocket?.cells[bytes]?.percent).toBeCloseTo(66.7, 1);
  });

  test('a value that is not a number gets no bar and a dash, not NaN', () => {
    const broken = chartRows(sample)[2];
    expect(broken?.cells[0]).toEqual({ text: '—', percent: 0 });
  });

  test('shows the delivered count beside the numbers', () => {
    expect(chartRows(sample)[0]?.delivered).toBe('10/10');
  });
});

describe('formatNumber', () => {
  test('one decimal below 10, whole numbers with thousands separators above', () => {
    expect(formatNumber(2.834)).toBe('2.8');
    expect(formatNumber(1703.4)).toBe('1,703');
    expect(formatNumber(7)).toBe('7');
  });
});

describe('the committed reference run', () => {
  test('has all seven transports, every message delivered, and says where it was measured', () => {
    const data = reference as LabReference;
    expect(data.rows.map((r) => r.transport)).toEqual(['polling', 'long polling', 'HTTP streaming', 'SSE', 'WebSocket', 'gRPC stream', 'MQTT']);
    for (const r of data.rows) expect(r.delivered, `${r.transport} lost messages in the reference run`).toBe(r.expected);
    expect(data.measuredOn.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(data.measuredOn.cores).toBeGreaterThan(0);
  });
});

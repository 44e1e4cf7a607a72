/**
 * Turns the transport lab's reference run (src/data/transport-lab-reference.json, written by
 * `npm run lab`) into the rows of the lesson's bar table: each number with its display text and its bar
 * length as a share of the largest value in its column. Pure, so it is tested without Astro.
 */

export interface LabRow {
  transport: string;
  expected: number;
  delivered: number;
  p50Ms: number;
  p95Ms: number;
  burstP95Ms: number;
  bytesPerMessage: number;
  requests: number;
  connections: number;
  memoryPerClientKiB: number;
}

export interface LabReference {
  workload: { clients: number; updates: number; burst: number };
  measuredOn: { date: string; node: string; cpu: string; cores: number; os: string; loadAverage?: number[] };
  rows: LabRow[];
}

export type LabMetric = 'p50Ms' | 'p95Ms' | 'burstP95Ms' | 'bytesPerMessage' | 'requests' | 'connections' | 'memoryPerClientKiB';

/** The columns in order; each title is the `labChart:` locale key `column.<metric>`. */
export const LAB_COLUMNS: ReadonlyArray<{ metric: LabMetric; unit: string }> = [
  { metric: 'p50Ms', unit: 'ms' },
  { metric: 'p95Ms', unit: 'ms' },
  { metric: 'burstP95Ms', unit: 'ms' },
  { metric: 'bytesPerMessage', unit: 'B' },
  { metric: 'requests', unit: '' },
  { metric: 'connections', unit: '' },
  { metric: 'memoryPerClientKiB', unit: 'KiB' },
];

export const LAB_CHART_KEYS = [
  'caption',
  'transport',
  'delivered',
  'producedBy',
  'loadNotRecorded',
  ...LAB_COLUMNS.map((column) => `column.${column.metric}`),
] as const;

export interface ChartCell {
  text: string;
  /** Bar length in percent of the column's largest value, 0–100; 0 when the value is not a number. */
  percent: number;
}

export interface ChartRow {
  transport: string;
  cells: ChartCell[];
  /** "11000/11000": shown so that a row which lost messages cannot pass for a fast one. */
  delivered: string;
}

/** Digits that suit the size: 2.83 ms, 42 ms, 1,703 ms. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) < 10 && !Number.isInteger(value) ? 1 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function chartRows(reference: LabReference): ChartRow[] {
  const maxima = LAB_COLUMNS.map(({ metric }) => Math.max(0, ...reference.rows.map((row) => row[metric]).filter(Number.isFinite)));
  return reference.rows.map((row) => ({
    transport: row.transport,
    delivered: `${row.delivered}/${row.expected}`,
    cells: LAB_COLUMNS.map(({ metric }, column) => {
      const value = row[metric];
      const max = maxima[column] ?? 0;
      const percent = Number.isFinite(value) && value > 0 && max > 0 ? Math.min(100, (value / max) * 100) : 0;
      return { text: formatNumber(value), percent: Math.round(percent * 10) / 10 };
    }),
  }));
}

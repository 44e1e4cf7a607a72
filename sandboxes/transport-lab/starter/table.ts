// Prints lab rows as a fixed-width table, optionally beside the course's reference run.
import type { LabRow } from './lab.ts';

const COLUMNS: Array<[string, (row: LabRow) => string]> = [
  ['transport', (row) => row.transport],
  ['p50 ms', (row) => fixed(row.p50Ms, row.p50Ms < 10 ? 2 : 0)],
  ['p95 ms', (row) => fixed(row.p95Ms, row.p95Ms < 10 ? 2 : 0)],
  ['burst p95', (row) => fixed(row.burstP95Ms, row.burstP95Ms < 10 ? 2 : 0)],
  ['bytes/msg', (row) => fixed(row.bytesPerMessage, 0)],
  ['requests', (row) => String(row.requests)],
  ['conns', (row) => String(row.connections)],
  ['KiB/client', (row) => fixed(row.memoryPerClientKiB, 1)],
  ['delivered', (row) => `${row.delivered}/${row.expected}`],
];

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function formatTable(rows: readonly LabRow[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  return cells
    .map((line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

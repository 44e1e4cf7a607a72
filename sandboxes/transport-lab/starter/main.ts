// The transport lab: the same workload over seven transports, measured, printed as a table, and printed
// again beside the course's reference run (reference.json, written by `npm run lab` in the repository).
//
// Workload: LAB_CLIENTS clients (default 20), LAB_UPDATES updates at one per second (default 2), then a
// burst of LAB_BURST updates back to back (default 20). LAB_ONLY=sse,websocket runs only those transports.
import { readFileSync, writeFileSync } from 'node:fs';
import { now } from './clock.ts';
import { measure, prepare, type LabRow, type Workload } from './lab.ts';
import { formatTable } from './table.ts';
import { isTransportKey, TRANSPORT_KEYS, type TransportKey } from './transports/index.ts';

function whole(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    console.error(`${name} must be a whole number from 0 to ${max}; using ${fallback}.`);
    return fallback;
  }
  return value;
}

const workload: Workload = {
  clients: Math.max(1, whole('LAB_CLIENTS', 20, 2000)),
  updates: whole('LAB_UPDATES', 2, 120),
  burst: whole('LAB_BURST', 20, 1000),
};
const only = (process.env.LAB_ONLY ?? '').split(',').filter(Boolean);
const keys = (only.length > 0 ? only : TRANSPORT_KEYS).filter((key): key is TransportKey => {
  if (isTransportKey(key)) return true;
  console.error(`There is no transport "${key}" in the lab; choose from ${TRANSPORT_KEYS.join(', ')}.`);
  return false;
});

// By default the transports run side by side, three at a time, each offset by a fraction of a second so
// that their updates and bursts never coincide: the whole Run then takes seconds. LAB_SEQUENTIAL=1 runs them one after another
// (what `npm run lab` does for the reference numbers, so that they never compete for the CPU).
const sequential = process.env.LAB_SEQUENTIAL === '1';
const WAVE = 3;
console.log(`Workload: ${workload.clients} clients, ${workload.updates} updates at 1 per second, then a burst of ${workload.burst}; ` +
  `transports ${sequential ? 'one after another' : `${WAVE} at a time, staggered`}.\n`);

async function attempt<T>(key: TransportKey, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    console.log(`${key} failed: ${(error as Error).message}`);
    return undefined;
  }
}

const rows: LabRow[] = [];
const started = performance.now();
if (sequential) {
  for (const key of keys) {
    const prepared = await attempt(key, () => prepare(key, workload));
    const row = prepared && (await attempt(key, () => measure(prepared, workload, now() + 500)));
    if (row) rows.push(row);
    console.log(`${key}: done after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} else {
  // In waves of WAVE transports: each server process is a whole Node process (50 to 80 MiB resident), and the
  // runner caps the memory of a run's whole process tree.
  for (let first = 0; first < keys.length; first += WAVE) {
    const wave = keys.slice(first, first + WAVE);
    const prepared = (await Promise.all(wave.map((key) => attempt(key, () => prepare(key, workload))))).filter((p) => p !== undefined);
    const firstTick = now() + 200;
    const spacing = 1000 / Math.max(1, prepared.length);
    const measured = await Promise.all(prepared.map((p, index) => attempt(p.key, () => measure(p, workload, firstTick + index * spacing))));
    rows.push(...measured.filter((row) => row !== undefined));
  }
}
console.log(`Measured in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
for (const row of rows) {
  if (row.delivered < row.expected) console.log(`${row.transport}: only ${row.delivered} of ${row.expected} messages arrived.`);
}

console.log(`\nYour run\n${formatTable(rows)}`);

interface Reference {
  workload: Workload;
  measuredOn: { date: string; node: string; cpu: string; cores: number; os: string };
  rows: LabRow[];
}
try {
  const reference = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8')) as Reference;
  const { workload: w, measuredOn: m } = reference;
  console.log(`\nThe course's reference run (${w.clients} clients, ${w.updates} updates, burst of ${w.burst}; ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date})`);
  console.log(formatTable(reference.rows));
} catch {
  console.log('\n(No reference.json beside main.ts, so there is nothing to compare with.)');
}

// `npm run lab` in the repository sets LAB_JSON to collect the rows.
if (process.env.LAB_JSON) writeFileSync(process.env.LAB_JSON, JSON.stringify({ workload, rows }, null, 2));

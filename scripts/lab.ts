/**
 * Produces the transport lab's reference numbers: runs the lab's solution (sandboxes/transport-lab,
 * starter with solution/ laid over it) with a larger workload, one transport after another, and writes
 *
 *   src/data/transport-lab-reference.json              read by lesson 19's chart at build time
 *   sandboxes/transport-lab/starter/reference.json     the same numbers, printed beside the learner's run
 *
 * with the machine, Node version and date recorded inside. The numbers are measured, never typed in.
 *
 * Usage: npm run lab   (LAB_CLIENTS, LAB_UPDATES and LAB_BURST override the workload below)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const sandbox = join(root, 'sandboxes', 'transport-lab');
const WORKLOAD = { LAB_CLIENTS: '100', LAB_UPDATES: '5', LAB_BURST: '20' };

const dir = await mkdtemp(join(os.tmpdir(), 'transport-lab-'));
try {
  await cp(join(sandbox, 'starter'), dir, { recursive: true });
  await cp(join(sandbox, 'solution'), dir, { recursive: true, force: true });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  const output = join(dir, 'rows.json');
  const env = { ...WORKLOAD, ...pick(process.env, Object.keys(WORKLOAD)), LAB_SEQUENTIAL: '1', LAB_JSON: output };
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['main.ts'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('close', done);
  });
  if (code !== 0) throw new Error(`The lab exited with code ${code}; no reference written.`);
  const { workload, rows } = JSON.parse(await readFile(output, 'utf8')) as { workload: unknown; rows: Array<{ delivered: number; expected: number; transport: string }> };
  const incomplete = rows.filter((row) => row.delivered < row.expected);
  if (rows.length !== 7 || incomplete.length > 0) {
    throw new Error(`Expected 7 complete rows, got ${rows.length} (${incomplete.map((row) => row.transport).join(', ') || 'none'} incomplete); no reference written.`);
  }
  const cpus = os.cpus();
  const reference = {
    about: 'Written by `npm run lab` (scripts/lab.ts) from the transport-lab solution; do not edit by hand.',
    workload,
    measuredOn: {
      date: new Date().toISOString(),
      node: process.versions.node,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
      libraries: await versions(['ws', '@grpc/grpc-js', '@grpc/proto-loader', 'mqtt', 'aedes']),
    },
    rows,
  };
  const text = JSON.stringify(reference, null, 2) + '\n';
  await writeFile(join(root, 'src', 'data', 'transport-lab-reference.json'), text);
  await writeFile(join(sandbox, 'starter', 'reference.json'), text);
  console.log('\nWrote src/data/transport-lab-reference.json and sandboxes/transport-lab/starter/reference.json.');
} finally {
  await rm(dir, { recursive: true, force: true });
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

async function versions(packages: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    packages.map(async (name) => [name, (JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version]),
  );
  return Object.fromEntries(entries);
}

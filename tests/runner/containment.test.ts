/**
 * Containment (issue 9, item 6): with a PID namespace, no process of a run outlives it, double forks
 * that leave the session and clear their environment included, whether the run ends by Stop, by its
 * page disconnecting, by the wall-time limit, or by the course server being SIGKILLed. Also: the
 * run's /dev/shm is private and bounded, files written next to the run's folder are gone before the
 * next run, and a SIGKILLed server's folder is removed by the next server that starts.
 *
 * Escaped processes are found by a unique token in their command line (their environment is
 * cleared), and killed in afterEach whatever happened, so a failing test leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createRunner } from '../../src/runner/index.ts';
import { detectContainment } from '../../src/runner/containment.ts';
import { eventually, runFolders, startTestServer, TestClient, type TestServer } from './helpers.ts';

const contained = detectContainment().mode !== 'process-tree';
const tokens: string[] = [];
const hosts: ChildProcess[] = [];
const folders: string[] = [];

/** Live processes whose command line contains `token`. */
function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token)) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/**
 * A program that double-forks a Node process that waits forever: sh backgrounds it and exits at once
 * (so it is re-parented), setsid gives it its own session and group, env -i clears the run's tag.
 */
function doubleFork(token: string): string {
  tokens.push(token);
  return [
    "import { spawn } from 'node:child_process';",
    `spawn('/bin/sh', ['-c', \`setsid env -i \${process.execPath} -e 'setInterval(() => {}, 1000)' ${token} >/dev/null 2>&1 &\`], { stdio: 'ignore' });`,
    'setInterval(() => {}, 1000);',
  ].join('\n');
}

afterEach(() => {
  for (const token of tokens.splice(0)) for (const pid of processesWith(token)) process.kill(pid, 'SIGKILL');
  for (const host of hosts.splice(0)) host.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ runWallTimeMs: 4000, shmBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await server?.dispose();
});

describe.skipIf(!contained)('a double fork cannot outlive its run (PID namespace)', () => {
  test('the runner says which containment is in force', () => {
    expect(server.runner.containment.mode).toMatch(/pid-namespace/);
    expect(server.runner.containment.description).toContain('PID namespace');
  });

  test('Stop', async () => {
    const client = await TestClient.connect(server.url);
    const token = `brr-escape-${randomUUID()}`;
    client.send({ type: 'run', runId: 'stop', entry: 'main.ts', files: { 'main.ts': doubleFork(token) } });
    await eventually(() => processesWith(token).length === 1, 8000, 'the double-forked process');
    client.send({ type: 'stop', runId: 'stop' });
    expect((await client.exit('stop')).reason).toBe('stopped');
    expect(processesWith(token)).toEqual([]);
    await client.close();
  });

  test('disconnect', async () => {
    const client = await TestClient.connect(server.url);
    const token = `brr-escape-${randomUUID()}`;
    client.send({ type: 'run', runId: 'gone', entry: 'main.ts', files: { 'main.ts': doubleFork(token) } });
    await eventually(() => processesWith(token).length === 1, 8000, 'the double-forked process');
    await client.close();
    await eventually(() => processesWith(token).length === 0, 3000, 'the escaped process to die with the connection');
  });

  test('timeout', async () => {
    const client = await TestClient.connect(server.url);
    const token = `brr-escape-${randomUUID()}`;
    client.send({ type: 'run', runId: 'slow', entry: 'main.ts', files: { 'main.ts': doubleFork(token) } });
    await eventually(() => processesWith(token).length === 1, 8000, 'the double-forked process');
    expect((await client.exit('slow')).reason).toBe('timeout');
    expect(processesWith(token)).toEqual([]);
    await client.close();
  });

  test('SIGKILL of the server; the next server removes its folder', async () => {
    const tempParent = mkdtempSync(join(tmpdir(), 'brr-runner-kill-test-'));
    folders.push(tempParent);
    const host = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/host-runner.ts', import.meta.url)), tempParent, '60000', 'auto'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    hosts.push(host);
    const [line] = (await once(createInterface({ input: host.stdout! }), 'line')) as [string];
    const { url, tempDir, containment } = JSON.parse(line) as { url: string; tempDir: string; containment: string };
    expect(containment).toMatch(/pid-namespace/);
    const client = await TestClient.connect(url);
    const token = `brr-escape-${randomUUID()}`;
    client.send({ type: 'run', runId: 'orphaned', entry: 'main.ts', files: { 'main.ts': doubleFork(token) } });
    await eventually(() => processesWith(token).length === 1, 8000, 'the double-forked process');
    host.kill('SIGKILL');
    await once(host, 'exit');
    // pdeathsig kills unshare, --kill-child its init, and the kernel the rest of the namespace.
    await eventually(() => processesWith(token).length === 0, 3000, 'every process of the run to die with the server');
    expect(existsSync(tempDir)).toBe(true); // a SIGKILLed server cannot clean up…
    const next = createRunner({ allowedOrigins: [], tempParentDir: tempParent, log: () => {} });
    expect(existsSync(tempDir)).toBe(false); // …but the next one does
    expect(existsSync(next.tempDir)).toBe(true);
    await next.close();
    expect(existsSync(next.tempDir)).toBe(false);
  });

  test('/dev/shm is private to the run and bounded by limits.shmBytes', async () => {
    const client = await TestClient.connect(server.url);
    const name = `brr-shm-${randomUUID()}`;
    const program = [
      "import { writeFileSync, existsSync } from 'node:fs';",
      `writeFileSync('/dev/shm/${name}', Buffer.alloc(1024 * 1024, 1));`,
      `console.log('small', existsSync('/dev/shm/${name}'));`,
      `try { writeFileSync('/dev/shm/${name}-big', Buffer.alloc(8 * 1024 * 1024, 1)); console.log('big written'); } catch (error) { console.log('big', error.code); }`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    client.send({ type: 'run', runId: 'shm', entry: 'main.ts', files: { 'main.ts': program } });
    await client.next(() => /big/.test(client.output('shm')), 8000);
    expect(client.output('shm')).toBe('small true\nbig ENOSPC\n');
    expect(existsSync(`/dev/shm/${name}`)).toBe(false); // never visible outside the run
    client.send({ type: 'stop', runId: 'shm' });
    await client.exit('shm');
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);
    await client.close();
  });
});

describe('files a run writes next to its folder', () => {
  test('are gone before the next run, which sees only its own folder', async () => {
    const client = await TestClient.connect(server.url);
    const plant = [
      "import { writeFileSync, mkdirSync } from 'node:fs';",
      "writeFileSync('../planted.txt', 'from the first run');",
      "writeFileSync('../../planted.txt', 'from the first run');",
      "mkdirSync('../../brr-run-fake');",
    ].join('\n');
    client.send({ type: 'run', runId: 'plant', entry: 'main.ts', files: { 'main.ts': plant } });
    expect(await client.exit('plant')).toMatchObject({ code: 0 });
    expect(runFolders(server)).toEqual([]);
    const look = "import { readdirSync } from 'node:fs';\nconsole.log(JSON.stringify([readdirSync('..'), readdirSync('../..').filter((name) => name !== 'owner.json')]));";
    client.send({ type: 'run', runId: 'look', entry: 'main.ts', files: { 'main.ts': look } });
    expect(await client.exit('look')).toMatchObject({ code: 0 });
    const [parent, grandparent] = JSON.parse(client.output('look')) as [string[], string[]];
    expect(parent.sort()).toEqual(['.runner', 'tmp', 'work']);
    expect(grandparent).toHaveLength(1); // its own folder only
    expect(grandparent[0]).toMatch(/^brr-run-/);
    await client.close();
  });
});

/**
 * Hostile programs: each would hurt the machine or the course if the runner did not stop it. Every
 * program is itself bounded (a fixed number of spawns, a fixed amount of memory) so that even a broken
 * runner cannot take the machine down while these tests run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NoticeMessage, ServerMessage } from '../../src/runner/protocol.ts';
import {
  eventually,
  isAlive,
  processesWithMarker,
  runFolders,
  startTestServer,
  TestClient,
  type TestServer,
} from './helpers.ts';

const MiB = 1024 * 1024;

interface Harness {
  server: TestServer;
  client: TestClient;
}

async function harness(limits: Parameters<typeof startTestServer>[0], containment: 'auto' | 'process-tree' = 'auto'): Promise<Harness> {
  const server = await startTestServer(limits, { containment });
  return { server, client: await TestClient.connect(server.url) };
}

/**
 * Time, output and process limits; memory is generous so ten Node processes fit. This harness uses
 * the fallback containment (process group and /proc tracking), whose pids the tests can see; the PID
 * namespace is proven in containment.test.ts.
 */
let main: Harness;
/** Small memory limits, and the default wall time so a slow machine still reaches them first. */
let memory: Harness;
let client: TestClient;
let server: TestServer;

beforeAll(async () => {
  [main, memory] = await Promise.all([
    harness({ runWallTimeMs: 2500, rssBytes: 1024 * MiB, maxProcesses: 10, watchdogIntervalMs: 50 }, 'process-tree'),
    harness({ heapMiB: 64, rssBytes: 256 * MiB, watchdogIntervalMs: 50 }),
  ]);
  ({ client, server } = main);
});
afterAll(async () => {
  for (const each of [main, memory]) {
    await each?.client.close();
    await each?.server.dispose();
  }
});

/** Starts `source` as main.ts with a unique marker variable that all its processes inherit. */
function start(runId: string, source: string, on: Harness = main): string {
  const marker = randomUUID();
  on.client.send({ type: 'run', runId, entry: 'main.ts', env: { RUNNER_TEST_MARKER: marker }, files: { 'main.ts': source } });
  return marker;
}

function notice(runId: string, on: Harness = main): NoticeMessage | undefined {
  return on.client.of(runId).find((message): message is NoticeMessage => message.type === 'notice');
}

/** After a run's exit: nothing of it is alive and its folder is gone. */
function expectNoTrace(marker: string, on: Harness = main): void {
  expect(processesWithMarker('RUNNER_TEST_MARKER', marker)).toEqual([]);
  expect(runFolders(on.server)).toEqual([]);
}

describe('limits', () => {
  test('an endless loop is killed at the wall-time limit', async () => {
    const marker = start('loop', 'for (;;) {}');
    const exit = await client.exit('loop');
    expect(exit).toMatchObject({ reason: 'timeout', signal: 'SIGKILL', code: null });
    expect(exit.durationMs).toBeGreaterThanOrEqual(2500);
    expect(exit.durationMs).toBeLessThan(5000);
    expect(notice('loop')?.message).toMatchInlineSnapshot(`"The run was stopped after 2.5 s, the time limit for one run. Programs that never end (an endless loop, or a server or timer that is never closed) hit this limit; close servers and clear timers when the program is done."`);
    expectNoTrace(marker);
  });

  test('a heap bomb dies at the V8 heap limit and is reported as memory', async () => {
    const marker = start('heap', 'const hoard: object[] = []; for (;;) hoard.push({ n: Math.random(), s: String(Math.random()) });', memory);
    const exit = await memory.client.exit('heap');
    expect(exit.reason).toBe('memory');
    expect(exit.signal).toBe('SIGABRT');
    expect(notice('heap', memory)?.message).toMatchInlineSnapshot(`"The program ran out of JavaScript heap memory (the limit is 64 MiB per process) and crashed. Look for data that grows without end, such as an array or object filled in a loop."`);
    expectNoTrace(marker, memory);
  });

  test('a Buffer bomb (outside the V8 heap) is killed by the resident-memory watchdog', async () => {
    // At most 2 GiB in 16 MiB steps, filled so the pages are really resident.
    const marker = start(
      'buffers',
      'const hoard: Buffer[] = [];\n' +
        'for (let i = 0; i < 128; i += 1) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));\n' +
        "console.log('survived');",
      memory,
    );
    const exit = await memory.client.exit('buffers');
    expect(exit).toMatchObject({ reason: 'memory', signal: 'SIGKILL' });
    expect(memory.client.output('buffers')).not.toContain('survived');
    expect(notice('buffers', memory)?.message).toMatchInlineSnapshot(`"The run was stopped because its processes used more than 256 MiB of memory together. Look for data that grows without end, such as an array or Buffer filled in a loop."`);
    expectNoTrace(marker, memory);
  });

  test('an output flood is cut at exactly the limit, with a notice, and killed', async () => {
    const marker = start('flood', "const line = 'x'.repeat(1023) + '\\n'; for (;;) process.stdout.write(line);");
    const exit = await client.exit('flood');
    expect(exit).toMatchObject({ reason: 'output-limit', signal: 'SIGKILL' });
    expect(Buffer.byteLength(client.output('flood'))).toBe(1 * MiB);
    const messages = client.of('flood');
    const noticeIndex = messages.findIndex((message) => message.type === 'notice');
    // Nothing but the exit follows the notice.
    expect(messages.slice(noticeIndex + 1).map((message) => message.type)).toEqual(['exit']);
    expect(notice('flood')?.message).toMatchInlineSnapshot(`"The output was cut off after 1 MiB, the output limit for one run, and the run was stopped. Print less, for example a summary instead of every item."`);
    expectNoTrace(marker);
  });

  test('a spawn loop is killed when the tree passes the process limit', async () => {
    // Bounded: at most 200 children, one every 5 ms, each exiting by itself after 20 s.
    const marker = start(
      'fork-bomb',
      [
        "import { spawn } from 'node:child_process';",
        'let spawned = 0;',
        'const timer = setInterval(() => {',
        '  if (spawned >= 200) { clearInterval(timer); return; }',
        '  spawned += 1;',
        "  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });",
        '}, 5);',
      ].join('\n'),
    );
    const exit = await client.exit('fork-bomb');
    expect(exit).toMatchObject({ reason: 'process-limit', signal: 'SIGKILL' });
    expect(exit.durationMs).toBeLessThan(2500);
    expect(notice('fork-bomb')?.message).toMatchInlineSnapshot(`"The run was stopped because it had more than 10 processes at once. Look for code that starts child processes in a loop, and wait for children to finish before starting more."`);
    expectNoTrace(marker);
  });
});

describe('stopping', () => {
  /** A tree: main → child → grandchild, each printing its pid and then waiting. */
  const tree = [
    "import { spawn } from 'node:child_process';",
    "const grandchild = `require('fs').writeSync(1, 'grandchild ' + process.pid + '\\\\n'); setTimeout(() => {}, 20000);`;",
    "const child = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); " +
      "require('fs').writeSync(1, 'child ' + process.pid + '\\\\n'); setTimeout(() => {}, 20000);`;",
    "spawn(process.execPath, ['-e', child], { stdio: 'inherit' });",
    "console.log('main ' + process.pid);",
    'setTimeout(() => {}, 20000);',
  ].join('\n');

  async function pidsOf(runId: string): Promise<Record<string, number>> {
    await client.next(() => /grandchild \d+/.test(client.output(runId)) && /\bchild \d+/.test(client.output(runId)), 5000);
    return Object.fromEntries([...client.output(runId).matchAll(/(\w+) (\d+)/g)].map((match) => [match[1], Number(match[2])]));
  }

  test('stop kills the whole tree, grandchildren included', async () => {
    const marker = start('stop-tree', tree);
    const pids = await pidsOf('stop-tree');
    expect(Object.keys(pids).sort()).toEqual(['child', 'grandchild', 'main']);
    // The pid in `started` is the entry's own (setpriv and the CPU-limit shell exec'd into it).
    expect(client.of('stop-tree').find((message) => message.type === 'started')).toMatchObject({ pid: pids.main });
    expect(Object.values(pids).every(isAlive)).toBe(true);
    client.send({ type: 'stop', runId: 'stop-tree' });
    expect(await client.exit('stop-tree')).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expect(Object.values(pids).filter(isAlive)).toEqual([]);
    expectNoTrace(marker);
  });

  test('a stop that arrives before the process exists still stops it', async () => {
    const marker = start('early', 'for (;;) {}');
    client.send({ type: 'stop', runId: 'early' });
    expect(await client.exit('early')).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expect(client.of('early').map((message) => message.type)).toEqual(['started', 'exit']);
    expectNoTrace(marker);
  });

  test('a grandchild that left the process group and lost its parent is still killed', async () => {
    // The child starts a detached grandchild (new session and group), prints its pid and exits, so
    // the grandchild is re-parented to init: only the run's environment tag still ties it to the run.
    const marker = start(
      'escape',
      [
        "import { spawn } from 'node:child_process';",
        "const child = `const g = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { detached: true, stdio: 'ignore' }); " +
          "g.unref(); require('fs').writeSync(1, 'escaped ' + g.pid + '\\\\n');`;",
        "spawn(process.execPath, ['-e', child], { stdio: 'inherit' });",
        'setTimeout(() => {}, 20000);',
      ].join('\n'),
    );
    await client.next(() => /escaped \d+/.test(client.output('escape')), 5000);
    const escaped = Number(/escaped (\d+)/.exec(client.output('escape'))![1]);
    expect(isAlive(escaped)).toBe(true);
    client.send({ type: 'stop', runId: 'escape' });
    await client.exit('escape');
    expect(isAlive(escaped)).toBe(false);
    expectNoTrace(marker);
  });

  test('processes left behind by an entry that exits are killed with it', async () => {
    const marker = start(
      'orphans',
      "import { spawn } from 'node:child_process';\n" +
        "const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });\n" +
        // unref: without it the entry would wait for its child instead of exiting.
        'child.unref();\n' +
        "console.log('left ' + child.pid);",
    );
    const exit = await client.exit('orphans');
    expect(exit).toMatchObject({ reason: 'exit', code: 0 });
    expect(isAlive(Number(/left (\d+)/.exec(client.output('orphans'))![1]))).toBe(false);
    expectNoTrace(marker);
  });

  test('closing the connection kills its runs and removes their folders', async () => {
    const other = await TestClient.connect(server.url);
    const marker = randomUUID();
    other.send({ type: 'run', runId: 'abandoned', entry: 'main.ts', env: { RUNNER_TEST_MARKER: marker }, files: { 'main.ts': tree } });
    await other.next(() => /grandchild \d+/.test(other.output('abandoned')), 5000);
    expect(processesWithMarker('RUNNER_TEST_MARKER', marker)).toHaveLength(3);
    await other.close();
    await eventually(() => processesWithMarker('RUNNER_TEST_MARKER', marker).length === 0, 3000, 'processes killed');
    await eventually(() => runFolders(server).length === 0 && server.runner.activeRunCount === 0, 3000, 'folder removed');
  });

  test('closing the runner kills every run', async () => {
    const own = await startTestServer({}, { containment: 'process-tree' });
    const ownClient = await TestClient.connect(own.url);
    const marker = randomUUID();
    ownClient.send({ type: 'run', runId: 'r', entry: 'main.ts', env: { RUNNER_TEST_MARKER: marker }, files: { 'main.ts': tree } });
    await ownClient.next(() => /grandchild \d+/.test(ownClient.output('r')), 5000);
    const tempDir = own.runner.tempDir;
    await own.dispose();
    expect(processesWithMarker('RUNNER_TEST_MARKER', marker)).toEqual([]);
    expect(existsSync(tempDir)).toBe(false);
    await eventually(() => ownClient.socket.readyState === ownClient.socket.CLOSED, 3000, 'socket closed');
  });
});

describe('when the host process goes away', () => {
  /** Markers of runs whose processes may outlive their host; killed in cleanUp whatever happened. */
  const escapeMarkers: string[] = [];
  /** Starts a runner in its own process and a client connected to it. */
  async function hostedRunner(wallTimeMs: number) {
    const tempParent = mkdtempSync(join(tmpdir(), 'brr-runner-host-test-'));
    const host = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/host-runner.ts', import.meta.url)), tempParent, String(wallTimeMs), 'process-tree'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: host.stdout! }), 'line')) as [string];
    const { url, tempDir } = JSON.parse(line) as { url: string; tempDir: string };
    const hosted = await TestClient.connect(url);
    const cleanUp = () => {
      host.kill('SIGKILL');
      // Bounded even when an assertion failed: nothing a test started outlives it.
      for (const marker of escapeMarkers.splice(0)) {
        for (const pid of processesWithMarker('RUNNER_TEST_MARKER', marker)) process.kill(pid, 'SIGKILL');
      }
      rmSync(tempParent, { recursive: true, force: true });
    };
    return { host, hosted, tempDir, cleanUp };
  }

  test('a host that calls process.exit() takes its runs and temp folder with it', async () => {
    const { host, hosted, tempDir, cleanUp } = await hostedRunner(10_000);
    try {
      const marker = randomUUID();
      hosted.send({ type: 'run', runId: 'r', entry: 'main.ts', env: { RUNNER_TEST_MARKER: marker }, files: { 'main.ts': 'for (;;) {}' } });
      await hosted.next((message) => message.type === 'started');
      expect(processesWithMarker('RUNNER_TEST_MARKER', marker)).toHaveLength(1);
      host.stdin!.end('exit\n');
      await once(host, 'exit');
      // The run is killed as the host goes, and on a busy machine the kernel may still be tearing it down
      // when the host's exit is reported.
      await expect.poll(() => processesWithMarker('RUNNER_TEST_MARKER', marker), { timeout: 5000 }).toEqual([]);
      expect(existsSync(tempDir)).toBe(false);
    } finally {
      cleanUp();
    }
  });

  test('without namespaces, a SIGKILLed host takes its entry process along (pdeathsig); the kernel CPU limit ends a loop that escaped', async () => {
    const { host, hosted, cleanUp } = await hostedRunner(2000);
    try {
      const marker = randomUUID();
      escapeMarkers.push(marker);
      // The entry starts a detached loop (its own session, re-parented to init once the entry dies) and loops itself.
      const source =
        "import { spawn } from 'node:child_process';\n" +
        "spawn(process.execPath, ['-e', 'for (;;) {}'], { detached: true, stdio: 'ignore' }).unref();\n" +
        'for (;;) {}';
      hosted.send({ type: 'run', runId: 'r', entry: 'main.ts', env: { RUNNER_TEST_MARKER: marker }, files: { 'main.ts': source } });
      const started = (await hosted.next((message) => message.type === 'started')) as { pid: number };
      await eventually(() => processesWithMarker('RUNNER_TEST_MARKER', marker).length === 2, 5000, 'the loop to start');
      host.kill('SIGKILL');
      await once(host, 'exit');
      await eventually(() => !isAlive(started.pid), 2000, 'the entry to die with its host');
      const orphans = processesWithMarker('RUNNER_TEST_MARKER', marker);
      expect(orphans).toHaveLength(1);
      // RLIMIT_CPU for a 2 s wall time is 5 CPU seconds.
      expect(readFileSync(`/proc/${orphans[0]}/limits`, 'utf8')).toMatch(/^Max cpu time\s+5\s+5\s+seconds/m);
      await eventually(() => processesWithMarker('RUNNER_TEST_MARKER', marker).length === 0, 20_000, 'the orphaned loop to die');
    } finally {
      cleanUp();
    }
  });
});

describe('the runner stays healthy', () => {
  test('after all of the above, a normal run still works', async () => {
    client.send({ type: 'run', runId: 'after', entry: 'main.ts', files: { 'main.ts': "console.log('still here');" } });
    expect(await client.exit('after')).toMatchObject({ code: 0, reason: 'exit' });
    expect(client.output('after')).toBe('still here\n');
    const errors = client.messages.filter((message: ServerMessage) => message.type === 'error');
    expect(errors).toEqual([]);
  });
});

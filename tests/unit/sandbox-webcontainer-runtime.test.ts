/**
 * The WebContainer runtime against a fake container with the same interface (sandbox-fake-webcontainer.ts):
 * boot reuse and the timeout path, mount diffing, installing once, running, stopping, and mapping a
 * real vitest 5 JSON report (recorded from a real run into tests/fixtures/sandbox-runtime/).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { readAllOutput } from '../../src/sandbox/process-channel.ts';
import type { ServerReady } from '../../src/sandbox/runtime.ts';
import {
  createWebContainerRuntime,
  splitPackageSpec,
  WebContainerStartError,
  type WebContainerRuntimeOptions,
} from '../../src/sandbox/webcontainer-runtime.ts';
import { FakeWebContainer, isCommand, KILLED_EXIT_CODE, type SpawnCall } from './sandbox-fake-webcontainer.ts';

const recordedReport = readFileSync(new URL('../fixtures/sandbox-runtime/vitest-5-report.json', import.meta.url), 'utf8');

function booting(container: FakeWebContainer) {
  return vi.fn(async () => container);
}

function options(container: FakeWebContainer, extra: Partial<WebContainerRuntimeOptions> = {}): WebContainerRuntimeOptions {
  return { boot: booting(container), isolated: true, ...extra };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('booting', () => {
  test('boots once and shares the container between sandboxes, each in its own folder', async () => {
    const container = new FakeWebContainer();
    const boot = booting(container);
    const first = await createWebContainerRuntime({ boot, isolated: true });
    const second = await createWebContainerRuntime({ boot, isolated: true });
    expect(boot).toHaveBeenCalledTimes(1);
    await first.mount({ 'main.ts': 'one' });
    await second.mount({ 'main.ts': 'two' });
    expect(container.files.get('sandbox-1/main.ts')).toBe('one');
    expect(container.files.get('sandbox-2/main.ts')).toBe('two');
    expect(first.kind).toBe('webcontainer');
    expect(first.label).toBe('WebContainers (Node.js in this browser tab)');
  });

  test('a page that is not cross-origin isolated is refused at once, without booting', async () => {
    const boot = booting(new FakeWebContainer());
    const error = await createWebContainerRuntime({ boot, isolated: false }).catch((caught: unknown) => caught);
    expect(boot).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(WebContainerStartError);
    expect((error as WebContainerStartError).failure).toBe('not-isolated');
    expect((error as Error).message).toMatchInlineSnapshot(
      `"WebContainers cannot start because this page is not cross-origin isolated: it needs the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp. Serve the course with \`npm start\`, which sends them, or use the local runner."`,
    );
  });

  test('a boot that never settles (offline) times out with the reason, and is not started twice', async () => {
    vi.useFakeTimers();
    let finishBoot!: (container: FakeWebContainer) => void;
    const boot = vi.fn(() => new Promise<FakeWebContainer>((resolve) => (finishBoot = resolve)));
    const attempt = createWebContainerRuntime({ boot, isolated: true, bootTimeoutMs: 8000 });
    const outcome = attempt.catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(7999);
    expect(await Promise.race([outcome.then(() => 'settled'), Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(WebContainerStartError);
    expect((error as WebContainerStartError).failure).toBe('timeout');
    expect((error as Error).message).toMatchInlineSnapshot(
      `"WebContainers did not start within 8 s. They download their runtime from StackBlitz (stackblitz.com and *.webcontainer-api.io), so this usually means this browser has no network access to it. Use the local runner instead: start the course with \`npm start\`."`,
    );
    // A second attempt waits for the same boot (WebContainers allow one boot at a time) and gets it when it arrives.
    const retry = createWebContainerRuntime({ boot, isolated: true, bootTimeoutMs: 8000 });
    finishBoot(new FakeWebContainer());
    await expect(retry).resolves.toMatchObject({ kind: 'webcontainer' });
    expect(boot).toHaveBeenCalledTimes(1);
  });

  test('a boot that fails says why, and the next attempt boots again', async () => {
    const container = new FakeWebContainer();
    const boot = vi.fn<() => Promise<FakeWebContainer>>()
      .mockRejectedValueOnce(new Error('Unable to create more instances.'))
      .mockResolvedValue(container);
    const error = await createWebContainerRuntime({ boot, isolated: true }).then(
      () => new WebContainerStartError('timeout', 'The boot unexpectedly succeeded.'),
      (caught: unknown) => caught as WebContainerStartError,
    );
    expect(error).toBeInstanceOf(WebContainerStartError);
    expect(error.failure).toBe('failed');
    expect(error.message).toMatchInlineSnapshot(
      `"WebContainers failed to start (Unable to create more instances). Use the local runner instead: start the course with \`npm start\`."`,
    );
    await expect(createWebContainerRuntime({ boot, isolated: true })).resolves.toMatchObject({ kind: 'webcontainer' });
    expect(boot).toHaveBeenCalledTimes(2);
  });
});

describe('mounting', () => {
  test('writes only what changed, removes what is gone, and skips unchanged writeFile calls', async () => {
    const container = new FakeWebContainer();
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': 'main', 'lib/util.ts': 'util v1', 'lib/extra.ts': 'extra' });
    expect(container.writes().sort()).toEqual(['sandbox-1/lib/extra.ts', 'sandbox-1/lib/util.ts', 'sandbox-1/main.ts']);

    container.operations.length = 0;
    await sandbox.mount({ 'main.ts': 'main', 'lib/util.ts': 'util v2' });
    expect(container.operations).toEqual([
      { op: 'rm', path: 'sandbox-1/lib/extra.ts' },
      { op: 'writeFile', path: 'sandbox-1/lib/util.ts' },
    ]);

    container.operations.length = 0;
    await sandbox.writeFile('main.ts', 'main');
    await sandbox.mount({ 'main.ts': 'main', 'lib/util.ts': 'util v2' });
    expect(container.operations).toEqual([]);

    await sandbox.writeFile('main.ts', 'main v2');
    expect(container.writes()).toEqual(['sandbox-1/main.ts']);
    expect(await sandbox.readFile('main.ts')).toBe('main v2');
    expect(container.files.has('sandbox-1/lib/extra.ts')).toBe(false);
  });

  test('overlapping mounts are applied in order', async () => {
    const container = new FakeWebContainer();
    const sandbox = await createWebContainerRuntime(options(container));
    await Promise.all([sandbox.mount({ 'a.ts': '1' }), sandbox.mount({ 'a.ts': '2', 'b.ts': 'b' }), sandbox.mount({ 'b.ts': 'b' })]);
    expect([...container.files.entries()].filter(([path]) => path.startsWith('sandbox-1/'))).toEqual([['sandbox-1/b.ts', 'b']]);
  });

  test('reading a missing file names the files there are', async () => {
    const sandbox = await createWebContainerRuntime(options(new FakeWebContainer()));
    await sandbox.mount({ 'main.ts': '', 'server.ts': '' });
    await expect(sandbox.readFile('client.ts')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: There is no file "client.ts" in the sandbox. Its files are: main.ts, server.ts.]`,
    );
  });
});

describe('installing and running', () => {
  function npmInstalls(container: FakeWebContainer): SpawnCall[] {
    return container.spawns.filter(isCommand('npm', 'install'));
  }

  test('installs tsx, vitest and the sandbox\'s packages once per container, then runs the entry with tsx', async () => {
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), (_call, io) => {
        io.print('added 3 packages\r\n');
        return 0;
      })
      .script(isCommand('npx', 'tsx'), (call, io) => {
        io.print(`running ${call.args[1]} with GREETING=${String(call.env.GREETING)}\r\n`);
        return 2;
      });
    const boot = booting(container);
    const sandbox = await createWebContainerRuntime({ boot, isolated: true, dependencies: ['ws@^8'] });
    await sandbox.mount({ 'main.ts': "console.log('hi')" });
    const run = await sandbox.run('main.ts', { env: { GREETING: 'hello' } });
    const [chunks, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
    expect(chunks).toEqual([
      { stream: 'system', data: 'Installing tsx, vitest, ws in the WebContainer (only the first time)…\n' },
      { stream: 'stdout', data: 'running main.ts with GREETING=hello\n' },
    ]);
    expect(exit).toMatchObject({ code: 2, signal: null, reason: 'exit' });
    expect(container.spawns.at(-1)).toMatchObject({ command: 'npx', args: ['tsx', 'main.ts'], cwd: 'sandbox-1' });
    expect(JSON.parse(container.files.get('package.json') ?? '{}')).toEqual({
      name: 'course-sandboxes',
      private: true,
      type: 'module',
      dependencies: { tsx: '^4', vitest: '^5', ws: '^8' },
    });

    // Again, and from a second sandbox with one more package: only the missing one triggers npm.
    await (await sandbox.run('main.ts')).exit;
    expect(npmInstalls(container)).toHaveLength(1);
    const other = await createWebContainerRuntime({ boot, isolated: true, dependencies: ['ws', 'eventsource-parser@^3'] });
    await other.mount({ 'main.ts': '' });
    await (await other.run('main.ts')).exit;
    expect(npmInstalls(container)).toHaveLength(2);
    expect(JSON.parse(container.files.get('package.json') ?? '{}').dependencies).toEqual({
      tsx: '^4',
      vitest: '^5',
      ws: '^8',
      'eventsource-parser': '^3',
    });
  });

  test('a failed install rejects the run with npm\'s last words, and the next run tries again', async () => {
    let attempts = 0;
    const container = new FakeWebContainer().script(isCommand('npm', 'install'), (_call, io) => {
      attempts += 1;
      if (attempts > 1) return 0;
      io.print('npm ERR! code ENOTFOUND\r\nnpm ERR! network request to https://registry.npmjs.org/tsx failed\r\n');
      return 1;
    });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    await expect(sandbox.run('main.ts')).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: Installing tsx, vitest in the WebContainer failed (npm exited with code 1). Check the network connection and run again. The end of npm's output:
      npm ERR! code ENOTFOUND
      npm ERR! network request to https://registry.npmjs.org/tsx failed]
    `);
    await expect((await sandbox.run('main.ts')).exit).resolves.toMatchObject({ code: 0 });
    expect(attempts).toBe(2);
  });

  test('kill stops a program that runs forever; stdin reaches it', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'tsx'), async (_call, io) => {
      io.print('name? ');
      io.print(`hello ${(await io.nextInput()).trim()}\r\n`);
      return new Promise<number>(() => {});
    });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    run.write('Ada\n');
    const reader = run.output.getReader();
    let seen = '';
    while (!seen.includes('hello Ada')) seen += (await reader.read()).value?.data ?? '';
    reader.releaseLock();
    run.kill();
    expect(await run.exit).toMatchObject({ code: KILLED_EXIT_CODE, reason: 'stopped' });
  });

  test('a run that exceeds its time limit is stopped with a notice', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'tsx'), () => new Promise<number>(() => {}));
    const sandbox = await createWebContainerRuntime(options(container, { runTimeoutMs: 50 }));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    const [chunks, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
    expect(exit.reason).toBe('timeout');
    expect(chunks.filter((chunk) => chunk.stream === 'system').at(-1)?.data).toMatch(/^The run was stopped after 0\.05 s, the time limit/);
  });

  test('server-ready events reach this sandbox only while its program runs', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'tsx'), () => new Promise<number>(() => {}));
    const sandbox = await createWebContainerRuntime(options(container));
    const seen: ServerReady[] = [];
    sandbox.onServerReady((ready) => seen.push(ready));
    container.emitServerReady(3000, 'https://stale.local-credentialless.webcontainer-api.io');
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    container.emitServerReady(3000, 'https://abc--3000.local-credentialless.webcontainer-api.io');
    run.kill();
    await run.exit;
    container.emitServerReady(3001, 'https://late.local-credentialless.webcontainer-api.io');
    expect(seen).toEqual([{ port: 3000, url: 'https://abc--3000.local-credentialless.webcontainer-api.io' }]);
  });

  test('an entry that is not mounted is refused without spawning', async () => {
    const container = new FakeWebContainer();
    const sandbox = await createWebContainerRuntime(options(container));
    await expect(sandbox.run('main.ts')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: There is no file "main.ts" in the sandbox, because no files are mounted yet. Mount the files first.]`,
    );
    expect(container.spawns).toEqual([]);
  });

  test('teardown kills its programs and removes its folder but keeps the container for the next sandbox', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'tsx'), () => new Promise<number>(() => {}));
    const boot = booting(container);
    const sandbox = await createWebContainerRuntime({ boot, isolated: true });
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    await sandbox.teardown();
    expect((await run.exit).reason).toBe('stopped');
    expect([...container.folders].some((folder) => folder.startsWith('sandbox-1'))).toBe(false);
    await expect(sandbox.mount({ 'main.ts': '' })).rejects.toThrow(/This sandbox was shut down/);
    await createWebContainerRuntime({ boot, isolated: true });
    expect(boot).toHaveBeenCalledTimes(1);
  });

  test('package specs split into name and range', () => {
    expect(splitPackageSpec('ws')).toEqual(['ws', 'latest']);
    expect(splitPackageSpec('ws@^8')).toEqual(['ws', '^8']);
    expect(splitPackageSpec('@types/node@22')).toEqual(['@types/node', '22']);
    expect(splitPackageSpec('@scope/name')).toEqual(['@scope/name', 'latest']);
  });
});

describe('tests', () => {
  /** vitest as the fake runs it: checks the spec files are there, then writes the recorded report. */
  function vitestWritingReport(report: string | undefined, exitCode = 1) {
    return async (call: SpawnCall, io: { print(text: string): void; container: FakeWebContainer }) => {
      for (const spec of call.args.slice(4)) {
        if (!io.container.files.has(`${call.cwd}/${spec}`)) throw new Error(`spec ${spec} was not written`);
      }
      const outputFile = call.args.find((arg) => arg.startsWith('--outputFile='))?.slice('--outputFile='.length);
      io.print('\u001b[31mSyntaxError\u001b[39m: something went wrong before any test\r\n');
      if (report !== undefined && outputFile) {
        await io.container.fs.writeFile(`${call.cwd}/${outputFile}`, report.replaceAll('{{root}}', `/home/course/${call.cwd}`));
      }
      return exitCode;
    };
  }

  test('runs vitest with the JSON reporter and maps the report: names, statuses, trimmed messages, load failures', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'vitest'), vitestWritingReport(recordedReport));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'math.ts': 'export const add = (a: number, b: number) => a - b;' });
    const report = await sandbox.test({ 'tests/math.test.ts': 'spec', 'tests/broken.test.ts': 'spec' });

    const vitest = container.spawns.find(isCommand('npx', 'vitest'))!;
    expect(vitest.args).toEqual(['vitest', 'run', '--reporter=json', '--outputFile=.brr/report-1.json', 'tests/math.test.ts', 'tests/broken.test.ts']);
    expect(vitest.cwd).toBe('sandbox-1');

    expect(report).toMatchObject({ success: false, passed: 1, failed: 2, total: 5, output: '' });
    expect(report.tests.map(({ name, status }) => `${status}: ${name}`)).toEqual([
      'failed: tests/broken.test.ts: (the test file could not be run)',
      'passed: add adds zero',
      'failed: add adds two numbers',
      'skipped: add handles NaN',
      'todo: add handles Infinity',
    ]);
    expect(report.tests[0]?.message).toBe("Cannot find module '../nowhere.ts' imported from /home/course/sandbox-1/tests/broken.test.ts");
    const failure = report.tests[2]?.message ?? '';
    expect(failure).toMatch(/^AssertionError: add\(2, 3\) should be the sum of both numbers\./);
    expect(failure.length).toBeLessThanOrEqual(601);
    expect(failure.endsWith('…')).toBe(true);

    // The specs and the report are gone afterwards; the learner's files stay.
    expect([...container.files.keys()].filter((path) => path.startsWith('sandbox-1/'))).toEqual(['sandbox-1/math.ts']);
  });

  test('without a report (vitest crashed), the report says so and carries the tail of the output', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'vitest'), vitestWritingReport(undefined));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'math.ts': '' });
    const report = await sandbox.test({ 'tests/math.test.ts': 'spec' });
    expect(report).toMatchObject({ success: false, passed: 0, failed: 0, total: 0, tests: [] });
    expect(report.output).toMatchInlineSnapshot(`
      "vitest exited with code 1 without writing a report, so no test results are available.
      Installing tsx, vitest in the WebContainer (only the first time)…
      SyntaxError: something went wrong before any test"
    `);
  });

  test('tests that run too long are stopped and reported as such', async () => {
    const container = new FakeWebContainer().script(isCommand('npx', 'vitest'), () => new Promise<number>(() => {}));
    const sandbox = await createWebContainerRuntime(options(container, { testTimeoutMs: 50 }));
    await sandbox.mount({ 'math.ts': '' });
    const report = await sandbox.test({ 'tests/math.test.ts': 'spec' });
    expect(report.success).toBe(false);
    expect(report.output.split('\n')[0]).toBe('The tests were stopped after 0.05 s, the time limit for one test run.');
  });

  test('a test file may not shadow a learner file', async () => {
    const sandbox = await createWebContainerRuntime(options(new FakeWebContainer()));
    await sandbox.mount({ 'tests/math.test.ts': 'learner' });
    await expect(sandbox.test({ 'tests/math.test.ts': 'spec' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: The test file "tests/math.test.ts" has the same name as one of the sandbox files. Rename the test file in the sandbox's tests/ folder.]`,
    );
  });
});

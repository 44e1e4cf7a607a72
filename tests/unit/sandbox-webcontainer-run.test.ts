/**
 * Installing and running on the WebContainer backend, against the contract-keeping fake
 * (sandbox-fake-webcontainer.ts, sandbox-fake-npm.ts): locked installs once per container and
 * cancellable, `node` as the root process with the container's Node chosen explicitly, the time limit,
 * terminal output turned into clean stdout/stderr, ports and errors explained.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { timeoutNotice } from '../../src/runner/limit-notices.ts';
import { readAllOutput } from '../../src/sandbox/process-channel.ts';
import type { OutputChunk, ServerReady } from '../../src/sandbox/runtime.ts';
import { createWebContainerRuntime, type WebContainerRuntimeOptions } from '../../src/sandbox/webcontainer-runtime.ts';
import { fakeNpm, manifest } from './sandbox-fake-npm.ts';
import { FakeWebContainer, isCommand, isNodeRunning, KILLED_EXIT_CODE } from './sandbox-fake-webcontainer.ts';

function options(container: FakeWebContainer, extra: Partial<WebContainerRuntimeOptions> = {}): WebContainerRuntimeOptions {
  return { boot: async () => container, isolated: true, packages: async () => manifest, ...extra };
}

const forever = (): Promise<number> => new Promise<number>(() => {});
const systemText = (chunks: OutputChunk[]): string => chunks.filter((chunk) => chunk.stream === 'system').map((chunk) => chunk.data).join('');

afterEach(() => {
  vi.useRealTimers();
});

describe('installing', () => {
  test('asks for Node 22.22 and installs exactly the locked versions, once per container', async () => {
    const installs: string[][] = [];
    const container = new FakeWebContainer().script(isCommand('npm', 'install'), fakeNpm({ installs }));
    const sandbox = await createWebContainerRuntime(options(container, { dependencies: ['ws'] }));
    await sandbox.mount({ 'main.ts': '' });
    const chunks = await readAllOutput((await sandbox.run('main.ts')).output);

    const pkg = JSON.parse(container.files.get('package.json')!);
    expect(pkg.engines).toEqual({ node: '22.22.0' });
    expect(pkg.dependencies).toEqual({ ws: manifest.versions.ws });
    expect(container.files.get('.nvmrc')).toBe('v22.22.0\n');
    expect(installs).toEqual([['ws']]);
    expect(systemText(chunks)).toMatch(/^Installing ws \d+\.\d+\.\d+ in the WebContainer \(1 locked packages in all; only the first time in this tab\)…\nInstalled in \d+\.\d s\.\n$/);

    // Again, and from a second sandbox with another package: only the missing one makes npm run again.
    await (await sandbox.run('main.ts')).exit;
    expect(installs).toHaveLength(1);
    const other = await createWebContainerRuntime(options(container, { dependencies: ['ws', 'socket.io'] }));
    await other.mount({ 'main.ts': '' });
    await (await other.run('main.ts')).exit;
    expect(installs).toEqual([['ws'], ['socket.io', 'ws']]);
    const lock = JSON.parse(container.files.get('package-lock.json')!);
    expect(lock.packages['node_modules/socket.io'].version).toBe(manifest.versions['socket.io']);
    expect(Object.keys(lock.packages).length).toBeGreaterThan(10);
  });

  test('Stop during a slow install kills npm; nothing counts as installed, and the next run installs', async () => {
    vi.useFakeTimers();
    const installs: string[][] = [];
    const container = new FakeWebContainer().script(isCommand('npm', 'install'), fakeNpm({ latencyMs: 20_000, installs }));
    const sandbox = await createWebContainerRuntime(options(container, { dependencies: ['ws'] }));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    await vi.advanceTimersByTimeAsync(1000);
    expect(container.spawns.filter(isCommand('npm'))).toHaveLength(1);
    run.kill();
    expect(await run.exit).toMatchObject({ reason: 'stopped', code: null });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(installs).toEqual([]);
    expect(container.spawns.some(isNodeRunning('main.ts'))).toBe(false);

    const again = await sandbox.run('main.ts');
    await vi.advanceTimersByTimeAsync(20_500);
    await again.exit;
    expect(installs).toEqual([['ws']]);
    expect(container.spawns.some(isNodeRunning('main.ts'))).toBe(true);
  });

  test("a failed install ends the run with npm's last words, and the next run tries again", async () => {
    let attempts = 0;
    const container = new FakeWebContainer().script(isCommand('npm', 'install'), (call, io) => {
      attempts += 1;
      return attempts > 1 ? fakeNpm()(call, io) : fakeNpm({ failWith: { code: 1, output: 'npm ERR! code ENOTFOUND\n' } })(call, io);
    });
    const sandbox = await createWebContainerRuntime(options(container, { dependencies: ['ws'] }));
    await sandbox.mount({ 'main.ts': '' });
    const first = await sandbox.run('main.ts');
    const [chunks, exit] = await Promise.all([readAllOutput(first.output), first.exit]);
    expect(exit.code).toBe(null);
    expect(systemText(chunks)).toMatch(/Installing ws [\d.]+ in the WebContainer failed \(npm exited with code 1\)[^]*npm ERR! code ENOTFOUND/);
    expect((await (await sandbox.run('main.ts')).exit).code).toBe(0);
    expect(attempts).toBe(2);
  });
});

describe('running', () => {
  test('runs `node <flags> entry` in the sandbox folder: node is the process kill() ends, TypeScript by type stripping', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('main.ts'), (call, io) => {
      io.print(`\u001b[32mgreen\u001b[39m and GREETING=${String(call.env.GREETING)}\n`);
      io.printErr('Error: boom\n');
      return 2;
    });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': "console.log('hi')" });
    const run = await sandbox.run('main.ts', { env: { GREETING: 'hello' } });
    const [chunks, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
    expect(chunks).toEqual([
      { stream: 'stdout', data: 'green and GREETING=hello\n' },
      { stream: 'stderr', data: 'Error: boom\n' },
    ]);
    expect(exit).toMatchObject({ code: 2, signal: null, reason: 'exit' });
    const spawned = container.spawns.find(isNodeRunning('main.ts'))!;
    expect(spawned).toMatchObject({
      command: 'node',
      args: ['--disable-warning=ExperimentalWarning', '--import=/home/course/.course/stderr-mark.mjs', 'main.ts'],
      cwd: 'sandbox-1',
      terminal: { cols: 500, rows: 40 },
    });
    expect(spawned.env.NODE_OPTIONS).toBe('--disable-warning=ExperimentalWarning --import=/home/course/.course/stderr-mark.mjs');
    expect(container.spawns.filter(isCommand('node', '--version'))).toHaveLength(1);
  });

  test('where the container runs Node 20 (engines.node ignored), tsx is installed and loaded into node itself', async () => {
    const installs: string[][] = [];
    const container = new FakeWebContainer()
      .script(isCommand('node', '--version'), (_call, io) => (io.print('v20.19.1\n'), 0))
      .script(isCommand('npm', 'install'), fakeNpm({ installs }));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    await (await sandbox.run('main.ts')).exit;
    expect(installs).toEqual([['tsx']]);
    expect(container.spawns.find(isNodeRunning('main.ts'))?.args).toEqual([
      '--disable-warning=ExperimentalWarning', '--import=/home/course/.course/stderr-mark.mjs', '--import=tsx', 'main.ts',
    ]);
  });

  test('CRLF and escape codes cut between terminal chunks still come out clean', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('main.ts'), (_call, io) => {
      for (const piece of ['one\r', '\ntwo \u001b[3', '1mred\u001b', '[39m\r', '\n']) io.print(piece.replace(/\r\n/g, '\n'));
      return 0;
    });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const chunks = await readAllOutput((await sandbox.run('main.ts')).output);
    expect(chunks.map((chunk) => chunk.data).join('')).toBe('one\ntwo red\n');
  });

  test('timeLimitMs is honoured: a preview server runs past runSeconds until its own limit, with the runner\'s notice', async () => {
    vi.useFakeTimers();
    const container = new FakeWebContainer().script(isNodeRunning('server.ts'), forever);
    const sandbox = await createWebContainerRuntime(options(container, { runTimeoutMs: 10_000 }));
    await sandbox.mount({ 'server.ts': '' });
    const run = await sandbox.run('server.ts', { timeLimitMs: 300_000 });
    const output = readAllOutput(run.output);
    await vi.advanceTimersByTimeAsync(10_001);
    expect(await Promise.race([run.exit.then(() => 'ended'), Promise.resolve('running')])).toBe('running');
    await vi.advanceTimersByTimeAsync(290_000);
    expect(await run.exit).toMatchObject({ reason: 'timeout', code: KILLED_EXIT_CODE });
    expect(systemText(await output)).toBe(`${timeoutNotice(300_000)}\n`);
  });

  test('Stop ends the server itself: its port closes, so the next Run can listen again', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('server.ts'), (_call, io) => {
      io.listen(3000);
      return forever();
    });
    const sandbox = await createWebContainerRuntime(options(container));
    const seen: ServerReady[] = [];
    sandbox.onServerReady((ready) => seen.push(ready));
    await sandbox.mount({ 'server.ts': '' });
    const first = await sandbox.run('server.ts');
    await vi.waitFor(() => expect(container.ports.has(3000)).toBe(true));
    first.kill();
    expect(await first.exit).toMatchObject({ reason: 'stopped' });
    expect(container.ports.has(3000)).toBe(false);
    const second = await sandbox.run('server.ts');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    second.kill();
    const chunks = await readAllOutput(second.output);
    expect(systemText(chunks)).not.toMatch(/still in use/);
  });

  test('the fake keeps the real kill() contract: a child of the killed root keeps running and keeps its port', async () => {
    let child!: ReturnType<Parameters<Parameters<FakeWebContainer['script']>[1]>[1]['spawnChild']>;
    const container = new FakeWebContainer().script(isCommand('npx'), (_call, io) => {
      child = io.spawnChild((_childCall, childIo) => (childIo.listen(3000), forever()));
      return forever();
    });
    const sandbox = await createWebContainerRuntime(options(container));
    const npx = await container.spawn('npx', ['tsx', 'server.ts']);
    await vi.waitFor(() => expect(container.ports.has(3000)).toBe(true));
    npx.kill();
    expect(await npx.exit).toBe(KILLED_EXIT_CODE);
    expect(child.running).toBe(true);
    expect(container.ports.has(3000)).toBe(true);

    // Such a leftover is explained on the next Run of a sandbox.
    await sandbox.mount({ 'main.ts': '' });
    const chunks = await readAllOutput((await sandbox.run('main.ts')).output);
    expect(systemText(chunks)).toMatch(/^Port 3000 is still in use inside the WebContainer, by a program from an earlier run/);
    child.exit(0);
  });

  test('an internal WebContainers error reaches the output of the running program', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('main.ts'), forever);
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    await vi.waitFor(() => expect(container.spawns.some(isNodeRunning('main.ts'))).toBe(true));
    container.emit('error', { message: 'Service worker was blocked' });
    run.kill();
    expect(systemText(await readAllOutput(run.output))).toBe('WebContainers reported an internal error: Service worker was blocked\n');
  });

  test('stdin reaches the program; kill stops it', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('main.ts'), async (_call, io) => {
      io.print('name? ');
      io.print(`hello ${(await io.nextInput()).trim()}\n`);
      return forever();
    });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    await vi.waitFor(() => expect(container.spawns.some(isNodeRunning('main.ts'))).toBe(true));
    run.write('Ada\n');
    const reader = run.output.getReader();
    let seen = '';
    while (!seen.includes('hello Ada')) seen += (await reader.read()).value?.data ?? '';
    reader.releaseLock();
    run.kill();
    expect(await run.exit).toMatchObject({ code: KILLED_EXIT_CODE, reason: 'stopped' });
  });

  test('an entry that is not mounted is refused without spawning', async () => {
    const container = new FakeWebContainer();
    const sandbox = await createWebContainerRuntime(options(container));
    await expect(sandbox.run('main.ts')).rejects.toThrow('There is no file "main.ts" in the sandbox');
    expect(container.spawns).toEqual([]);
  });

  test('teardown stops its programs and removes its folder but keeps the container for the next lesson', async () => {
    const container = new FakeWebContainer().script(isNodeRunning('main.ts'), forever);
    const boot = vi.fn(async () => container);
    const sandbox = await createWebContainerRuntime({ ...options(container), boot });
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    await sandbox.teardown();
    expect((await run.exit).reason).toBe('stopped');
    expect([...container.folders].some((folder) => folder.startsWith('sandbox-1'))).toBe(false);
    await expect(sandbox.mount({ 'main.ts': '' })).rejects.toThrow(/This sandbox was shut down/);
    await createWebContainerRuntime({ ...options(container), boot });
    expect(boot).toHaveBeenCalledTimes(1);
  });
});

describe('limits and explanations', () => {
  test('a first install longer than the run limit does not eat into the program\'s time', async () => {
    vi.useFakeTimers();
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm({ latencyMs: 25_000 }))
      .script(isNodeRunning('main.ts'), async (_call, io) => {
        await new Promise((resolve) => setTimeout(resolve, 9_000));
        io.print('done\n');
        return 0;
      });
    const sandbox = await createWebContainerRuntime(options(container, { dependencies: ['ws'], runTimeoutMs: 10_000 }));
    await sandbox.mount({ 'main.ts': '' });
    const run = await sandbox.run('main.ts');
    const output = readAllOutput(run.output);
    await vi.advanceTimersByTimeAsync(36_000);
    expect(await run.exit).toMatchObject({ reason: 'exit', code: 0 });
    expect((await output).some((chunk) => chunk.data === 'done\n')).toBe(true);
  });

  test('boot errors that point at blocked storage or a missing browser feature carry a hint', async () => {
    const { bootHint } = await import('../../src/sandbox/webcontainer-boot.ts');
    expect(bootHint('SecurityError: Failed to read the \'localStorage\' property')).toMatch(/third-party cookies or storage/);
    expect(bootHint('SharedArrayBuffer is not defined')).toMatch(/lacks something WebContainers need/);
    expect(bootHint('Unable to create more instances')).toBe('');
  });
});

describe('the stderr marker preload', () => {
  test('is probed once per container; a Node that refuses it runs programs without it, stderr then shown as stdout', async () => {
    const container = new FakeWebContainer()
      .script(isNodeRunning('.course/probe.mjs'), (_call, io) => (io.printErr('node: bad option: --import\n'), 9))
      .script(isNodeRunning('main.ts'), (_call, io) => (io.printErr('oops\n'), 1));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const chunks = await readAllOutput((await sandbox.run('main.ts')).output);
    expect(chunks).toEqual([{ stream: 'stdout', data: 'oops\n' }]);
    expect(container.spawns.find(isNodeRunning('main.ts'))?.args).toEqual(['--disable-warning=ExperimentalWarning', 'main.ts']);
    await (await sandbox.run('main.ts')).exit;
    expect(container.spawns.filter(isNodeRunning('.course/probe.mjs'))).toHaveLength(1);
  });
});

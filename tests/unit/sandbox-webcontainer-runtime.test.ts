/**
 * The WebContainer runtime against a fake container with the same interface (sandbox-fake-webcontainer.ts):
 * boot reuse and the timeout path, and mount diffing. Installing, running and testing are in
 * sandbox-webcontainer-run.test.ts and sandbox-webcontainer-check.test.ts.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createWebContainerRuntime, WebContainerStartError, type WebContainerRuntimeOptions } from '../../src/sandbox/webcontainer-runtime.ts';
import { FakeWebContainer } from './sandbox-fake-webcontainer.ts';
import { manifest } from './sandbox-fake-npm.ts';


function booting(container: FakeWebContainer) {
  return vi.fn(async () => container);
}

function options(container: FakeWebContainer, extra: Partial<WebContainerRuntimeOptions> = {}): WebContainerRuntimeOptions {
  return { boot: booting(container), isolated: true, packages: async () => manifest, ...extra };
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
      `"WebContainers cannot start because this page is not cross-origin isolated (it needs the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)."`,
    );
  });

  test('a boot that never settles (offline) times out after 30 s with the reason, and keeps going so a retry gets it', async () => {
    vi.useFakeTimers();
    let finishBoot!: (container: FakeWebContainer) => void;
    const boot = vi.fn(() => new Promise<FakeWebContainer>((resolve) => (finishBoot = resolve)));
    // The default limit: 30 s, from first boots of about 10 s and bolt.new's own 30 s (BOOT_TIMEOUT_MS).
    const attempt = createWebContainerRuntime({ boot, isolated: true });
    const outcome = attempt.catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(await Promise.race([outcome.then(() => 'settled'), Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(WebContainerStartError);
    expect((error as WebContainerStartError).failure).toBe('timeout');
    expect((error as Error).message).toMatchInlineSnapshot(
      `"WebContainers did not start within 30 s. They download their runtime from StackBlitz (stackblitz.com and *.webcontainer-api.io), so this browser probably cannot reach it: it is offline, or a network filter or an extension blocks those sites. The start goes on in the background, so trying again later in this tab is instant if it arrives."`,
    );
    // A second attempt waits for the same boot (WebContainers allow one boot at a time) and gets it when it arrives.
    const retry = createWebContainerRuntime({ boot, isolated: true });
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
      `"WebContainers failed to start (Unable to create more instances)."`,
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


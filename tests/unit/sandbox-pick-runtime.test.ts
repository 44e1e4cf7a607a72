/**
 * The runtime picker and the saved choice, with fakes: a fake WebContainer attempt, a fake Storage.
 * The local runtime is the real one; creating it opens no socket until code runs.
 */
import { describe, expect, test, vi } from 'vitest';
import { pickRuntime, type PickRuntimeOptions } from '../../src/sandbox/pick-runtime.ts';
import { readRuntimeChoice, RUNTIME_CHOICE_KEY, saveRuntimeChoice, type ChoiceStorage } from '../../src/sandbox/runtime-choice.ts';
import type { SandboxRuntime } from '../../src/sandbox/runtime.ts';
import { WebContainerStartError } from '../../src/sandbox/webcontainer-boot.ts';

const localConfig = { url: 'ws://localhost:4321/__runner', token: 't' };

function fakeWebContainerRuntime(): SandboxRuntime {
  return { kind: 'webcontainer', label: 'fake WebContainers' } as SandboxRuntime;
}

function options(overrides: Partial<PickRuntimeOptions> = {}): PickRuntimeOptions {
  return { localConfig, isolated: true, tryWebContainer: vi.fn(async () => fakeWebContainerRuntime()), ...overrides };
}

describe('pickRuntime', () => {
  test('automatic with a local runner present uses it at once, without trying WebContainers', async () => {
    // A boot that never settles (offline): were it tried, this pick would never resolve.
    const automatic = options({ tryWebContainer: vi.fn(() => new Promise<SandboxRuntime>(() => {})) });
    const picked = await pickRuntime(automatic);
    expect(automatic.tryWebContainer).not.toHaveBeenCalled();
    expect(picked.runtime.kind).toBe('local');
    expect(picked.reason).toBe(
      'Running on the local runner in this course server, which starts at once. Choose WebContainers to run the code inside this tab instead.',
    );
  });

  test('uses WebContainers when the learner chose them, or on a site without a runner, when they boot', async () => {
    const chosen = await pickRuntime(options({ preferred: 'webcontainer' }));
    expect(chosen.runtime.kind).toBe('webcontainer');
    expect(chosen.reason).toBe('Running in WebContainers: Node.js inside this browser tab.');
    const staticSite = await pickRuntime(options({ localConfig: undefined }));
    expect(staticSite.runtime.kind).toBe('webcontainer');
  });

  test('chosen WebContainers that fail where a runner exists say why and point at the runner, not switching silently', async () => {
    const tryWebContainer = vi.fn(async () => {
      throw new WebContainerStartError('timeout', 'WebContainers did not start within 20 s.');
    });
    await expect(pickRuntime(options({ preferred: 'webcontainer', tryWebContainer }))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: WebContainers did not start within 20 s. The local runner in this course server can run the code instead: choose it next to the Run button.]`,
    );
    expect(tryWebContainer).toHaveBeenCalledOnce();
    // Not isolated: the API is not even loaded.
    const notIsolated = options({ preferred: 'webcontainer', isolated: false });
    await expect(pickRuntime(notIsolated)).rejects.toThrow(/^WebContainers cannot start because this page is not cross-origin isolated/);
    expect(notIsolated.tryWebContainer).not.toHaveBeenCalled();
    const other = options({ preferred: 'webcontainer', tryWebContainer: async () => Promise.reject(new TypeError('crypto.randomUUID is not a function')) });
    await expect(pickRuntime(other)).rejects.toThrow(/^crypto\.randomUUID is not a function The local runner/);
  });

  test('?runtime=local and a saved local choice skip WebContainers, each with its own reason', async () => {
    const forced = options({ forceLocal: true });
    expect((await pickRuntime(forced)).reason).toBe(
      'Running on the local runner in this course server, as requested by ?runtime=local.',
    );
    expect(forced.tryWebContainer).not.toHaveBeenCalled();
    const chosen = options({ preferred: 'local' });
    const picked = await pickRuntime(chosen);
    expect(picked.runtime.kind).toBe('local');
    expect(picked.reason).toBe('Running on the local runner in this course server, as you chose.');
    expect(chosen.tryWebContainer).not.toHaveBeenCalled();
  });

  test('a sandbox marked `webcontainer: false` runs locally', async () => {
    const picked = await pickRuntime(options({ webcontainerAllowed: false }));
    expect(picked.runtime.kind).toBe('local');
    expect(picked.reason).toBe('This exercise needs real Node.js on a computer: running on the local runner in this course server.');
  });

  test('on the static site (no local runner) a failed boot is an error that says what to do', async () => {
    await expect(
      pickRuntime(options({ localConfig: undefined, isolated: false })),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: This exercise cannot run here: WebContainers cannot start because this page is not cross-origin isolated (it needs the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp). This site has no local runner; to run the code on your computer, clone the course and start it with \`npm start\`.]`,
    );
    await expect(pickRuntime(options({ localConfig: undefined, webcontainerAllowed: false }))).rejects.toThrow(
      /^This exercise cannot run here: it needs real Node\.js on a computer/,
    );
    // Forcing local without a runner falls through to WebContainers rather than failing outright.
    expect((await pickRuntime(options({ localConfig: undefined, forceLocal: true }))).runtime.kind).toBe('webcontainer');
  });
});

/** A Storage with the semantics of HTML §12.2.1 that the choice functions use, optionally broken. */
class FakeStorage implements ChoiceStorage {
  readonly items = new Map<string, string>();
  broken = false;
  getItem(key: string): string | null {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.broken) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    this.items.delete(key);
  }
}

describe('the saved runtime choice', () => {
  test('?runtime=local forces the local runner, whatever is saved', () => {
    const storage = new FakeStorage();
    storage.setItem(RUNTIME_CHOICE_KEY, 'webcontainer');
    expect(readRuntimeChoice({ search: '?lesson=1&runtime=local', storage })).toEqual({ forceLocal: true, forcedBy: '?runtime=local' });
  });

  test('?runtime=webcontainer prefers WebContainers for this page only', () => {
    const storage = new FakeStorage();
    storage.setItem(RUNTIME_CHOICE_KEY, 'local');
    expect(readRuntimeChoice({ search: '?runtime=webcontainer', storage })).toEqual({ forceLocal: false, preferred: 'webcontainer' });
    expect(storage.items.get(RUNTIME_CHOICE_KEY)).toBe('local');
  });

  test('the learner\'s switch is saved and read back; clearing it returns to automatic', () => {
    const storage = new FakeStorage();
    expect(readRuntimeChoice({ search: '', storage })).toEqual({ forceLocal: false });
    saveRuntimeChoice(storage, 'local');
    expect(readRuntimeChoice({ search: '', storage })).toEqual({ forceLocal: false, preferred: 'local' });
    saveRuntimeChoice(storage, 'webcontainer');
    expect(readRuntimeChoice({ search: '', storage }).preferred).toBe('webcontainer');
    saveRuntimeChoice(storage, undefined);
    expect(storage.items.has(RUNTIME_CHOICE_KEY)).toBe(false);
  });

  test('unknown saved values and blocked storage mean "choose automatically", without throwing', () => {
    const storage = new FakeStorage();
    storage.setItem(RUNTIME_CHOICE_KEY, 'LOCAL ');
    expect(readRuntimeChoice({ search: '?runtime=cloud', storage })).toEqual({ forceLocal: false });
    storage.broken = true;
    expect(readRuntimeChoice({ search: '', storage })).toEqual({ forceLocal: false });
    expect(() => saveRuntimeChoice(storage, 'local')).not.toThrow();
    expect(readRuntimeChoice({ search: '', storage: undefined })).toEqual({ forceLocal: false });
  });
});

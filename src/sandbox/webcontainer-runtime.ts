/**
 * SandboxRuntime over WebContainers (@webcontainer/api): Node.js in the browser tab, for the deployed
 * static site. One container per page session (webcontainer-boot.ts) is shared by every sandbox on
 * the page; each runtime works in its own folder of it, writes only the files that changed, and
 * installs packages into the shared root once, so later sandboxes and lessons start fast.
 *
 * WebContainer's Node has no TypeScript type stripping, so programs run through `tsx` and specs
 * through `vitest`, both installed from npm on first use.
 */
import {
  bootContainerOnce,
  type BootContainer,
  type ContainerLike,
  type ContainerProcess,
} from './webcontainer-boot.ts';
import { diffFileTree, parentFolder } from './file-tree-diff.ts';
import { createProcessChannel } from './process-channel.ts';
import { sandboxString } from './runtime-strings.ts';
import { outputTail, TailBuffer } from './test-report.ts';
import { testReportFromVitestJson } from './vitest-json-report.ts';
import type { FileTree, SandboxProcess, SandboxRuntime, ServerReady, TestReport } from './runtime.ts';

export { WebContainerStartError, type BootContainer, type ContainerLike } from './webcontainer-boot.ts';

/** What every sandbox needs in the container: tsx runs TypeScript, vitest runs the specs. */
export const TOOL_PACKAGES: readonly string[] = ['tsx@^4', 'vitest@^5'];

export interface WebContainerRuntimeOptions {
  /** Boots the container; defaults to the real WebContainer.boot. Tests pass a fake of the same shape. */
  boot?: BootContainer;
  /** How long to wait for the boot; it never settles without network access to StackBlitz. Default 8000. */
  bootTimeoutMs?: number;
  /** Whether the page is cross-origin isolated; defaults to `globalThis.crossOriginIsolated`. */
  isolated?: boolean;
  /** The sandbox's npm packages (sandbox.yaml `dependencies`), as `name` or `name@range`, e.g. `ws@^8`. */
  dependencies?: readonly string[];
  /** Wall time of one run before it is stopped, like the local runner's limit. Default 10000. */
  runTimeoutMs?: number;
  /** Wall time of one test run. Default 30000. */
  testTimeoutMs?: number;
}

/** Per container: what is installed in its root, and the queue installs wait in. */
interface ContainerState {
  installed: Map<string, string>;
  installQueue: Promise<void>;
  folderCount: number;
}
const containerStates = new WeakMap<ContainerLike, ContainerState>();

/** How long to wait for the last output after a process exited before closing its stream. */
const OUTPUT_GRACE_MS = 200;

export async function createWebContainerRuntime(options: WebContainerRuntimeOptions = {}): Promise<SandboxRuntime> {
  const container = await bootContainerOnce({
    ...(options.boot ? { boot: options.boot } : {}),
    timeoutMs: options.bootTimeoutMs ?? 8000,
    isolated: options.isolated ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  });
  let state = containerStates.get(container);
  if (state === undefined) {
    state = { installed: new Map(), installQueue: Promise.resolve(), folderCount: 0 };
    containerStates.set(container, state);
  }
  state.folderCount += 1;
  return new WebContainerSandbox(container, state, `sandbox-${state.folderCount}`, options);
}

class WebContainerSandbox implements SandboxRuntime {
  readonly kind = 'webcontainer' as const;
  readonly label = sandboxString('runtime.webcontainer.label');

  private readonly container: ContainerLike;
  private readonly state: ContainerState;
  /** This runtime's folder inside the container's workdir. */
  private readonly folder: string;
  private readonly packages: string[];
  private readonly runTimeoutMs: number;
  private readonly testTimeoutMs: number;
  /** Path → text as last written into the container. */
  private readonly mounted = new Map<string, string>();
  private readonly createdFolders = new Set<string>();
  /** File operations run one after another, so two quick mounts cannot interleave their writes. */
  private fileQueue: Promise<void> = Promise.resolve();
  /** Running programs, each with the stop that records why it ended. */
  private readonly active = new Map<ContainerProcess, () => void>();
  private readonly serverListeners = new Set<(ready: ServerReady) => void>();
  private readonly unsubscribeServerReady: () => void;
  private testCount = 0;
  private tornDown = false;

  constructor(container: ContainerLike, state: ContainerState, folder: string, options: WebContainerRuntimeOptions) {
    this.container = container;
    this.state = state;
    this.folder = folder;
    this.packages = [...TOOL_PACKAGES, ...(options.dependencies ?? [])];
    this.runTimeoutMs = options.runTimeoutMs ?? 10_000;
    this.testTimeoutMs = options.testTimeoutMs ?? 30_000;
    // The container is shared: only report servers while this sandbox has a program running.
    this.unsubscribeServerReady = container.on('server-ready', (port, url) => {
      if (this.active.size === 0) return;
      for (const listener of this.serverListeners) listener({ port, url });
    });
  }

  mount(files: FileTree): Promise<void> {
    const tree = { ...files };
    return this.enqueue(async () => {
      const { write, remove } = diffFileTree(this.mounted, tree);
      for (const path of remove) {
        await this.container.fs.rm(this.inFolder(path), { force: true });
        this.mounted.delete(path);
      }
      for (const path of write) await this.writeOne(path, tree[path] as string);
    });
  }

  writeFile(path: string, content: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.mounted.get(path) !== content) await this.writeOne(path, content);
    });
  }

  async readFile(path: string): Promise<string> {
    await this.settledFiles();
    try {
      return await this.container.fs.readFile(this.inFolder(path), 'utf-8');
    } catch {
      throw this.noFile(path);
    }
  }

  async run(entry: string, runOptions: { env?: Record<string, string> } = {}): Promise<SandboxProcess> {
    await this.settledFiles();
    if (!this.mounted.has(entry)) throw this.noFile(entry);
    const channel = createProcessChannel();
    await this.install((text) => channel.push({ stream: 'system', data: text }));
    const startedAt = Date.now();
    const child = await this.container.spawn('npx', ['tsx', entry], { cwd: this.folder, env: { ...runOptions.env } });
    let stopReason: 'stopped' | 'timeout' | undefined;
    const stop = (): void => {
      stopReason ??= 'stopped';
      child.kill();
    };
    this.active.set(child, stop);
    const timer = setTimeout(() => {
      stopReason ??= 'timeout';
      channel.push({ stream: 'system', data: sandboxString('wc.runTimeout', { seconds: this.runTimeoutMs / 1000 }) });
      child.kill();
    }, this.runTimeoutMs);
    // A terminal merges stdout and stderr, so everything arrives as stdout.
    const reading = pump(child.output, (text) => channel.push({ stream: 'stdout', data: normalizeNewlines(text) }));
    let writer: WritableStreamDefaultWriter<string> | undefined;
    void child.exit.then(async (code) => {
      clearTimeout(timer);
      this.active.delete(child);
      await reading.settle(OUTPUT_GRACE_MS);
      writer?.releaseLock();
      channel.finish({ code, signal: null, reason: stopReason ?? 'exit', durationMs: Date.now() - startedAt });
    });
    return {
      output: channel.output,
      exit: channel.exit,
      write(data) {
        if (channel.finished) return;
        writer ??= child.input.getWriter();
        writer.write(data).catch(() => {});
      },
      kill() {
        if (!channel.finished) stop();
      },
    };
  }

  async test(testFiles: FileTree): Promise<TestReport> {
    await this.settledFiles();
    const clash = Object.keys(testFiles).find((path) => this.mounted.has(path));
    if (clash !== undefined) throw new Error(sandboxString('runtime.testFileClash', { path: clash }));
    const output = new TailBuffer();
    await this.install((text) => output.append(text));
    this.testCount += 1;
    const reportPath = `.brr/report-${this.testCount}.json`;
    const notes: string[] = [];
    const startedAt = Date.now();
    try {
      await this.enqueue(async () => {
        for (const [path, content] of Object.entries(testFiles)) {
          await this.ensureFolder(parentFolder(path));
          await this.container.fs.writeFile(this.inFolder(path), content);
        }
        await this.ensureFolder('.brr');
      });
      const child = await this.container.spawn(
        'npx',
        ['vitest', 'run', '--reporter=json', `--outputFile=${reportPath}`, ...Object.keys(testFiles)],
        { cwd: this.folder, env: { NO_COLOR: '1', CI: '1' } },
      );
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill();
      }, this.testTimeoutMs);
      const reading = pump(child.output, (text) => output.append(normalizeNewlines(text)));
      const code = await child.exit;
      clearTimeout(timer);
      await reading.settle(OUTPUT_GRACE_MS);
      let json: unknown;
      if (timedOut) {
        notes.push(sandboxString('wc.testTimeout', { seconds: this.testTimeoutMs / 1000 }));
      } else {
        json = await this.container.fs
          .readFile(this.inFolder(reportPath), 'utf-8')
          .then((text) => JSON.parse(text) as unknown)
          .catch(() => undefined);
        if (json === undefined) notes.push(sandboxString('wc.noReport', { code }));
      }
      return testReportFromVitestJson(json, {
        root: `${this.container.workdir}/${this.folder}`,
        output: output.toString(),
        notes,
        durationMs: Date.now() - startedAt,
      });
    } finally {
      // Specs are not part of the learner's tree: remove them so `run` and `readFile` never see them.
      await this.enqueue(async () => {
        for (const path of Object.keys(testFiles)) await this.container.fs.rm(this.inFolder(path), { force: true });
        await this.container.fs.rm(this.inFolder('.brr'), { force: true, recursive: true });
        this.createdFolders.delete('.brr');
      }).catch(() => {});
    }
  }

  onServerReady(listener: (ready: ServerReady) => void): () => void {
    this.serverListeners.add(listener);
    return () => this.serverListeners.delete(listener);
  }

  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    for (const stop of this.active.values()) stop();
    this.unsubscribeServerReady();
    this.serverListeners.clear();
    // The container itself stays: booting is slow, and the next sandbox on the page reuses it.
    await this.fileQueue.catch(() => {});
    await this.container.fs.rm(this.folder, { force: true, recursive: true }).catch(() => {});
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    if (this.tornDown) return Promise.reject(new Error(sandboxString('runtime.tornDown', { label: this.label })));
    const next = this.fileQueue.then(operation);
    // A failed write must not block every later one; the caller still sees the failure.
    this.fileQueue = next.catch(() => {});
    return next;
  }

  private async settledFiles(): Promise<void> {
    if (this.tornDown) throw new Error(sandboxString('runtime.tornDown', { label: this.label }));
    await this.fileQueue;
  }

  private async writeOne(path: string, content: string): Promise<void> {
    await this.ensureFolder(parentFolder(path));
    await this.container.fs.writeFile(this.inFolder(path), content);
    this.mounted.set(path, content);
  }

  private async ensureFolder(relative: string): Promise<void> {
    const full = relative === '' ? this.folder : this.inFolder(relative);
    if (this.createdFolders.has(full)) return;
    await this.container.fs.mkdir(full, { recursive: true });
    this.createdFolders.add(full);
  }

  private inFolder(path: string): string {
    return `${this.folder}/${path}`;
  }

  private noFile(path: string): Error {
    const names = [...this.mounted.keys()];
    return new Error(
      names.length === 0
        ? sandboxString('runtime.noFiles', { path })
        : sandboxString('runtime.noFile', { path, files: names.join(', ') }),
    );
  }

  /**
   * Installs the tools and this sandbox's packages into the container's root (node resolution finds
   * them from every sandbox folder), once per container: later calls install only what is missing.
   */
  private install(say: (text: string) => void): Promise<void> {
    const state = this.state;
    const installMissing = async (): Promise<void> => {
      const missing = this.packages.map(splitPackageSpec).filter(([name]) => !state.installed.has(name));
      if (missing.length === 0) return;
      const dependencies = Object.fromEntries([...state.installed, ...missing]);
      const manifest = { name: 'course-sandboxes', private: true, type: 'module', dependencies };
      await this.container.fs.writeFile('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
      const names = missing.map(([name]) => name).join(', ');
      say(sandboxString('wc.installing', { packages: names }));
      const npm = await this.container.spawn('npm', ['install', '--no-audit', '--no-fund', '--no-progress'], {
        env: { NO_COLOR: '1' },
      });
      const log = new TailBuffer();
      const reading = pump(npm.output, (text) => log.append(normalizeNewlines(text)));
      const code = await npm.exit;
      await reading.settle(OUTPUT_GRACE_MS);
      if (code !== 0) {
        throw new Error(sandboxString('wc.installFailed', { packages: names, code, output: outputTail(log.toString(), 1500) }));
      }
      for (const [name, range] of missing) state.installed.set(name, range);
    };
    const next = state.installQueue.then(installMissing);
    state.installQueue = next.catch(() => {});
    return next;
  }
}

/** `ws` → [ws, latest]; `ws@^8` → [ws, ^8]; `@scope/name@1` → [@scope/name, 1]. */
export function splitPackageSpec(spec: string): [name: string, range: string] {
  const at = spec.indexOf('@', 1);
  return at === -1 ? [spec, 'latest'] : [spec.slice(0, at), spec.slice(at + 1) || 'latest'];
}

/** The container's terminal ends lines with CRLF; the page shows Node's plain LF like the local runner sends. */
function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** Reads a text stream to its end in the background; `settle` waits a little for the end, then stops reading. */
function pump(stream: ReadableStream<string>, onText: (text: string) => void): { settle(graceMs: number): Promise<void> } {
  const reader = stream.getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { done: ended, value } = await reader.read();
        if (ended) return;
        onText(value);
      }
    } catch {
      // The stream errored or was cancelled: what arrived is all there is.
    }
  })();
  return {
    async settle(graceMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([done, grace]);
      clearTimeout(timer);
      // A terminal stream can stay open after the process exited; do not wait for it forever.
      await reader.cancel().catch(() => {});
    },
  };
}

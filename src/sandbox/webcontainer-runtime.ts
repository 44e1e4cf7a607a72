/**
 * SandboxRuntime over WebContainers (@webcontainer/api 1.6.4): Node.js in the browser tab, for the
 * deployed static site. One container per tab (webcontainer-boot.ts) is shared by every sandbox and
 * every lesson; each runtime works in its own folder of it and writes only the files that changed.
 * Packages come from the course's lockfile (container-packages.ts) and are installed into the root once
 * (webcontainer-install.ts). Programs run as `node <entry>` with the container's Node chosen through
 * engines.node (22.22, which strips TypeScript types), so kill() ends the program itself.
 */
import { CONTAINER_PACKAGES_PATH, type ContainerPackages } from './container-packages.ts';
import { bootContainerOnce, type BootContainer, type ContainerLike, type ContainerProcess } from './webcontainer-boot.ts';
import { diffFileTree, parentFolder } from './file-tree-diff.ts';
import { createProcessChannel, type ProcessChannel } from './process-channel.ts';
import { sandboxString } from './runtime-strings.ts';
import { TerminalReader } from './terminal-text.ts';
import { TailBuffer } from './test-report.ts';
import { testReportFromVitestJson } from './vitest-json-report.ts';
import { containerState, installAsStage, nodeSetup, OUTPUT_GRACE_MS, pump, type ContainerState, type NodeSetup } from './webcontainer-install.ts';
import {
  CONTAINER_VITEST_ENTRY,
  partialReport,
  REPORT_FILE,
  resultsFromStreamFile,
  splitResultLines,
  STREAM_FILE,
  TEST_ENV,
  TEST_FOLDER,
  testRunFiles,
  vitestArgs,
} from './webcontainer-tests.ts';
import { wireCapture } from './webcontainer-wire.ts';
import type { FileTree, RunOptions, SandboxProcess, SandboxRuntime, ServerReady, StageListener, TestCaseReport, TestOptions, TestReport } from './runtime.ts';

export { WebContainerStartError, type BootContainer, type ContainerLike } from './webcontainer-boot.ts';

/**
 * The boot limit, from published figures (README, "Limits"): first boots take about 10 s and later ones
 * under 5 s (stackblitz/webcontainer-core#1408, measured by a user in 2024), 10–15 s on first load in
 * another 2026 app (piyushdotcomm/Editron#662), and StackBlitz's own bolt.new gives up after 30 s
 * ("WebContainer took longer than 30s to boot", stackblitz/bolt.new#4244, #7987, 2024–2025). 30 s covers
 * twice the usual first boot. The wait is not silent (the stage panel counts it and offers Cancel), and
 * the boot goes on after the limit, so a retry in the tab is instant once it arrives.
 */
export const BOOT_TIMEOUT_MS = 30_000;

export interface WebContainerRuntimeOptions {
  /** Boots the container; defaults to the real WebContainer.boot. Tests pass a fake of the same shape. */
  boot?: BootContainer;
  /** How long to wait for the boot; it never settles without network access to StackBlitz. */
  bootTimeoutMs?: number;
  /** Whether the page is cross-origin isolated; defaults to `globalThis.crossOriginIsolated`. */
  isolated?: boolean;
  /** The learner's Cancel while booting: stops waiting; the boot goes on for the next attempt. */
  signal?: AbortSignal;
  /** The sandbox's npm packages (sandbox.yaml `dependencies`); their versions come from the lockfile. */
  dependencies?: readonly string[];
  /** The course's locked package manifest; defaults to fetching /webcontainer-packages.json. */
  packages?: () => Promise<ContainerPackages>;
  /** Wall time of one run when the caller gives no `timeLimitMs`. Default 10000. */
  runTimeoutMs?: number;
  /** Wall time of one test run. Default 30000. */
  testTimeoutMs?: number;
}

let defaultManifest: Promise<ContainerPackages> | undefined;
function fetchManifest(): Promise<ContainerPackages> {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  defaultManifest ??= fetch(`${base.endsWith('/') ? base : `${base}/`}${CONTAINER_PACKAGES_PATH}`).then(async (response) => {
    if (!response.ok) throw new Error(sandboxString('wc.noManifest', { status: response.status }));
    return (await response.json()) as ContainerPackages;
  });
  defaultManifest.catch(() => (defaultManifest = undefined));
  return defaultManifest;
}

export async function createWebContainerRuntime(options: WebContainerRuntimeOptions = {}): Promise<SandboxRuntime> {
  const container = await bootContainerOnce({
    ...(options.boot ? { boot: options.boot } : {}),
    timeoutMs: options.bootTimeoutMs ?? BOOT_TIMEOUT_MS,
    isolated: options.isolated ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const state = containerState(container);
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
  private readonly dependencies: readonly string[];
  private readonly manifest: () => Promise<ContainerPackages>;
  private readonly runTimeoutMs: number;
  private readonly testTimeoutMs: number;
  /** Path → text as last written into the container. */
  private readonly mounted = new Map<string, string>();
  private readonly createdFolders = new Set<string>();
  /** File operations run one after another, so two quick mounts cannot interleave their writes. */
  private fileQueue: Promise<void> = Promise.resolve();
  /** Running programs (and installs), each with the stop that records why it ended. */
  private readonly active = new Map<ProcessChannel, () => void>();
  private readonly serverListeners = new Set<(ready: ServerReady) => void>();
  private readonly unsubscribe: Array<() => void>;
  private tornDown = false;

  constructor(container: ContainerLike, state: ContainerState, folder: string, options: WebContainerRuntimeOptions) {
    this.container = container;
    this.state = state;
    this.folder = folder;
    this.dependencies = options.dependencies ?? [];
    this.manifest = options.packages ?? fetchManifest;
    this.runTimeoutMs = options.runTimeoutMs ?? 10_000;
    this.testTimeoutMs = options.testTimeoutMs ?? 30_000;
    this.unsubscribe = [
      // The container is shared: only report servers while this sandbox has a program running.
      container.on('server-ready', (port, url) => {
        if (this.active.size === 0) return;
        for (const listener of this.serverListeners) listener({ port, url });
      }),
      // Internal errors (a blocked service worker, a crashed worker) would otherwise leave a run silent.
      container.on('error', (error) => {
        for (const channel of this.active.keys()) {
          channel.push({ stream: 'system', data: sandboxString('wc.internalError', { message: error.message }) });
        }
      }),
    ];
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

  /**
   * Resolves as soon as the run exists, before installing, so Stop can cancel the install (by killing
   * npm). The time limit (`timeLimitMs`, else runTimeoutMs) counts from the program's start.
   */
  async run(entry: string, runOptions: RunOptions = {}): Promise<SandboxProcess> {
    await this.settledFiles();
    if (!this.mounted.has(entry)) throw this.noFile(entry);
    const channel = createProcessChannel();
    const startedAt = Date.now();
    const limitMs = runOptions.timeLimitMs ?? this.runTimeoutMs;
    let stopReason: 'stopped' | 'timeout' | undefined;
    let child: ContainerProcess | undefined;
    let npm: ContainerProcess | undefined;
    const end = (code: number | null): void => {
      clearTimeout(timer);
      this.active.delete(channel);
      channel.finish({ code, signal: null, reason: stopReason ?? 'exit', durationMs: Date.now() - startedAt });
    };
    const stop = (reason: 'stopped' | 'timeout'): void => {
      stopReason ??= reason;
      if (child) child.kill();
      else {
        npm?.kill();
        end(null);
      }
    };
    this.active.set(channel, () => stop('stopped'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The limit starts with the program, like the local runner's: a first install may take longer than it.
    const startTimer = (): void => {
      timer = setTimeout(() => {
        if (channel.finished) return;
        channel.push({ stream: 'system', data: sandboxString('wc.runTimeout', { seconds: limitMs / 1000 }) });
        stop('timeout');
      }, limitMs);
    };
    const say = (text: string): void => channel.push({ stream: 'system', data: text });
    let writer: WritableStreamDefaultWriter<string> | undefined;
    void (async () => {
      try {
        const node = await this.prepare([], { say, started: (process) => (npm = process) }, runOptions.onStage, () => stop('stopped'));
        if (stopReason) return;
        this.warnAboutOpenPorts(say);
        const wire = runOptions.wire?.capture ? await wireCapture(this.container, runOptions.wire, runOptions.onWire) : undefined;
        const flags = [...node.flags, ...(wire?.flags ?? [])];
        child = await this.container.spawn('node', [...flags, entry], {
          cwd: this.folder,
          env: { ...runOptions.env, NODE_OPTIONS: flags.join(' '), FORCE_COLOR: '0', ...wire?.env },
          terminal: TERMINAL_SIZE,
        });
        if (stopReason) child.kill();
        else startTimer();
        const reader = new TerminalReader();
        const emit = (chunks: ReturnType<TerminalReader['push']>): void => chunks.forEach((chunk) => channel.push(chunk));
        const reading = pump(child.output, (text) => emit(reader.push(wire ? wire.take(text) : text)));
        const code = await child.exit;
        await reading.settle(OUTPUT_GRACE_MS);
        emit(reader.flush());
        writer?.releaseLock();
        end(code);
      } catch (error) {
        if (!channel.finished && !stopReason) say(`${error instanceof Error ? error.message : String(error)}\n`);
        end(null);
      }
    })();
    return {
      output: channel.output,
      exit: channel.exit,
      write(data) {
        if (channel.finished || child === undefined) return;
        writer ??= child.input.getWriter();
        writer.write(data).catch(() => {});
      },
      kill() {
        if (!channel.finished) stop('stopped');
      },
    };
  }

  async test(testFiles: FileTree, testOptions: TestOptions = {}): Promise<TestReport> {
    await this.settledFiles();
    const clash = Object.keys(testFiles).find((path) => this.mounted.has(path));
    if (clash !== undefined) throw new Error(sandboxString('runtime.testFileClash', { path: clash }));
    const output = new TailBuffer();
    const { signal } = testOptions;
    // Cancel during the install kills npm (the install then rejects with InstallCancelled).
    const killOnAbort = (npm: ContainerProcess): void => (signal?.aborted ? npm.kill() : signal?.addEventListener('abort', () => npm.kill(), { once: true }));
    const node = await this.prepare(['vitest'], { say: (text) => output.append(text), started: killOnAbort }, testOptions.onStage);
    const notes: string[] = [];
    const streamed: TestCaseReport[] = [];
    const startedAt = Date.now();
    const specs = Object.keys(testFiles);
    try {
      await this.enqueue(async () => {
        await this.container.fs.rm(this.inFolder(TEST_FOLDER), { force: true, recursive: true });
        this.createdFolders.delete(this.inFolder(TEST_FOLDER));
        for (const [path, content] of Object.entries({ ...testFiles, ...testRunFiles(specs) })) {
          await this.ensureFolder(parentFolder(path));
          await this.container.fs.writeFile(this.inFolder(path), content);
        }
      });
      const child = await this.container.spawn('node', [...node.flags, ...vitestArgs(CONTAINER_VITEST_ENTRY)], {
        cwd: this.folder,
        env: { ...TEST_ENV, NODE_OPTIONS: node.flags.join(' ') },
        terminal: TERMINAL_SIZE,
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill();
      }, this.testTimeoutMs);
      const cancel = (): void => child.kill();
      if (signal?.aborted) cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      const reader = new TerminalReader();
      let partialLine = '';
      const onText = (text: string): void => {
        const clean = partialLine + reader.push(text).map((chunk) => chunk.data).join('');
        const lastBreak = clean.lastIndexOf('\n');
        partialLine = clean.slice(lastBreak + 1);
        const { results, rest } = splitResultLines(clean.slice(0, lastBreak + 1));
        for (const result of results) {
          streamed.push(result);
          testOptions.onTest?.(result);
        }
        output.append(rest);
      };
      const reading = pump(child.output, onText);
      const code = await child.exit;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      await reading.settle(OUTPUT_GRACE_MS);
      onText('\n');
      const json = await this.container.fs
        .readFile(this.inFolder(REPORT_FILE), 'utf-8')
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
      const context = { root: `${this.container.workdir}/${this.folder}`, output: output.toString(), notes, durationMs: Date.now() - startedAt };
      if (json !== undefined && !timedOut && !signal?.aborted) {
        const report = testReportFromVitestJson(json, context);
        // vitest's report says success even when an unhandled error escaped the tests; only its exit code shows it.
        return { ...report, success: report.success && code === 0 };
      }
      // No report: keep what finished. The results file holds every test that ended before the stop.
      const saved = await this.container.fs.readFile(this.inFolder(STREAM_FILE), 'utf-8').catch(() => '');
      const finished = saved === '' ? streamed : resultsFromStreamFile(saved);
      notes.push(
        signal?.aborted
          ? sandboxString('wc.testsCancelled', { finished: finished.length })
          : timedOut
            ? sandboxString('wc.testTimeout', { seconds: this.testTimeoutMs / 1000, finished: finished.length })
            : sandboxString('wc.noReport', { code }),
      );
      return partialReport(finished, context);
    } finally {
      // Specs are not part of the learner's tree: remove them so `run` and `readFile` never see them.
      await this.enqueue(async () => {
        for (const path of specs) await this.container.fs.rm(this.inFolder(path), { force: true });
        await this.container.fs.rm(this.inFolder(TEST_FOLDER), { force: true, recursive: true });
        this.createdFolders.delete(this.inFolder(TEST_FOLDER));
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
    for (const unsubscribe of this.unsubscribe) unsubscribe();
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

  /** Packages (this sandbox's and `extra`) installed from the lockfile, and the container's Node set up. */
  private async prepare(extra: string[], progress: Parameters<typeof installAsStage>[3], onStage?: StageListener, cancel?: () => void): Promise<NodeSetup> {
    const manifest = await this.manifest();
    const node = await nodeSetup(this.container, manifest);
    const wanted = [...this.dependencies, ...extra, ...(node.needsLoader ? [manifest.tools.loader] : [])];
    await installAsStage(this.container, manifest, wanted, progress, onStage, cancel);
    return node;
  }

  /** A port still open with nothing of ours running: a program from an earlier run that outlived its Stop. */
  private warnAboutOpenPorts(say: (text: string) => void): void {
    if (this.state.openPorts.size === 0) return;
    say(sandboxString('wc.portBusy', { ports: [...this.state.openPorts].join(', ') }));
  }
}

/** Wide enough that the terminal never wraps a line of output into two. */
const TERMINAL_SIZE = { cols: 500, rows: 40 };

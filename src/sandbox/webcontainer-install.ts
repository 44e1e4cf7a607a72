/**
 * The container-wide part of the WebContainer backend: one state per booted container, shared by every
 * sandbox and lesson in the tab. It installs packages into the container's root from the course's
 * locked manifest (container-packages.ts) only when a sandbox needs one that is not there yet, finds
 * out which Node the container runs and how that Node runs TypeScript, and tracks open ports.
 */
import { containerProjectFiles, packageName, type ContainerPackages } from './container-packages.ts';
import { sandboxString } from './runtime-strings.ts';
import { STDERR_MARK_PRELOAD, STDERR_MARK_START, TerminalReader } from './terminal-text.ts';
import { outputTail, TailBuffer } from './test-report.ts';
import type { ContainerLike, ContainerProcess } from './webcontainer-boot.ts';
import type { StageListener } from './runtime.ts';

/** Written into the container's root; --import'ed into every Node process so stderr can be told apart. */
export const STDERR_MARK_FILE = '.course/stderr-mark.mjs';

export interface NodeSetup {
  /** `process.version` of the container's Node, e.g. `v22.22.0`. */
  version: string;
  /** Flags before the entry on `node`'s command line, also given to child Node processes via NODE_OPTIONS. */
  flags: string[];
  /** The TypeScript loader is needed (Node older than 22.6 cannot strip types). */
  needsLoader: boolean;
}

export interface ContainerState {
  installed: Set<string>;
  installQueue: Promise<void>;
  folderCount: number;
  node?: Promise<NodeSetup>;
  /** Ports some process in the container listens on, from the `port` event. */
  openPorts: Set<number>;
  /** The last `error` event WebContainers emitted, for explanations. */
  lastError?: string;
}

const states = new WeakMap<ContainerLike, ContainerState>();

export function containerState(container: ContainerLike): ContainerState {
  let state = states.get(container);
  if (state === undefined) {
    const created: ContainerState = { installed: new Set(), installQueue: Promise.resolve(), folderCount: 0, openPorts: new Set() };
    container.on('port', (port, type) => {
      if (type === 'open') created.openPorts.add(port);
      else created.openPorts.delete(port);
    });
    container.on('error', (error) => {
      created.lastError = error.message;
    });
    states.set(container, created);
    state = created;
  }
  return state;
}

/** What an install reports while it works, so the page can show the stage and its elapsed time. */
export interface InstallProgress {
  say(text: string): void;
  /** Called with the npm process as soon as it runs, so Stop can kill it; `count` is the locked packages in all. */
  started?(npm: ContainerProcess, install: { packages: string; count: number }): void;
}

export class InstallCancelled extends Error {
  constructor() {
    super(sandboxString('wc.installCancelled'));
    this.name = 'InstallCancelled';
  }
}

/**
 * Installs whichever of `wanted` (package names) are missing, all locked, with one `npm install` run;
 * installs queue behind each other because they share one node_modules.
 */
export function installPackages(
  container: ContainerLike,
  manifest: ContainerPackages,
  wanted: readonly string[],
  progress: InstallProgress,
): Promise<void> {
  const state = containerState(container);
  const installMissing = async (): Promise<void> => {
    const names = [...new Set(wanted.map(packageName))];
    const missing = names.filter((name) => !state.installed.has(name));
    if (missing.length === 0) return;
    const all = [...state.installed, ...missing];
    const files = containerProjectFiles(manifest, all);
    await container.fs.writeFile('package.json', files.packageJson);
    await container.fs.writeFile('package-lock.json', files.lockJson);
    const locked = Object.keys(JSON.parse(files.lockJson).packages as object).length - 1;
    const list = missing.map((name) => `${name} ${manifest.versions[name]}`).join(', ');
    progress.say(sandboxString('wc.installing', { packages: list, count: locked }));
    const startedAt = Date.now();
    // `npm install` (not `npm ci`) keeps what earlier lessons installed and adds only what is missing.
    const npm = await container.spawn('npm', ['install', '--no-audit', '--no-fund', '--no-progress', '--loglevel=error'], {
      env: { NO_COLOR: '1' },
    });
    let killed = false;
    const kill = npm.kill.bind(npm);
    npm.kill = () => {
      killed = true;
      kill();
    };
    progress.started?.(npm, { packages: list, count: locked });
    const log = new TailBuffer();
    const reader = new TerminalReader();
    const reading = pump(npm.output, (text) => reader.push(text).forEach((chunk) => log.append(chunk.data)));
    const code = await npm.exit;
    await reading.settle(OUTPUT_GRACE_MS);
    if (killed) throw new InstallCancelled();
    if (code !== 0) {
      throw new Error(sandboxString('wc.installFailed', { packages: list, code, output: outputTail(log.toString(), 1500) }));
    }
    for (const name of missing) state.installed.add(name);
    progress.say(sandboxString('wc.installed', { seconds: ((Date.now() - startedAt) / 1000).toFixed(1) }));
  };
  const next = state.installQueue.then(installMissing);
  state.installQueue = next.catch(() => {});
  return next;
}

/**
 * installPackages reported as the 'install' stage: started (with the package count and a Cancel that
 * ends the install for real: `cancel`, or else killing npm) and how it ended. Nothing is reported when
 * every package is installed already, which is the case for every sandbox after the first in a tab.
 */
export async function installAsStage(
  container: ContainerLike,
  manifest: ContainerPackages,
  wanted: readonly string[],
  progress: InstallProgress,
  onStage: StageListener | undefined,
  cancel?: () => void,
): Promise<void> {
  let started = false;
  try {
    await installPackages(container, manifest, wanted, {
      say: progress.say,
      started(npm, install) {
        started = true;
        progress.started?.(npm, install);
        onStage?.({ stage: 'install', state: 'started', detail: install.packages, count: install.count, cancel: cancel ?? (() => npm.kill()) });
      },
    });
    if (started) onStage?.({ stage: 'install', state: 'done' });
  } catch (error) {
    if (started) onStage?.({ stage: 'install', state: error instanceof InstallCancelled ? 'cancelled' : 'failed' });
    throw error;
  }
}

/**
 * Asks the container's Node for its version once (after package.json with engines.node exists, which
 * WebContainers read to pick the version) and decides how it runs `.ts` files.
 */
export function nodeSetup(container: ContainerLike, manifest: ContainerPackages): Promise<NodeSetup> {
  const state = containerState(container);
  state.node ??= (async () => {
    await container.fs.mkdir('.course', { recursive: true });
    await container.fs.writeFile(STDERR_MARK_FILE, STDERR_MARK_PRELOAD);
    await container.fs.writeFile('.nvmrc', `v${manifest.node}\n`);
    if (!state.installed.size) await container.fs.writeFile('package.json', containerProjectFiles(manifest, []).packageJson);
    const version = /v\d+\.\d+\.\d+/.exec((await output(container, ['--version'])).text)?.[0] ?? 'v0.0.0';
    const setup = { version, ...typeScriptFlags(version, container.workdir) };
    // The stderr marks are a nicety: if this Node refuses the preload, run without it (stderr shows as stdout).
    await container.fs.writeFile(PROBE_FILE, "console.error('brr-probe');\n");
    const probe = await output(container, [...setup.flags, PROBE_FILE], { NODE_OPTIONS: setup.flags.join(' ') });
    if (probe.code !== 0 || !probe.text.includes(`${STDERR_MARK_START}brr-probe`)) {
      setup.flags = setup.flags.filter((flag) => !flag.includes(STDERR_MARK_FILE));
    }
    return setup;
  })();
  state.node.catch(() => (state.node = undefined));
  return state.node;
}

/** Node ≥ 22.18 (and 23.6+) strips types by default; 22.6–22.17 with a flag; older needs the loader. */
export function typeScriptFlags(version: string, workdir: string): { flags: string[]; needsLoader: boolean } {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  // An absolute path, so the preload is found from every sandbox folder and every child process's cwd.
  const base = ['--disable-warning=ExperimentalWarning', `--import=${workdir}/${STDERR_MARK_FILE}`];
  if (major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return { flags: base, needsLoader: false };
  if (major >= 23 || (major === 22 && minor >= 6)) return { flags: [...base, '--experimental-strip-types'], needsLoader: false };
  return { flags: [...base, '--import=tsx'], needsLoader: true };
}

const PROBE_FILE = '.course/probe.mjs';

/** Runs `node args` in the container's root and collects its terminal output. */
async function output(container: ContainerLike, args: string[], env: Record<string, string> = {}): Promise<{ code: number; text: string }> {
  const node = await container.spawn('node', args, { env });
  let text = '';
  const reading = pump(node.output, (chunk) => (text += chunk));
  const code = await node.exit;
  await reading.settle(OUTPUT_GRACE_MS);
  return { code, text };
}

/** How long to wait for the last output after a process exited before closing its stream. */
export const OUTPUT_GRACE_MS = 200;

/** Reads a text stream to its end in the background; `settle` waits a little for the end, then stops reading. */
export function pump(stream: ReadableStream<string>, onText: (text: string) => void): { settle(graceMs: number): Promise<void> } {
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
      // A terminal stream can stay open after the process exited (its children may still write); stop reading.
      await reader.cancel().catch(() => {});
    },
  };
}

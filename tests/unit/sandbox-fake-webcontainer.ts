/**
 * A fake WebContainer (ContainerLike) that keeps the contracts of the real @webcontainer/api 1.6.4 where
 * the runtime depends on them, so code that is kind only to the fake fails here first:
 *  - a pseudo-terminal: `print` turns LF into CRLF (the tty's ONLCR), stdout and stderr share one stream,
 *    and `printErr` is marked only when the process preloads the course's stderr marker;
 *  - `kill()` ends the spawned process only: children it started keep running and keep their ports;
 *  - `port` (open/close) and `server-ready` events as processes listen and end, EADDRINUSE on a taken port;
 *  - `error` events on demand;
 *  - a file system that refuses writes into missing folders, `node` that refuses a missing entry or
 *    cwd, and `node --version` answering the version engines.node asks for (Node 20 without it, as
 *    WebContainers default to; stackblitz/webcontainer-core#560);
 *  - `npm install` (fakeNpm) that installs only exactly what package-lock.json locks, after a latency.
 */
import type { ContainerLike, ContainerProcess, ContainerSpawnOptions } from '../../src/sandbox/webcontainer-boot.ts';

export interface SpawnCall {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | number | boolean>;
  terminal?: { cols: number; rows: number };
}

export interface FakeProcessIo {
  /** Writes to the terminal as the program's stdout would (LF becomes CRLF). */
  print(text: string): void;
  /** Writes to the terminal as stderr would: the same stream, marked only if the marker preload is loaded. */
  printErr(text: string): void;
  /** Resolves with the next text written to the process's input. */
  nextInput(): Promise<string>;
  /** Resolves when this process is killed. */
  killed: Promise<void>;
  /** Listens on a port for this process (throws EADDRINUSE when taken); closed when the process ends. */
  listen(port: number): void;
  /** Starts a child process (as `node` spawning `node` would); kill() of the root does not reach it. */
  spawnChild(script: FakeScript): FakeChild;
  container: FakeWebContainer;
}

export interface FakeChild {
  readonly running: boolean;
  /** What the child would print; kept here because the root's terminal closes with the root. */
  readonly printed: string[];
  exit(code: number): void;
}

/** Returns the exit code; a script that never returns is a program that runs until killed. */
export type FakeScript = (call: SpawnCall, io: FakeProcessIo) => number | Promise<number>;

export type FsOperation = { op: 'writeFile' | 'mkdir' | 'rm'; path: string };

/** The exit code the fake reports for a killed process (128 + SIGTERM, as a shell would). */
export const KILLED_EXIT_CODE = 143;
export const DEFAULT_NODE = 'v20.19.1';
const STDERR_START = '\u001b]7701;e\u0007';
const STDERR_END = '\u001b]7701;o\u0007';

type Listener = (...args: never[]) => void;
type FakeProcess = ContainerProcess & { printed: string[]; done: Promise<number>; kill(code?: number): void };

export class FakeWebContainer implements ContainerLike {
  readonly workdir = '/home/course';
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>(['']);
  readonly operations: FsOperation[] = [];
  readonly spawns: SpawnCall[] = [];
  /** Port → whether its owner still runs. */
  readonly ports = new Map<number, { owner: string }>();
  private readonly scripts: Array<{ matches: (call: SpawnCall) => boolean; script: FakeScript }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private nextPid = 1;

  /** The first script whose `matches` accepts a spawn runs it; unmatched spawns exit 0 at once. */
  script(matches: (call: SpawnCall) => boolean, script: FakeScript): this {
    this.scripts.push({ matches, script });
    return this;
  }

  emit(event: 'server-ready', port: number, url: string): void;
  emit(event: 'port', port: number, type: 'open' | 'close', url: string): void;
  emit(event: 'error', error: { message: string }): void;
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...values: unknown[]) => void)(...args);
  }

  emitServerReady(port: number, url: string): void {
    this.emit('server-ready', port, url);
  }

  writes(): string[] {
    return this.operations.filter((operation) => operation.op === 'writeFile').map((operation) => operation.path);
  }

  readonly fs: ContainerLike['fs'] = {
    readFile: async (path) => {
      const key = this.key(path);
      const content = this.files.get(key);
      if (content === undefined) throw enoent('open', key);
      return content;
    },
    writeFile: async (path, data) => {
      const key = this.key(path);
      this.operations.push({ op: 'writeFile', path: key });
      if (!this.folders.has(parent(key))) throw enoent('open', key);
      this.files.set(key, data);
    },
    mkdir: async (path) => {
      const key = this.key(path);
      this.operations.push({ op: 'mkdir', path: key });
      const parts = key.split('/');
      for (let i = 1; i <= parts.length; i += 1) this.folders.add(parts.slice(0, i).join('/'));
      return key;
    },
    rm: async (path, options = {}) => {
      const key = this.key(path);
      this.operations.push({ op: 'rm', path: key });
      if (this.files.delete(key)) return;
      if (this.folders.has(key)) {
        if (!options.recursive) throw Object.assign(new Error(`EISDIR: ${key} is a directory`), { code: 'EISDIR' });
        for (const file of [...this.files.keys()]) if (file.startsWith(`${key}/`)) this.files.delete(file);
        for (const folder of [...this.folders]) if (folder === key || folder.startsWith(`${key}/`)) this.folders.delete(folder);
        return;
      }
      if (!options.force) throw enoent('rm', key);
    },
  };

  /** The Node version this container's `node` runs: engines.node of the root package.json, else Node 20. */
  nodeVersion(): string {
    try {
      const engines = (JSON.parse(this.files.get('package.json') ?? '{}') as { engines?: { node?: string } }).engines;
      return engines?.node ? `v${engines.node}` : DEFAULT_NODE;
    } catch {
      return DEFAULT_NODE;
    }
  }

  async spawn(command: string, args: string[], options: ContainerSpawnOptions = {}): Promise<ContainerProcess> {
    const call: SpawnCall = { command, args, cwd: options.cwd ?? '', env: options.env ?? {}, ...(options.terminal ? { terminal: options.terminal } : {}) };
    this.spawns.push(call);
    if (!this.folders.has(this.key(call.cwd))) throw enoent('spawn (cwd)', call.cwd);
    const script = this.scripts.find((candidate) => candidate.matches(call))?.script ?? ((spawned, io) => this.builtIn(spawned, io));
    return this.start(call, script, `root-${this.nextPid++}`, true);
  }

  private start(call: SpawnCall, script: FakeScript, owner: string, isRoot: boolean): FakeProcess {
    let outputController!: ReadableStreamDefaultController<string>;
    const output = new ReadableStream<string>({ start: (controller) => void (outputController = controller) });
    const printed: string[] = [];
    const inputs: string[] = [];
    const waiting: Array<(text: string) => void> = [];
    const input = new WritableStream<string>({
      write(chunk) {
        const reader = waiting.shift();
        if (reader) reader(chunk);
        else inputs.push(chunk);
      },
    });
    let finished = false;
    let resolveExit!: (code: number) => void;
    const exit = new Promise<number>((resolve) => (resolveExit = resolve));
    let resolveKilled!: () => void;
    const killed = new Promise<void>((resolve) => (resolveKilled = resolve));
    const marked = String(call.env.NODE_OPTIONS ?? '').includes('.course/stderr-mark.mjs') && this.files.has('.course/stderr-mark.mjs');
    const write = (text: string): void => {
      if (finished) return;
      const tty = text.replace(/\r?\n/g, '\r\n');
      printed.push(tty);
      if (isRoot) outputController.enqueue(tty);
    };
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      for (const [port, state] of [...this.ports]) {
        if (state.owner !== owner) continue;
        this.ports.delete(port);
        this.emit('port', port, 'close', portUrl(port));
      }
      if (isRoot) outputController.close();
      resolveExit(code);
    };
    const io: FakeProcessIo = {
      print: write,
      printErr: (text) => write(marked ? `${STDERR_START}${text}${STDERR_END}` : text),
      nextInput: () => (inputs.length > 0 ? Promise.resolve(inputs.shift()!) : new Promise((resolve) => waiting.push(resolve))),
      killed,
      listen: (port) => {
        if (this.ports.has(port)) throw Object.assign(new Error(`listen EADDRINUSE: address already in use :::${port}`), { code: 'EADDRINUSE' });
        this.ports.set(port, { owner });
        this.emit('port', port, 'open', portUrl(port));
        this.emit('server-ready', port, portUrl(port));
      },
      spawnChild: (childScript) => {
        const child = this.start(call, childScript, `${owner}-child-${this.nextPid++}`, false);
        const state = { running: true, printed: child.printed, exit: (code: number) => child.kill(code) };
        void child.done.then(() => (state.running = false));
        return state;
      },
      container: this,
    };
    // Like a real process, the script starts after spawn() resolved.
    queueMicrotask(() => {
      void Promise.resolve()
        .then(() => script(call, io))
        .then(finish, (error: unknown) => {
          write(`${error instanceof Error ? error.message : String(error)}\n`);
          finish(1);
        });
    });
    return {
      exit,
      done: exit,
      input,
      output,
      printed,
      // Only this process: the real API has no process-group kill.
      kill: ((code = KILLED_EXIT_CODE) => {
        resolveKilled();
        finish(code);
      }) as () => void,
      resize: () => {},
    } as FakeProcess;
  }

  /** What `node` does without a script: `--version`, and refusing an entry that does not exist. */
  private builtIn(call: SpawnCall, io: FakeProcessIo): number {
    if (call.command !== 'node') return 0;
    if (call.args[0] === '--version') {
      io.print(`${this.nodeVersion()}\n`);
      return 0;
    }
    const entry = call.args.find((arg) => !arg.startsWith('-'));
    const source = entry === undefined ? undefined : this.files.get(this.key(`${call.cwd}/${entry}`));
    if (entry !== undefined && source === undefined) {
      io.printErr(`Error: Cannot find module '${this.workdir}/${this.key(`${call.cwd}/${entry}`)}'\n`);
      return 1;
    }
    // The only program the fake's node interprets: a file that writes one line to stderr.
    const stderrLine = /^console\.error\('([^']*)'\);\n?$/.exec(source ?? '');
    if (stderrLine) io.printErr(`${stderrLine[1]}\n`);
    return 0;
  }

  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  on(event: string, listener: Listener): () => void {
    if (!['server-ready', 'port', 'error'].includes(event)) throw new Error(`The fake has no "${event}" event.`);
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Paths are relative to the workdir; absolute ones inside it are accepted too, as by WebContainers. */
  key(path: string): string {
    const relative = path.startsWith(`${this.workdir}/`) ? path.slice(this.workdir.length + 1) : path === this.workdir ? '' : path;
    const parts: string[] = [];
    for (const part of relative.replace(/^\.\//, '').split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return parts.join('/');
  }
}

function portUrl(port: number): string {
  return `https://fake--${port}.local-credentialless.webcontainer-api.io`;
}

function parent(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function enoent(syscall: string, path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}'`), { code: 'ENOENT' });
}

export const isCommand =
  (command: string, first?: string) =>
  (call: SpawnCall): boolean =>
    call.command === command && (first === undefined || call.args[0] === first);

/** `node` running `entry` (whatever flags come first). */
export const isNodeRunning =
  (entry: string) =>
  (call: SpawnCall): boolean =>
    call.command === 'node' && call.args.some((arg) => arg === entry || arg.endsWith(`/${entry}`));

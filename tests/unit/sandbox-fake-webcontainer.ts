/**
 * A fake WebContainer with the interface the runtime uses (ContainerLike): an in-memory file system
 * that behaves like a real one where it matters (writing into a missing folder fails, rm of a folder
 * needs `recursive`), processes whose behaviour each test scripts, and `server-ready` events on demand.
 * Every file-system call is logged so tests can assert exactly what was written.
 */
import type { ContainerLike, ContainerProcess, ContainerSpawnOptions } from '../../src/sandbox/webcontainer-boot.ts';

export interface SpawnCall {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | number | boolean>;
}

export interface FakeProcessIo {
  /** Writes to the terminal (the process's output stream). */
  print(text: string): void;
  /** Resolves with the next text written to the process's input. */
  nextInput(): Promise<string>;
  /** Resolves when the process is killed. */
  killed: Promise<void>;
  container: FakeWebContainer;
}

/** Returns the exit code; a script that never returns is a program that runs until killed. */
export type FakeScript = (call: SpawnCall, io: FakeProcessIo) => number | Promise<number>;

export type FsOperation = { op: 'writeFile' | 'mkdir' | 'rm'; path: string };

/** The exit code the fake reports for a killed process (128 + SIGTERM, as a shell would). */
export const KILLED_EXIT_CODE = 143;

export class FakeWebContainer implements ContainerLike {
  readonly workdir = '/home/course';
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>(['']);
  readonly operations: FsOperation[] = [];
  readonly spawns: SpawnCall[] = [];
  private readonly scripts: Array<{ matches: (call: SpawnCall) => boolean; script: FakeScript }> = [];
  private readonly serverReadyListeners = new Set<(port: number, url: string) => void>();

  /** The first script whose `matches` accepts a spawn runs it; unmatched spawns exit 0 at once. */
  script(matches: (call: SpawnCall) => boolean, script: FakeScript): this {
    this.scripts.push({ matches, script });
    return this;
  }

  emitServerReady(port: number, url: string): void {
    for (const listener of this.serverReadyListeners) listener(port, url);
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

  async spawn(command: string, args: string[], options: ContainerSpawnOptions = {}): Promise<ContainerProcess> {
    const call: SpawnCall = { command, args, cwd: options.cwd ?? '', env: options.env ?? {} };
    this.spawns.push(call);
    const script = this.scripts.find((candidate) => candidate.matches(call))?.script ?? (() => 0);
    let outputController!: ReadableStreamDefaultController<string>;
    const output = new ReadableStream<string>({
      start(controller) {
        outputController = controller;
      },
    });
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
    const exit = new Promise<number>((resolve) => {
      resolveExit = resolve;
    });
    let resolveKilled!: () => void;
    const killed = new Promise<void>((resolve) => {
      resolveKilled = resolve;
    });
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      outputController.close();
      resolveExit(code);
    };
    const io: FakeProcessIo = {
      print: (text) => {
        if (!finished) outputController.enqueue(text);
      },
      nextInput: () => (inputs.length > 0 ? Promise.resolve(inputs.shift()!) : new Promise((resolve) => waiting.push(resolve))),
      killed,
      container: this,
    };
    // Like a real process, the script starts after spawn() resolved.
    queueMicrotask(() => {
      void Promise.resolve()
        .then(() => script(call, io))
        .then(finish, () => finish(1));
    });
    return {
      exit,
      input,
      output,
      kill: () => {
        resolveKilled();
        finish(KILLED_EXIT_CODE);
      },
    };
  }

  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void {
    if (event !== 'server-ready') throw new Error(`The fake has no "${String(event)}" event.`);
    this.serverReadyListeners.add(listener);
    return () => this.serverReadyListeners.delete(listener);
  }

  /** Paths are relative to the workdir; absolute ones inside it are accepted too, as by WebContainers. */
  private key(path: string): string {
    const relative = path.startsWith(`${this.workdir}/`) ? path.slice(this.workdir.length + 1) : path;
    return relative.replace(/^\.\//, '').replace(/\/+$/, '');
  }
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

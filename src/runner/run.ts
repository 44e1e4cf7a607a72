/**
 * One run: write the files, spawn the entry in its own process group, stream its output, enforce the
 * limits, and tear everything down (process tree, then folder) however it ends.
 *
 * Message order for the browser: `started`, then output/port/notice messages, then at most one
 * `test-result`, then exactly one `exit`, sent only after the process tree is dead and the folder is
 * gone. If the folder cannot be written or the process cannot be spawned, a single `error` with the
 * runId replaces all of that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { delimiter, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { cpuSecondsFor, withCpuLimit } from './cpu-limit.ts';
import { heapNotice, memoryNotice, outputNotice, processNotice, timeoutNotice } from './limit-notices.ts';
import type { RunnerLimits } from './limits.ts';
import { readPortReports } from './port-reports.ts';
import { ProcessTree, RUN_TAG_VARIABLE } from './process-tree.ts';
import type { ProcessScanner } from './process-table.ts';
import {
  errorMessage,
  type ErrorMessage,
  type ExitReason,
  type FileTree,
  type NoticeMessage,
  type ServerMessage,
} from './protocol.ts';
import { prepareVitest, readVitestReport, vitestEntryPoint } from './vitest-command.ts';
import type { Watchdog } from './watchdog.ts';
import { createWorkspace, type Workspace } from './workspace.ts';

/** What to execute: a Node entry file, or vitest over some spec files. */
export type RunProgram = { kind: 'node'; entry: string } | { kind: 'vitest'; specFiles: string[] };

export interface RunSpec {
  runId: string;
  /** Every file to write, spec files included. */
  files: FileTree;
  program: RunProgram;
  env?: Record<string, string>;
  /** Overrides limits.runWallTimeMs for a node program (already checked against maxRunWallTimeMs). */
  timeLimitMs?: number;
}

/** What all runs of one runner share. */
export interface RunContext {
  limits: RunnerLimits;
  /** The runner's own temp folder; each run makes a fresh folder inside it. */
  tempDir: string;
  /** The project's node_modules, linked into each run; undefined runs without packages. */
  nodeModulesDir: string | undefined;
  /** `--import` specifier (a file URL) of preload/index.ts. */
  preloadUrl: string;
  scanner: ProcessScanner;
  watchdog: Watchdog;
  log: (message: string) => void;
  /** Ports the entry process of each run listens on, for the preview proxy; removed when the run ends. */
  ports: Map<string, number>;
}

/** The descriptor the listen reporter writes port reports to (stdio index 3, after stdin/out/err). */
const REPORT_FD = 3;
/** How long to wait for the last output once every process is dead; a pipe held by an escaped process would otherwise keep the run open forever. */
const OUTPUT_DRAIN_MS = 1000;
/** What V8 prints (then aborts) when a process reaches the heap limit (--max-old-space-size). */
const HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;
/** Enough of the previous stderr chunk to match HEAP_EXHAUSTED across a chunk boundary. */
const STDERR_CARRY_LENGTH = 64;

type RootExit = { code: number | null; signal: NodeJS.Signals | null };

export class Run {
  readonly runId: string;
  private readonly spec: RunSpec;
  private readonly context: RunContext;
  private readonly send: (message: ServerMessage) => void;

  private child: ChildProcess | undefined;
  private tree: ProcessTree | undefined;
  /** Set once, by whatever ends the run first; later causes are ignored. */
  private endReason: ExitReason | undefined;
  private killing: Promise<void> | undefined;
  private stdinEnded = false;
  private outputBytes = 0;
  private outputCut = false;
  private stderrCarry = '';
  private heapExhausted = false;
  /** The entry process has exited; from then on the run ends as 'exit' whatever else happens. */
  private rootExited = false;

  constructor(spec: RunSpec, context: RunContext, send: (message: ServerMessage) => void) {
    this.runId = spec.runId;
    this.spec = spec;
    this.context = context;
    this.send = send;
  }

  /** Runs to the end. Never rejects: every failure becomes an `error` or `exit` message. */
  async execute(): Promise<void> {
    let workspace: Workspace;
    try {
      workspace = await createWorkspace({
        parentDir: this.context.tempDir,
        files: this.spec.files,
        nodeModulesDir: this.context.nodeModulesDir,
      });
    } catch (error) {
      this.send(
        errorMessage(
          'E_START_FAILED',
          `The runner could not write the files of run "${this.runId}" (${describeError(error)}). ` +
            'Check that the temporary folder has free space, then run again.',
          this.runId,
        ),
      );
      return;
    }
    try {
      await this.supervise(workspace);
    } catch (error) {
      this.context.log(`runner: run ${this.runId} failed: ${(error as Error).stack ?? String(error)}`);
      this.send(errorMessage('E_INTERNAL', `The runner failed while running "${this.runId}": ${describeError(error)}.`, this.runId));
      await this.killTree();
    } finally {
      this.context.ports.delete(this.runId);
      await workspace.remove().catch((error: unknown) => {
        this.context.log(`runner: could not remove ${workspace.root}: ${describeError(error)}`);
      });
    }
  }

  /** Kills the run at the browser's request or because its connection closed. */
  stop(reason: 'stopped' | 'disconnect'): void {
    this.end(reason);
  }

  /**
   * Kills the process tree synchronously, without waiting or reporting: for the runner's process
   * 'exit' handler, where no asynchronous work can run any more.
   */
  killNow(): void {
    const child = this.child;
    this.tree?.killOnce(child !== undefined && child.exitCode === null && child.signalCode === null);
  }

  /** Writes to the entry process's stdin; returns an error message when that is not possible. */
  writeStdin(data: string, end: boolean): ErrorMessage | undefined {
    const stdin = this.child?.stdin;
    if (this.stdinEnded || !stdin || stdin.destroyed) {
      return errorMessage(
        'E_STDIN_CLOSED',
        `The standard input of run "${this.runId}" is already closed${this.stdinEnded ? ' (a previous message had "end": true)' : ''}. ` +
          'Start a new run to send more input.',
        this.runId,
      );
    }
    if (data.length > 0) stdin.write(data);
    if (end) {
      this.stdinEnded = true;
      stdin.end();
    }
    return undefined;
  }

  private async supervise(workspace: Workspace): Promise<void> {
    const { limits } = this.context;
    const program = this.spec.program;
    let args: string[];
    let reportPath: string | undefined;
    let wallTimeMs: number;
    if (program.kind === 'node') {
      args = [`--import=${this.context.preloadUrl}`, `./${program.entry}`];
      wallTimeMs = this.spec.timeLimitMs ?? limits.runWallTimeMs;
    } else {
      const vitest = vitestEntryPoint(this.context.nodeModulesDir);
      if (vitest === undefined) {
        this.send(
          errorMessage(
            'E_START_FAILED',
            `Run "${this.runId}" needs vitest, but it is not installed in the project's node_modules ` +
              `(${this.context.nodeModulesDir ?? 'none configured'}). Run \`npm install\` in the project, then try again.`,
            this.runId,
          ),
        );
        return;
      }
      wallTimeMs = limits.testWallTimeMs;
      const command = await prepareVitest(workspace, vitest, program.specFiles);
      args = command.args;
      reportPath = command.reportPath;
    }

    const tag = randomBytes(16).toString('hex');
    const startedAt = performance.now();
    const exit = await this.spawnAndWait(args, workspace.workDir, this.environment(workspace, tag), tag, wallTimeMs);
    this.context.ports.delete(this.runId); // the tree is dead: nothing to preview any more
    if (exit === undefined) return; // spawn failed; the error was sent

    if (reportPath !== undefined && this.endReason === 'exit') {
      const result = await readVitestReport(reportPath, workspace.workDir);
      // vitest's report says success even when an unhandled error escaped the tests; only its exit code shows it.
      if (result !== undefined) this.send({ type: 'test-result', runId: this.runId, ...result, success: result.success && exit.code === 0 });
    }
    await workspace.remove();
    this.send({
      type: 'exit',
      runId: this.runId,
      code: exit.code,
      signal: exit.signal,
      reason: this.endReason ?? 'exit',
      durationMs: Math.round(performance.now() - startedAt),
    });
  }

  /**
   * The environment of the run: deliberately not the runner's own (which may hold credentials), only
   * what programs need, plus the learner's variables and the runner's bookkeeping.
   */
  private environment(workspace: Workspace, tag: string): NodeJS.ProcessEnv {
    const nodeOptions = [`--max-old-space-size=${this.context.limits.heapMiB}`, '--disable-warning=ExperimentalWarning'];
    // Node 22.18+ strips TypeScript types by default; older 22.x needs the flag.
    if (!(process.features as { typescript?: unknown }).typescript) nodeOptions.push('--experimental-strip-types');
    return {
      // The runner's Node first, so a `node` the program spawns is the same version as the entry's.
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
      HOME: workspace.workDir,
      TMPDIR: workspace.tmpDir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...this.spec.env,
      // NODE_OPTIONS reaches every Node process in the tree, so each one gets the heap limit.
      NODE_OPTIONS: nodeOptions.join(' '),
      [RUN_TAG_VARIABLE]: tag,
      // Read by preload/report-listening.ts, which only the Node entry loads.
      ...(this.spec.program.kind === 'node' ? { BRR_REPORT_FD: String(REPORT_FD) } : {}),
    };
  }

  private spawnAndWait(
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
    tag: string,
    wallTimeMs: number,
  ): Promise<RootExit | undefined> {
    return new Promise((resolve) => {
      // detached: the child calls setsid(), leading a new session and process group that
      // process.kill(-pid) reaches as a whole (and that the terminal's signals do not).
      const [command, commandArgs] = withCpuLimit(cpuSecondsFor(wallTimeMs), process.execPath, args);
      const child = spawn(command, commandArgs, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
      this.child = child;
      let spawned = false;
      let rootExit: RootExit | undefined;
      let wallTimer: NodeJS.Timeout | undefined;
      let drainTimer: NodeJS.Timeout | undefined;
      let finished = false;
      let leftoversKilled: Promise<void> | undefined;
      let unwatch = (): void => {};
      const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

      child.on('error', (error) => {
        if (spawned) return; // a failed kill() after the fact; the exit path handles the rest
        this.send(
          errorMessage(
            'E_START_FAILED',
            `The runner could not start run "${this.runId}" (${describeError(error)}). ` +
              'This is a problem with the machine, not with the program; try again.',
            this.runId,
          ),
        );
        resolve(undefined);
      });

      child.once('spawn', () => {
        spawned = true;
        const pid = child.pid!;
        this.tree = new ProcessTree(pid, tag, this.context.scanner);
        this.send({ type: 'started', runId: this.runId, pid });
        wallTimer = setTimeout(
          () => this.limit('timeout', timeoutNotice(wallTimeMs)),
          wallTimeMs,
        );
        unwatch = this.context.watchdog.watch({
          tree: this.tree,
          onSample: (sample) => {
            if (sample.processCount > this.context.limits.maxProcesses) {
              this.limit('process-limit', processNotice(this.context.limits.maxProcesses));
            } else if (sample.residentBytes > this.context.limits.rssBytes) {
              this.limit('memory', memoryNotice(this.context.limits.rssBytes));
            }
          },
        });
        // A stop or disconnect that arrived while the files were being written.
        if (this.endReason !== undefined) void this.killTree();
      });

      // Writing to a process that has exited fails with EPIPE; that is not the runner's problem.
      child.stdin?.on('error', () => {});
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream]?.on('data', (chunk: Buffer) => this.output(stream, chunk, decoders[stream]));
      }
      const reports = child.stdio[REPORT_FD];
      // Extra stdio pipes are sockets, hence Duplex, hence Readable.
      if (reports instanceof Readable) {
        readPortReports(reports, (port) => {
          // The first port is the one the preview shows; a later server in the same run is reported but not proxied.
          if (!this.context.ports.has(this.runId)) this.context.ports.set(this.runId, port);
          this.send({ type: 'port', runId: this.runId, port });
        });
      }

      const finish = (): void => {
        if (finished || rootExit === undefined) return;
        finished = true;
        clearTimeout(drainTimer);
        for (const stream of [child.stdout, child.stderr, child.stdio[REPORT_FD]]) stream?.destroy();
        if (!this.outputCut) {
          for (const stream of ['stdout', 'stderr'] as const) {
            const rest = decoders[stream].end();
            if (rest) this.send({ type: 'output', runId: this.runId, stream, data: rest });
          }
        }
        const aborted = rootExit.signal === 'SIGABRT' || rootExit.code === 134;
        if (this.endReason === undefined && this.heapExhausted && aborted) {
          this.endReason = 'memory';
          this.send({ type: 'notice', runId: this.runId, reason: 'memory', message: heapNotice(this.context.limits.heapMiB) });
        }
        // Only reachable if the runner's own timer did not fire (an event-loop stall in the runner).
        if (this.endReason === undefined && rootExit.signal === 'SIGXCPU') {
          this.endReason = 'timeout';
          this.send({ type: 'notice', runId: this.runId, reason: 'timeout', message: timeoutNotice(wallTimeMs) });
        }
        this.endReason ??= 'exit';
        resolve(rootExit);
      };

      child.once('exit', (code, signal) => {
        rootExit = { code, signal };
        this.rootExited = true;
        clearTimeout(wallTimer);
        unwatch();
        // The entry is gone; anything it left running goes with it, which also closes the pipes. The
        // last output may still be in flight, so wait for 'close', but not forever: a pipe held open
        // by a process that escaped the kill must not keep the run open.
        leftoversKilled = this.killTree();
        void leftoversKilled.then(() => {
          drainTimer = setTimeout(finish, OUTPUT_DRAIN_MS);
        });
      });
      // 'close' comes after 'exit', once stdout and stderr are drained; the folder may only go once
      // no process of the run is left to write into it.
      child.once('close', () => {
        void (leftoversKilled ?? Promise.resolve()).then(finish);
      });
    });
  }

  private output(stream: 'stdout' | 'stderr', chunk: Buffer, decoder: StringDecoder): void {
    if (this.outputCut) return;
    const room = this.context.limits.outputBytes - this.outputBytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.outputBytes += kept.length;
    const data = decoder.write(kept);
    if (data) {
      this.send({ type: 'output', runId: this.runId, stream, data });
      if (stream === 'stderr') {
        const window = this.stderrCarry + data;
        if (HEAP_EXHAUSTED.test(window)) this.heapExhausted = true;
        this.stderrCarry = window.slice(-STDERR_CARRY_LENGTH);
      }
    }
    if (kept !== chunk) {
      this.outputCut = true;
      this.limit('output-limit', outputNotice(this.context.limits.outputBytes));
    }
  }

  /** Ends the run because a limit was crossed, telling the browser which one and what to do. */
  private limit(reason: NoticeMessage['reason'], message: string): void {
    if (this.endReason !== undefined || this.rootExited) return;
    this.send({ type: 'notice', runId: this.runId, reason, message });
    this.end(reason);
  }

  private end(reason: ExitReason): void {
    if (this.endReason !== undefined || this.rootExited) return;
    this.endReason = reason;
    if (this.tree !== undefined) void this.killTree();
  }

  private killTree(): Promise<void> {
    const tree = this.tree;
    const child = this.child;
    if (tree === undefined || child === undefined) return Promise.resolve();
    // One kill sequence at a time; a second caller waits for the first.
    this.killing ??= tree
      .killAll(() => child.exitCode === null && child.signalCode === null)
      .finally(() => {
        this.killing = undefined;
      });
    return this.killing;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

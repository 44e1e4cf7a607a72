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
import { Readable } from 'node:stream';
import { unwrapShellStatus, type Containment } from './containment.ts';
import { cpuSecondsFor } from './cpu-limit.ts';
import { heapNotice, memoryNotice, outputNotice, processNotice, timeoutNotice } from './limit-notices.ts';
import type { RunnerLimits } from './limits.ts';
import { readPortReports } from './port-reports.ts';
import { ProcessTree } from './process-tree.ts';
import type { ProcessScanner } from './process-table.ts';
import type { PreviewRegistry } from './preview-registry.ts';
import { REPORT_FD, runEnvironment } from './run-environment.ts';
import { RunOutput } from './run-output.ts';
import { RunPreviews } from './run-previews.ts';
import { RunFilesError } from './server-folder.ts';
import { StdinPipe } from './stdin-pipe.ts';
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
import { readWireBatches, WIRE_FD, wireEnvironment, type WireRunOptions } from './wire-channel.ts';

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
  /** Wire capture; connection.ts sets it only for Node programs (wire-channel.ts). */
  wire?: WireRunOptions;
}

/** What all runs of one runner share. */
export interface RunContext {
  limits: RunnerLimits;
  /** The runner's own temp folder; each run makes a fresh folder inside it. */
  tempDir: string;
  /** The project's node_modules, linked into each run; undefined runs without packages. */
  nodeModulesDir: string | undefined;
  /** `--import` specifier (a file URL) of preload/index.ts, loaded into the entry process. */
  preloadUrl: string;
  /** `--import` specifier of preload/loopback-default.mjs, loaded into every Node process of a run. */
  everyProcessPreloadUrl: string;
  scanner: ProcessScanner;
  watchdog: Watchdog;
  containment: Containment;
  log: (message: string) => void;
  /** The servers of all runs the preview proxy may forward to; each run adds its own and they go with it. */
  previews: PreviewRegistry;
  /** The URL of a preview key on the preview origin, when the host serves previews (course-runner.ts). */
  previewUrl?: (key: string) => string;
  /** Folders of runs in progress (or being written); everything else in tempDir is swept when a run ends. */
  activeRoots: Set<string>;
  /** Removes strays from tempDir (server-folder.ts removeStrays). */
  sweep: () => Promise<void>;
}
/** How long to wait for the last output once every process is dead; a pipe held by an escaped process would otherwise keep the run open forever. */
const OUTPUT_DRAIN_MS = 1000;
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
  private readonly stdin: StdinPipe;
  private previews: RunPreviews | undefined;
  /** Fires when the run is over; the preview proxy closes the tunnels it opened for the run. */
  private readonly ended = new AbortController();
  private readonly output: RunOutput;
  /** The entry process has exited; from then on the run ends as 'exit' whatever else happens. */
  private rootExited = false;

  constructor(spec: RunSpec, context: RunContext, send: (message: ServerMessage) => void) {
    this.runId = spec.runId;
    this.spec = spec;
    this.context = context;
    this.send = send;
    this.stdin = new StdinPipe(spec.runId, context.limits.stdinBufferBytes);
    this.output = new RunOutput(context.limits.outputBytes, (stream, data) => this.send({ type: 'output', runId: this.runId, stream, data }));
  }

  /** Runs to the end. Never rejects: every failure becomes an `error` or `exit` message. */
  async execute(): Promise<void> {
    let workspace: Workspace;
    let root: string | undefined;
    try {
      workspace = await createWorkspace({
        parentDir: this.context.tempDir,
        files: this.spec.files,
        nodeModulesDir: this.context.nodeModulesDir,
        onCreated: (created) => {
          root = created;
          this.context.activeRoots.add(created);
        },
      });
    } catch (error) {
      if (root !== undefined) this.context.activeRoots.delete(root);
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
      this.ended.abort();
      await workspace.remove().catch((error: unknown) => {
        this.context.log(`runner: could not remove ${workspace.root}: ${describeError(error)}`);
      });
      this.context.activeRoots.delete(workspace.root);
      await this.context.sweep();
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

  /** Writes to the entry process's stdin (flow-controlled, stdin-pipe.ts); returns an error message when that is not possible. */
  writeStdin(data: string, end: boolean): ErrorMessage | undefined {
    return this.stdin.write(data, end);
  }

  /** Whether this run asked for more than limits.longRunMs (a preview server); fair-share limits count these. */
  get isLong(): boolean {
    return this.spec.timeLimitMs !== undefined && this.spec.timeLimitMs > this.context.limits.longRunMs;
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
    const env = runEnvironment({
      limits,
      workDir: workspace.workDir,
      tmpDir: workspace.tmpDir,
      learnerEnv: this.spec.env,
      tag,
      everyProcessPreloadUrl: this.context.everyProcessPreloadUrl,
      reportsPorts: program.kind === 'node',
      ...(this.spec.wire ? { wire: wireEnvironment(this.spec.wire, Date.now()) } : {}),
    });
    const exit = await this.spawnAndWait(args, workspace.workDir, env, tag, wallTimeMs);
    this.ended.abort(); // the tree is dead: nothing to preview any more
    if (exit === undefined) return; // spawn failed; the error was sent

    if (reportPath !== undefined && this.endReason === 'exit') {
      const result = await readVitestReport(reportPath, workspace.workDir);
      // vitest's report says success even when an unhandled error escaped the tests; only its exit code shows it.
      if (result !== undefined) this.send({ type: 'test-result', runId: this.runId, ...result, success: result.success && exit.code === 0 });
    }
    try {
      await workspace.remove();
    } catch (error) {
      if (!(error instanceof RunFilesError)) throw error;
      // The program made its folder impossible to remove (e.g. an immutable file): its doing, not a runner bug.
      this.send(
        errorMessage(
          'E_RUN_FILES',
          `The runner could not remove the files run "${this.runId}" left behind (${error.message}). ` +
            'Something in the program changed them so that they cannot be deleted; undo that change (for example a chmod or chattr) in the program.',
          this.runId,
        ),
      );
    }
    // Whatever the run wrote beside its folder goes before `exit`, so the next run never sees it.
    this.context.activeRoots.delete(workspace.root);
    await this.context.sweep();
    this.send({
      type: 'exit',
      runId: this.runId,
      code: exit.code,
      signal: exit.signal,
      reason: this.endReason ?? 'exit',
      durationMs: Math.round(performance.now() - startedAt),
    });
  }

  private spawnAndWait(args: string[], cwd: string, env: NodeJS.ProcessEnv, tag: string, wallTimeMs: number): Promise<RootExit | undefined> {
    return new Promise((resolve) => {
      // detached: the child calls setsid(), leading a new session and process group that
      // process.kill(-pid) reaches as a whole (and that the terminal's signals do not).
      const [command, commandArgs] = this.context.containment.wrap(process.execPath, args, {
        cpuSeconds: cpuSecondsFor(wallTimeMs),
        shmBytes: this.context.limits.shmBytes,
      });
      const stdio = this.spec.wire ? ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'pipe'];
      const child = spawn(command, commandArgs, { cwd, env, detached: true, stdio: stdio as ['pipe', 'pipe', 'pipe'] });
      this.child = child;
      this.stdin.attach(child.stdin);
      let spawned = false;
      let rootExit: RootExit | undefined;
      let wallTimer: NodeJS.Timeout | undefined;
      let drainTimer: NodeJS.Timeout | undefined;
      let finished = false;
      let leftoversKilled: Promise<void> | undefined;
      let unwatch = (): void => {};

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
        this.previews = new RunPreviews(this.tree, this.context, this.ended.signal);
        this.send({ type: 'started', runId: this.runId, pid });
        wallTimer = setTimeout(() => this.limit('timeout', timeoutNotice(wallTimeMs)), wallTimeMs);
        unwatch = this.context.watchdog.watch({
          tree: this.tree,
          onSample: (sample) => {
            if (sample.processCount > this.context.limits.maxProcesses + this.context.containment.wrapperProcesses) {
              this.limit('process-limit', processNotice(this.context.limits.maxProcesses));
            } else if (sample.residentBytes > this.context.limits.rssBytes) {
              this.limit('memory', memoryNotice(this.context.limits.rssBytes));
            }
          },
        });
        // A stop or disconnect that arrived while the files were being written.
        if (this.endReason !== undefined) void this.killTree();
      });

      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream]?.on('data', (chunk: Buffer) => {
          if (this.output.write(stream, chunk)) this.limit('output-limit', outputNotice(this.context.limits.outputBytes));
        });
      }
      const reports = child.stdio[REPORT_FD];
      // Extra stdio pipes are sockets, hence Duplex, hence Readable.
      if (reports instanceof Readable) {
        readPortReports(reports, (port) => {
          // The report only says which port to look for; the kernel says whether the run really holds it.
          void this.previews?.confirm(port).then(({ confirmed, previewUrl }) => {
            if (!confirmed || this.ended.signal.aborted) return;
            this.send({ type: 'port', runId: this.runId, port, ...(previewUrl ? { previewUrl } : {}) });
          });
        });
      }

      const wire = child.stdio[WIRE_FD];
      if (wire instanceof Readable) readWireBatches(wire, (events) => this.send({ type: 'wire', runId: this.runId, events }));

      const finish = (): void => {
        if (finished || rootExit === undefined) return;
        finished = true;
        clearTimeout(drainTimer);
        for (const stream of [child.stdout, child.stderr, child.stdio[REPORT_FD], wire]) stream?.destroy();
        this.output.flush();
        const aborted = rootExit.signal === 'SIGABRT' || rootExit.code === 134;
        if (this.endReason === undefined && this.output.heapExhausted && aborted) {
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
        rootExit = this.context.containment.mode === 'process-tree' ? { code, signal } : unwrapShellStatus(code, signal);
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

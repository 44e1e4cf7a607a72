/**
 * The one interface learner code runs behind, shaped after the WebContainer API (mount a file tree,
 * spawn with streamed output and an exit code, read/write files, server-ready events, teardown), with
 * two backends: WebContainers in the deployed site and the local runner (src/runner/) everywhere else.
 * The page, the editor and every test talk to this interface only.
 */
import type { WireEvent, WireRunOptions } from '../wire/trace-events.ts';

export type FileTree = Record<string, string>;

export type RuntimeKind = 'webcontainer' | 'local';

export interface OutputChunk {
  stream: 'stdout' | 'stderr' | 'system';
  data: string;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /**
   * 'exit' when the program ended by itself; otherwise why it was stopped: 'stopped' (kill() or
   * teardown), 'timeout', 'output-limit', 'memory', 'process-limit' (runner limits), or 'disconnect'
   * (the local runner's connection dropped; the next call reconnects).
   */
  reason: string;
  durationMs: number;
}

export interface SandboxProcess {
  /** stdout, stderr and runner notices in the order they happened. */
  readonly output: ReadableStream<OutputChunk>;
  readonly exit: Promise<ExitInfo>;
  write(data: string): void;
  kill(): void;
}

export interface TestCaseReport {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'todo';
  /** First failure message, trimmed for display. */
  message?: string;
}

export interface TestReport {
  success: boolean;
  passed: number;
  failed: number;
  total: number;
  tests: TestCaseReport[];
  /** Runner or test-tool output, trimmed, for when something went wrong before tests ran. */
  output: string;
  durationMs: number;
}

export interface ServerReady {
  port: number;
  /**
   * A URL the page can load in an iframe (proxied through our origin for the local runner, where it
   * has a path prefix: resolve sandbox.yaml's preview path with `previewPage(url, path)` from
   * preview-url.ts, not `new URL(path, url)`, which would drop the prefix).
   */
  url: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /**
   * The runtime's own hard wall-time limit for this run, in ms. The page stops programs at the sandbox's
   * runSeconds itself; a sandbox with a preview server asks for more, so the learner can explore it.
   */
  timeLimitMs?: number;
  /**
   * The wire view (issue #16): `{capture: true, rawBytes?, conditions?}` observes the run's TCP traffic
   * in every Node process of it and applies network conditions between them. Off unless given.
   */
  wire?: WireRunOptions;
  /**
   * Called with batches of trace events (src/wire/trace-events.ts), oldest first per process, merged
   * across processes, while the run goes on; only when `wire.capture` is true. Same in both backends.
   */
  onWire?: (events: WireEvent[]) => void;
  /** Told when a stage the learner waits on starts or ends inside the runtime (the WebContainer install). */
  onStage?: StageListener;
}

/** The stages a learner may wait on, in order: the runtime's start, an install, the program, the tests. */
export type StageName = 'boot' | 'install' | 'run' | 'tests';

export interface StageEvent {
  stage: StageName;
  state: 'started' | 'done' | 'failed' | 'cancelled';
  /** For 'started': what is happening, e.g. the packages being installed; for an end, why. */
  detail?: string;
  /** For install: how many locked packages the install brings in all. */
  count?: number;
  /** For 'started': ends this stage for real (kills npm, stops waiting for the boot). */
  cancel?: () => void;
}

export type StageListener = (event: StageEvent) => void;

export interface TestOptions {
  /** Called as each test finishes, where the backend can stream results (WebContainers); optional. */
  onTest?: (test: TestCaseReport) => void;
  /** Stop after the first failing test (mutation testing needs one failure, not all); the local runner honours it. */
  bail?: boolean;
  onStage?: StageListener;
  /** Aborting stops the install or the test tool; the report keeps the tests that had finished. */
  signal?: AbortSignal;
}

export interface SandboxRuntime {
  readonly kind: RuntimeKind;
  /** Shown to the learner: which runtime runs their code. */
  readonly label: string;
  /** Makes the tree the current files; only files that changed since the last mount are written. */
  mount(files: FileTree): Promise<void>;
  writeFile(path: string, content: string): Promise<void>;
  readFile(path: string): Promise<string>;
  /**
   * Runs `entry` with Node (TypeScript allowed). Resolves once the program started; rejects with a
   * sentence for the learner when it cannot start (no such file, runtime unreachable, refused).
   */
  run(entry: string, options?: RunOptions): Promise<SandboxProcess>;
  /** Runs the sandbox's vitest specs against the mounted files. */
  test(testFiles: FileTree, options?: TestOptions): Promise<TestReport>;
  onServerReady(listener: (ready: ServerReady) => void): () => void;
  teardown(): Promise<void>;
}

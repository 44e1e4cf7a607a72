/**
 * Hard limits of the local runner. Learner code is trusted no more than a page from the web would be: it
 * may loop forever, allocate without end, print without end or fork without end by accident, and the
 * runner must stay responsive for the other lessons open at the same time. Every limit here is enforced
 * by the runner itself, outside the learner's process, so the learner's code cannot switch it off.
 */

export interface RunnerLimits {
  /** Wall-clock milliseconds a `run` may last (from spawn) before its process tree is killed. */
  runWallTimeMs: number;
  /**
   * The longest wall time a `run` message may ask for with `timeLimitMs` (a sandbox whose server the
   * learner explores in the preview needs minutes, not seconds). Requests above it are refused.
   */
  maxRunWallTimeMs: number;
  /** Wall-clock milliseconds a `test` run may last; vitest needs about a second just to start. */
  testWallTimeMs: number;
  /** Bytes of stdout plus stderr one run may print; past it the output is cut and the run killed. */
  outputBytes: number;
  /** V8 heap of every Node process in the run (`--max-old-space-size`, in MiB); V8 aborts past it. */
  heapMiB: number;
  /** Resident memory of the whole process tree, summed; catches Buffers and native memory the heap limit misses. */
  rssBytes: number;
  /** Live processes in one run's tree, the entry process included; more means a runaway spawn loop. */
  maxProcesses: number;
  /** Runs one WebSocket connection (one browser tab) may have going at once. */
  maxRunsPerConnection: number;
  /** Runs the whole runner may have going at once, across all connections. */
  maxRunsGlobal: number;
  /** Files in one run's file tree, test files included. */
  maxFiles: number;
  /** UTF-8 bytes of a single file. */
  maxFileBytes: number;
  /** UTF-8 bytes of all files of one run together. */
  maxTotalFileBytes: number;
  /** Bytes of one WebSocket message from the browser; larger ones are answered with E_MESSAGE_TOO_LARGE. */
  maxMessageBytes: number;
  /** How often the watchdog samples the process table (process count and memory), in milliseconds. */
  watchdogIntervalMs: number;
  /** Bytes of input a program may leave unread in its stdin pipe; more input is refused with E_STDIN_FULL. */
  stdinBufferBytes: number;
  /** Size of the run's private /dev/shm (a tmpfs; only with PID-namespace containment, see containment.ts). */
  shmBytes: number;
  /**
   * WebSocket connections the runner keeps at once; the next one is closed right after the handshake
   * with code 1013 (TOO_MANY_CONNECTIONS_CLOSE_CODE) and a reason starting "E_TOO_MANY_CONNECTIONS:".
   */
  maxConnections: number;
  /** A connection with no run in progress and no message for this long is closed (WebSocket close code 4000, IDLE_CLOSE_CODE). */
  idleConnectionMs: number;
  /**
   * A run that asks for a `timeLimitMs` above this is a long run (a preview server the learner
   * explores for minutes); ordinary runs (a lesson's runSeconds plus a margin) stay below it.
   */
  longRunMs: number;
  /** Long runs one connection may have at once; more are refused with E_TOO_MANY_LONG_RUNS. */
  maxLongRunsPerConnection: number;
  /**
   * Long runs across all connections; more are refused with E_RUNNER_BUSY. Together with
   * maxRunsPerConnection and maxConnections this keeps one page (which may open many connections) from
   * holding every global slot for minutes: the slots above this share only ever hold short runs.
   */
  maxLongRunsGlobal: number;
}

/** The WebSocket close code (private range, RFC 6455 §7.4.2) for a connection closed for being idle; the page reconnects on its next run. */
export const IDLE_CLOSE_CODE = 4000;
/** 1013 "Try Again Later" (IANA WebSocket close code registry): the runner has limits.maxConnections already. */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 1013;

const KiB = 1024;
const MiB = 1024 * KiB;

/** The defaults, sized for small teaching programs on a laptop with two cores. */
export const DEFAULT_LIMITS: Readonly<RunnerLimits> = Object.freeze({
  // A lesson's server plus client answer within a second; ten leaves room for slow machines.
  runWallTimeMs: 10_000,
  // Ten minutes: long enough to explore a preview, short enough that a forgotten tab frees its slot.
  maxRunWallTimeMs: 600_000,
  // vitest start-up (~0.5 s here) plus a handful of specs that open real sockets.
  testWallTimeMs: 30_000,
  // Far more than any lesson prints, small enough that a flood cannot freeze the browser's terminal.
  outputBytes: 1 * MiB,
  // Generous for teaching code, small enough that a heap bomb dies in well under a second.
  heapMiB: 128,
  // An idle Node process is ~45 MiB resident; this fits a few of them plus a full 128 MiB heap.
  rssBytes: 512 * MiB,
  // A server, a few clients and a helper or two; a spawn loop crosses it within one watchdog tick.
  maxProcesses: 10,
  // A tab runs one sandbox at a time, sometimes a program and its tests side by side.
  maxRunsPerConnection: 4,
  // Enough for several tabs; each run is a real process tree competing for the same cores.
  maxRunsGlobal: 16,
  maxFiles: 200,
  maxFileBytes: 256 * KiB,
  maxTotalFileBytes: 2 * MiB,
  // The file-size total plus JSON escaping overhead.
  maxMessageBytes: 4 * MiB,
  // Fast enough to stop a spawn loop or an allocation loop early, cheap enough (a /proc scan) to run often.
  watchdogIntervalMs: 100,
  // Far more than anyone types; a program that does not read its input cannot grow the runner past it.
  stdinBufferBytes: 1 * MiB,
  // Enough for a teaching example of shared memory; counted against nothing else, so kept small.
  shmBytes: 64 * MiB,
  // A few dozen tabs; each open tab holds one connection.
  maxConnections: 32,
  // Five minutes: a tab left open costs nothing, and the page reconnects by itself on the next run.
  idleConnectionMs: 300_000,
  // Twice the test wall time: no ordinary run or check comes near it, every preview server is above it.
  longRunMs: 60_000,
  // One preview server per tab at a time is what a lesson needs.
  maxLongRunsPerConnection: 1,
  // Half the global slots: short runs and checks always find a free slot within seconds.
  maxLongRunsGlobal: 8,
});

/**
 * Merges overrides into the defaults and checks them, so that a typo in the integration that mounts
 * the runner fails loudly at start-up instead of silently disabling a limit.
 */
export function resolveLimits(overrides: Partial<RunnerLimits> = {}): RunnerLimits {
  const limits: RunnerLimits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in DEFAULT_LIMITS)) {
      throw new TypeError(
        `Unknown runner limit "${name}". Use one of: ${Object.keys(DEFAULT_LIMITS).join(', ')}.`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(
        `Runner limit "${name}" must be a positive whole number, but it is ${JSON.stringify(value)}. ` +
          `Leave it out to use the default (${DEFAULT_LIMITS[name as keyof RunnerLimits]}).`,
      );
    }
    limits[name as keyof RunnerLimits] = value;
  }
  return limits;
}

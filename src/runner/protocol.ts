/**
 * The wire protocol between the browser's local Sandbox adapter and the Node runner.
 *
 * Transport: one WebSocket (RFC 6455) at `ws://127.0.0.1:<port>/__runner?token=<token>`, opened from a
 * page whose Origin the runner allows. Every message in either direction is one JSON object in one
 * text frame (RFC 6455 §5.6, opcode 0x1); binary frames are refused.
 *
 * Browser → runner:
 *   {type:'run',   runId, files, entry, command?: 'node'|'test', env?, wire?}
 *       Write `files` (name → text) into a fresh folder and run `entry` with Node (TypeScript types are
 *       stripped natively). With command 'test', `entry` is a vitest spec file and is run with vitest.
 *       `wire: {capture: true, rawBytes?, conditions?}` (src/wire/trace-events.ts WireRunOptions) turns
 *       on the wire view's capture for a Node run: every Node process of the run observes its TCP
 *       sockets and `wire` messages follow; conditions (latency, drops, …) apply between the processes.
 *       Ignored for command 'test', and `test` messages never capture, so grading is unaffected.
 *   {type:'test',  runId, files, testFiles, env?}
 *       Write `files` and `testFiles` together and run the specs of `testFiles` (*.test.ts, *.spec.ts;
 *       other files there are helpers the specs import) with vitest; a
 *       `test-result` message summarises the outcome before `exit`.
 *   {type:'stdin', runId, data, end?}   Write `data` to the run's standard input; `end: true` closes it.
 *   {type:'stop',  runId}               Kill the run's whole process tree.
 *
 * Runner → browser:
 *   {type:'ready', protocolVersion, nodeVersion, limits}  Once, right after the connection opens.
 *   {type:'started', runId, pid}                      The entry process was spawned.
 *   {type:'output', runId, stream, data}              Text the process tree wrote to stdout or stderr.
 *   {type:'port', runId, port, previewUrl?}           A TCP server of the run is listening (confirmed by the kernel);
 *                                                     previewUrl is where the preview origin serves it.
 *   {type:'notice', runId, reason, message}           The runner is stopping the run because of a limit.
 *   {type:'test-result', runId, success, passed, …}   The outcome of a vitest run.
 *   {type:'wire', runId, events}                      Captured traffic, in batches (only with `wire.capture`);
 *                                                     events follow src/wire/trace-events.ts (WIRE_CONTRACT_VERSION 1),
 *                                                     merged across processes; may be rate-capped with `dropped` markers.
 *   {type:'exit', runId, code, signal, reason, durationMs}
 *   {type:'error', code, message, runId?}             A message was refused or a run could not start.
 *
 * Every `run`/`test` is answered either by exactly one `error` carrying its runId (nothing was started)
 * or by `started`, any number of output/port/notice/wire messages, at most one `test-result`, and exactly
 * one `exit`. `exit` is sent once the whole process tree is dead and the run's folder is removed, and
 * the run's slot is free when it arrives, so its runId may be used again at once. Errors about
 * `stdin`/`stop` carry the runId too but end nothing. (The one exception is E_INTERNAL, a runner bug,
 * which can follow `started` and then replaces `exit`, and E_RUN_FILES, which can come just before `exit`.)
 */

import type { RunnerLimits } from './limits.ts';
import type { WireEvent, WireRunOptions } from '../wire/trace-events.ts';

/** The path the runner answers WebSocket upgrades on; every other path is left to other handlers. */
export const RUNNER_PATH = '/__runner';
export const PROTOCOL_VERSION = 1;

export type FileTree = Record<string, string>;
export type RunCommand = 'node' | 'test';

export interface RunRequest {
  type: 'run';
  runId: string;
  files: FileTree;
  entry: string;
  command?: RunCommand;
  env?: Record<string, string>;
  /** Wall time for this run in ms, up to limits.maxRunWallTimeMs; defaults to limits.runWallTimeMs. */
  timeLimitMs?: number;
  /** Wire-view capture and network conditions (Node runs only). */
  wire?: WireRunOptions;
}

export interface TestRequest {
  type: 'test';
  runId: string;
  files: FileTree;
  testFiles: FileTree;
  env?: Record<string, string>;
}

export interface StdinRequest {
  type: 'stdin';
  runId: string;
  data: string;
  end?: boolean;
}

export interface StopRequest {
  type: 'stop';
  runId: string;
}

export type ClientMessage = RunRequest | TestRequest | StdinRequest | StopRequest;

/** Why a run ended. Every reason but 'exit' means the runner killed the whole process tree. */
export type ExitReason =
  | 'exit' // the entry process ended by itself (anything it left behind is killed)
  | 'stopped' // the browser sent `stop`
  | 'timeout' // wall-time limit
  | 'output-limit' // stdout + stderr limit
  | 'memory' // V8 heap limit or the tree's resident-memory limit
  | 'process-limit' // too many processes in the tree
  | 'disconnect'; // the browser's WebSocket closed, or the runner shut down

export interface ReadyMessage {
  type: 'ready';
  protocolVersion: typeof PROTOCOL_VERSION;
  /** The Node version runs use (process.version of the runner), for telling the learner what runs their code. */
  nodeVersion: string;
  limits: RunnerLimits;
}
export interface StartedMessage {
  type: 'started';
  runId: string;
  pid: number;
}
export interface OutputMessage {
  type: 'output';
  runId: string;
  stream: 'stdout' | 'stderr';
  data: string;
}
export interface PortMessage {
  type: 'port';
  runId: string;
  port: number;
  /**
   * Where the browser shows this server: a URL on the course's separate preview origin with a key
   * only this connection knows. Absent when the host serves no previews (a bare runner server).
   */
  previewUrl?: string;
}
export interface NoticeMessage {
  type: 'notice';
  runId: string;
  reason: Exclude<ExitReason, 'exit' | 'stopped' | 'disconnect'>;
  message: string;
}
export interface TestCaseResult {
  file: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'todo';
  failureMessages: string[];
}
export interface TestResultMessage {
  type: 'test-result';
  runId: string;
  success: boolean;
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  tests: TestCaseResult[];
}
export interface WireMessage {
  type: 'wire';
  runId: string;
  events: WireEvent[];
}
export interface ExitMessage {
  type: 'exit';
  runId: string;
  code: number | null;
  signal: string | null;
  reason: ExitReason;
  durationMs: number;
}

/** Stable error codes; the browser may branch on them, so they never change meaning. */
export const ERROR_CODES = [
  'E_BAD_JSON', // the text frame is not JSON
  'E_BINARY_MESSAGE', // a binary frame arrived
  'E_MESSAGE_TOO_LARGE', // the frame is over limits.maxMessageBytes
  'E_BAD_MESSAGE', // a field is missing, unknown or of the wrong type
  'E_UNKNOWN_TYPE', // `type` is not run, test, stdin or stop
  'E_BAD_FILE_NAME', // a file name could escape the sandbox folder or clashes with another
  'E_FILES_TOO_LARGE', // too many files, or a file or all files too big
  'E_BAD_ENTRY', // `entry` is not among the files or cannot be run
  'E_BAD_ENV', // an environment variable name or value is refused
  'E_DUPLICATE_RUN_ID', // a run with this id is still going on this connection
  'E_UNKNOWN_RUN', // stdin/stop for a run that is not going (never started, or already ended)
  'E_STDIN_CLOSED', // stdin after `end: true`
  'E_TOO_MANY_RUNS', // limits.maxRunsPerConnection reached
  'E_RUNNER_BUSY', // limits.maxRunsGlobal (or maxLongRunsGlobal for long runs) reached
  'E_TOO_MANY_LONG_RUNS', // limits.maxLongRunsPerConnection reached (runs with a timeLimitMs above limits.longRunMs)
  'E_STDIN_FULL', // the program has left more than limits.stdinBufferBytes of input unread; this input was dropped
  'E_RUN_FILES', // the run's files could not be removed because of what the program did to them; precedes `exit`
  'E_START_FAILED', // the folder could not be written or the process could not be spawned
  'E_RUNNER_CLOSING', // the runner is shutting down
  'E_INTERNAL', // a bug in the runner; the message says what failed
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  runId?: string;
}

export type ServerMessage =
  | ReadyMessage
  | StartedMessage
  | OutputMessage
  | PortMessage
  | NoticeMessage
  | TestResultMessage
  | WireMessage
  | ExitMessage
  | ErrorMessage;

export function errorMessage(code: ErrorCode, message: string, runId?: string): ErrorMessage {
  return runId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, runId };
}

// The validation of browser messages lives in its own module; re-exported so callers keep one import.
export * from './protocol-validation.ts';

/**
 * The browser's side of the runner protocol (src/runner/protocol.ts), in one place: checking what the
 * runner sends before anything trusts it, and turning runner results into the runtime-neutral shapes
 * of runtime.ts. If the protocol changes, this module is the one to follow it.
 */
import type {
  ClientMessage,
  ExitMessage,
  ServerMessage,
  TestCaseResult,
  TestResultMessage,
} from '../runner/protocol.ts';
import { sandboxString } from './runtime-strings.ts';
import { buildTestReport } from './test-report.ts';
import type { ExitInfo, TestReport } from './runtime.ts';
import type { WireRunOptions } from '../wire/trace-events.ts';

export type { ClientMessage, ServerMessage } from '../runner/protocol.ts';

/** The protocol version this page speaks (`ready.protocolVersion`); see src/runner/protocol.ts. */
export const EXPECTED_PROTOCOL_VERSION = 1;

/** Messages that belong to one run. */
export type RunMessage = Exclude<ServerMessage, { type: 'ready' }> & { runId: string };

type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'number|null' | 'string|null' | 'string?';

/** The fields each runner message must carry, by type (protocol.ts, "Runner → browser"). */
const SHAPES: Record<ServerMessage['type'], Record<string, FieldKind>> = {
  ready: { protocolVersion: 'number', limits: 'object' },
  started: { runId: 'string', pid: 'number' },
  output: { runId: 'string', stream: 'string', data: 'string' },
  port: { runId: 'string', port: 'number', previewUrl: 'string?' },
  notice: { runId: 'string', reason: 'string', message: 'string' },
  'test-result': {
    runId: 'string',
    success: 'boolean',
    passed: 'number',
    failed: 'number',
    skipped: 'number',
    total: 'number',
    tests: 'array',
  },
  wire: { runId: 'string', events: 'array' },
  exit: { runId: 'string', code: 'number|null', signal: 'string|null', reason: 'string', durationMs: 'number' },
  error: { code: 'string', message: 'string', runId: 'string?' },
};

const TEST_STATUSES: readonly string[] = ['passed', 'failed', 'skipped', 'todo'];

export type ParsedServerMessage = { ok: true; message: ServerMessage } | { ok: false; problem: string };

/** Checks one text frame from the runner; `problem` says what is wrong in words for the error message. */
export function parseServerMessage(data: unknown): ParsedServerMessage {
  if (typeof data !== 'string') return { ok: false, problem: 'a binary frame instead of JSON text' };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, problem: `text that is not JSON (${JSON.stringify(data.slice(0, 60))})` };
  }
  if (!isRecord(value)) return { ok: false, problem: 'JSON that is not an object' };
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) {
    return { ok: false, problem: `a message of unknown type ${JSON.stringify(type)}` };
  }
  const shape = SHAPES[type as ServerMessage['type']];
  for (const [field, kind] of Object.entries(shape)) {
    if (!fits(value[field], kind)) {
      return { ok: false, problem: `${article(type)} "${type}" message whose field "${field}" is not ${kindName(kind)}` };
    }
  }
  if (type === 'output' && value.stream !== 'stdout' && value.stream !== 'stderr') {
    return { ok: false, problem: 'an "output" message whose field "stream" is neither "stdout" nor "stderr"' };
  }
  if (type === 'test-result') {
    const bad = (value.tests as unknown[]).findIndex((test) => !isTestCase(test));
    if (bad >= 0) return { ok: false, problem: `a "test-result" message whose test number ${bad + 1} is malformed` };
  }
  return { ok: true, message: value as unknown as ServerMessage };
}

function isTestCase(value: unknown): value is TestCaseResult {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.status === 'string' &&
    TEST_STATUSES.includes(value.status) &&
    Array.isArray(value.failureMessages) &&
    value.failureMessages.every((message) => typeof message === 'string')
  );
}

function fits(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'number|null':
      return value === null || (typeof value === 'number' && Number.isFinite(value));
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'string?':
      return value === undefined || typeof value === 'string';
  }
}

function kindName(kind: FieldKind): string {
  const names: Record<FieldKind, string> = {
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
    'number|null': 'a number or null',
    'string|null': 'a string or null',
    'string?': 'a string (or absent)',
  };
  return names[kind];
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The runner's exit message as the runtime's ExitInfo (same fields; `reason` keeps the runner's word). */
export function exitInfoFrom(message: ExitMessage): ExitInfo {
  return { code: message.code, signal: message.signal, reason: message.reason, durationMs: message.durationMs };
}

/**
 * A test run's outcome. `result` is missing when vitest wrote no report (it crashed, or the run was
 * stopped by a limit); the notices then say why and the output tail shows vitest's last words.
 */
export function testReportFrom(
  result: TestResultMessage | undefined,
  exit: ExitMessage,
  output: string,
  notices: readonly string[],
): TestReport {
  const tests = (result?.tests ?? []).map((test) => {
    const name = test.name === '(the file could not be run)' ? `${test.file}: ${sandboxString('test.fileFailed')}` : test.name;
    const message = test.failureMessages[0];
    return message === undefined ? { name, status: test.status } : { name, status: test.status, message };
  });
  return buildTestReport({
    tests,
    ...(result ? { passed: result.passed, failed: result.failed, total: result.total } : {}),
    toolSuccess: result?.success === true && exit.reason === 'exit',
    output,
    notes: [...notices],
    durationMs: exit.durationMs,
  });
}

/** Builds a `run` message; the runner copies `files` into a fresh folder for every run. */
export function runMessage(
  runId: string,
  files: Record<string, string>,
  entry: string,
  env?: Record<string, string>,
  timeLimitMs?: number,
  wire?: WireRunOptions,
): ClientMessage {
  return {
    type: 'run',
    runId,
    files,
    entry,
    ...(env === undefined ? {} : { env }),
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
    ...(wire?.capture ? { wire } : {}),
  };
}

export function testMessage(runId: string, files: Record<string, string>, testFiles: Record<string, string>, env?: Record<string, string>): ClientMessage {
  return { type: 'test', runId, files, testFiles, ...(env === undefined ? {} : { env }) };
}

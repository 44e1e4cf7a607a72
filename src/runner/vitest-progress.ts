/**
 * Per-test progress of a vitest run, written as each test starts and ends, so that a run the runner
 * kills at its wall-time limit still says which tests passed and which one hung. vitest's JSON report
 * is written only when the run ends by itself; this reporter appends one JSON line per event with
 * appendFileSync, so every line is on disk before the next test starts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ExitReason, TestCaseResult, TestResultMessage } from './protocol.ts';
import { readVitestReport } from './vitest-command.ts';

const MAX_PROGRESS_BYTES = 4 * 1024 * 1024;
const MAX_MESSAGE_CHARS = 4000;

/** The reporter module vitest loads (reporter API: onTestCaseReady / onTestCaseResult, vitest ≥ 3). */
export function progressReporterSource(progressPath: string): string {
  return `import { appendFileSync } from 'node:fs';
const path = ${JSON.stringify(progressPath)};
function write(record) {
  try { appendFileSync(path, JSON.stringify(record) + '\\n'); } catch {}
}
export default class ProgressReporter {
  onTestCaseReady(test) {
    write({ event: 'start', file: test.module.moduleId, name: test.fullName });
  }
  onTestCaseResult(test) {
    const result = test.result();
    const error = result.errors && result.errors[0];
    write({ event: 'end', file: test.module.moduleId, name: test.fullName, state: result.state, message: error ? String(error.message ?? error) : undefined });
  }
}
`;
}

export async function writeProgressReporter(reporterPath: string, progressPath: string): Promise<void> {
  await writeFile(reporterPath, progressReporterSource(progressPath), { flag: 'wx' });
}

interface ProgressRecord {
  event?: unknown;
  file?: unknown;
  name?: unknown;
  state?: unknown;
  message?: unknown;
}

/**
 * The `test-result` for a run stopped at its time limit: every test that ended, plus the test (or
 * tests) that started and never ended, as failed with a sentence that names them. Undefined when no
 * test had even started (vitest was still starting, or a spec file never loaded).
 */
export function partialResultFromProgress(
  progress: string,
  workDir: string,
  wallTimeMs: number,
): Omit<TestResultMessage, 'type' | 'runId'> | undefined {
  const ended = new Map<string, TestCaseResult>();
  const started = new Map<string, { file: string; name: string }>();
  for (const line of progress.split('\n')) {
    if (line.trim() === '') continue;
    let record: ProgressRecord;
    try {
      record = JSON.parse(line) as ProgressRecord;
    } catch {
      continue; // the last line may be cut by the kill
    }
    if (typeof record.file !== 'string' || typeof record.name !== 'string') continue;
    const file = relative(workDir, record.file);
    const key = `${file}\u0000${record.name}`;
    if (record.event === 'start') started.set(key, { file, name: record.name });
    else if (record.event === 'end') {
      const status = record.state === 'passed' || record.state === 'failed' ? record.state : 'skipped';
      const message = typeof record.message === 'string' ? record.message.slice(0, MAX_MESSAGE_CHARS) : undefined;
      ended.set(key, { file, name: record.name, status, failureMessages: message && status === 'failed' ? [message] : [] });
    }
  }
  const tests = [...ended.values()];
  const passedBefore = tests.filter((test) => test.status === 'passed').length;
  const hung = [...started].filter(([key]) => !ended.has(key)).map(([, test]) => test);
  if (tests.length === 0 && hung.length === 0) return undefined;
  for (const test of hung) {
    tests.push({ file: test.file, name: test.name, status: 'failed', failureMessages: [hungMessage(test, passedBefore, wallTimeMs)] });
  }
  const passed = tests.filter((test) => test.status === 'passed').length;
  const failed = tests.filter((test) => test.status === 'failed').length;
  return { success: false, passed, failed, skipped: tests.length - passed - failed, total: tests.length, tests };
}

export function hungMessage(test: { file: string; name: string }, passedBefore: number, wallTimeMs: number): string {
  const before = passedBefore === 1 ? '1 test passed' : `${passedBefore} tests passed`;
  return (
    `This test hung: "${test.name}" in ${test.file} was still running when the check was stopped after ${wallTimeMs / 1000} s ` +
    `(${before} before it). Look for a promise that never settles, an awaited event that never comes, a server or ` +
    'socket that is never closed, or an endless loop.'
  );
}

export async function readVitestProgress(
  progressPath: string,
  workDir: string,
  wallTimeMs: number,
): Promise<Omit<TestResultMessage, 'type' | 'runId'> | undefined> {
  try {
    const text = await readFile(progressPath, 'utf8');
    return partialResultFromProgress(text.slice(0, MAX_PROGRESS_BYTES), workDir, wallTimeMs);
  } catch {
    return undefined; // no test started: the notice and the output tail explain the end
  }
}

/**
 * What a test run reports: vitest's JSON report when the run ended by itself, the progress lines when
 * the runner stopped it at its time limit, nothing otherwise (the notice says why).
 */
export async function readTestOutcome(run: {
  reportPath: string;
  progressPath: string;
  workDir: string;
  endReason: ExitReason | undefined;
  exitCode: number | null;
  wallTimeMs: number;
}): Promise<Omit<TestResultMessage, 'type' | 'runId'> | undefined> {
  if (run.endReason === 'exit') {
    const result = await readVitestReport(run.reportPath, run.workDir);
    // vitest's report says success even when an unhandled error escaped the tests; only its exit code shows it.
    return result === undefined ? undefined : { ...result, success: result.success && run.exitCode === 0 };
  }
  if (run.endReason === 'timeout') return readVitestProgress(run.progressPath, run.workDir, run.wallTimeMs);
  return undefined;
}

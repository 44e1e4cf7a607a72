/**
 * Pure formatting of what the runtime reports (exit information, test reports) into the sentences and
 * states the sandbox shows. No DOM here, so every wording is unit-tested (tests/unit/sandbox-ui-output-format.test.ts).
 */
import type { ExitInfo, TestCaseReport, TestReport } from './runtime.ts';
import { currentUi, uiText, uiPlural, type SandboxUiTable } from './ui-strings.ts';
import { firstLocation, relativeToRun, type SourceLocation } from './stack-trace.ts';

export type Tone = 'ok' | 'bad' | 'notice';

/** "312 ms", "4.2 s", "12 s", "2 min 5 s": precise when short, readable when long. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** "10 s" for a whole number of seconds; the limits in sandbox.yaml are whole seconds. */
export function formatLimit(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export interface ExitContext {
  /**
   * The time limit the page enforced, in seconds, when it was the page's own timer that stopped the run.
   * When the runtime reports a timeout itself the limit is read off the duration, because the runtime
   * stops the program right at its limit.
   */
  timeLimitSeconds?: number;
}

export interface FormattedExit {
  text: string;
  tone: Tone;
}

/** One line for the end of a run, e.g. "Exited with code 0 in 312 ms" or "Stopped: time limit of 10 s reached". */
export function formatExit(info: ExitInfo, context: ExitContext = {}, table: SandboxUiTable = currentUi()): FormattedExit {
  const duration = formatDuration(info.durationMs);
  switch (info.reason) {
    case 'exit':
      if (info.code !== null) return { text: uiText('exit.code', { code: info.code, duration }, table), tone: info.code === 0 ? 'ok' : 'bad' };
      return { text: uiText('exit.signal', { signal: info.signal ?? 'unknown', duration }, table), tone: 'bad' };
    case 'stopped':
      return { text: uiText('exit.stopped', { duration }, table), tone: 'notice' };
    case 'timeout': {
      const seconds = context.timeLimitSeconds ?? Math.max(1, Math.round(info.durationMs / 1000));
      return { text: uiText('exit.timeout', { limit: formatLimit(seconds) }, table), tone: 'notice' };
    }
    case 'output-limit':
      return { text: uiText('exit.outputLimit', {}, table), tone: 'notice' };
    case 'memory':
      return { text: uiText('exit.memory', {}, table), tone: 'notice' };
    case 'process-limit':
      return { text: uiText('exit.processLimit', {}, table), tone: 'notice' };
    case 'disconnect':
      return { text: uiText('exit.disconnect', {}, table), tone: 'bad' };
    default:
      return { text: uiText('exit.other', { reason: info.reason, duration }, table), tone: 'notice' };
  }
}

/** Removes ANSI colour and cursor sequences (ECMA-48 §5.4 CSI) that test tools print for terminals. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');
}

/**
 * Drops V8 stack frames (`    at fn (file:line:col)`, https://v8.dev/docs/stack-trace-api) from a
 * failure message: they point into temporary folders and test internals, not at anything the learner
 * wrote, while the assertion text above them says what went wrong.
 */
export function withoutStackFrames(message: string): string {
  const lines = message.split('\n');
  const kept = lines.filter((line) => !/^\s+at\s\S/.test(line));
  return kept.some((line) => line.trim() !== '') ? kept.join('\n') : message;
}

export interface TrimOptions {
  maxLines?: number;
  maxChars?: number;
}

/**
 * Shortens long text for display, keeping the start (where the assertion message is) and the end (where
 * the failing line usually is), and says how much was left out so nobody mistakes it for the whole text.
 */
export function trimForDisplay(text: string, { maxLines = 24, maxChars = 4000 }: TrimOptions = {}): string {
  const clean = stripAnsi(text).replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  const lines = clean.split('\n');
  let shown = clean;
  if (lines.length > maxLines) {
    const head = Math.ceil((maxLines * 2) / 3);
    const tail = maxLines - head;
    const omitted = lines.length - head - tail;
    shown = [...lines.slice(0, head), `… ${omitted} more lines …`, ...lines.slice(lines.length - tail)].join('\n');
  }
  if (shown.length > maxChars) {
    const omitted = shown.length - maxChars;
    shown = `${shown.slice(0, maxChars)}\n… ${omitted} more characters …`;
  }
  return shown;
}

export interface TestItemView {
  name: string;
  status: TestCaseReport['status'];
  /** The word shown next to the name: "passed", "failed", … */
  statusLabel: string;
  message?: string;
  /** The first place in the learner's own files the failure passed through, for a link to the editor. */
  location?: SourceLocation;
}

export interface TestReportView {
  summary: string;
  tone: Tone;
  /** True when every test passed and at least one ran: the exercise is complete. */
  complete: boolean;
  items: TestItemView[];
  /** Trimmed tool output, shown when it explains something the list cannot (nothing ran, or a failure). */
  output?: string;
  duration: string;
}

const STATUS_KEYS = { passed: 'check.passed', failed: 'check.failed', skipped: 'check.skipped', todo: 'check.todo' } as const;

/**
 * Turns a test report into the ordered list and the one-sentence summary the page announces.
 * `isLearnerFile` says which paths are the learner's (not the tests'): a failure passing through one gets its location.
 */
export function formatTestReport(report: TestReport, table: SandboxUiTable = currentUi(), isLearnerFile: (path: string) => boolean = () => false): TestReportView {
  const items = report.tests.map<TestItemView>((test) => {
    const location = test.message ? firstLocation(relativeToRun(stripAnsi(test.message)), isLearnerFile) : undefined;
    return {
      name: test.name,
      status: test.status,
      statusLabel: uiText(STATUS_KEYS[test.status], {}, table),
      ...(test.message ? { message: trimForDisplay(withoutStackFrames(stripAnsi(test.message)), { maxLines: 16, maxChars: 2000 }) } : {}),
      ...(location ? { location } : {}),
    };
  });
  const output = report.output.trim() ? trimForDisplay(report.output) : undefined;
  const duration = formatDuration(report.durationMs);
  if (report.total === 0) {
    return { summary: uiText('check.summary.noTests', {}, table), tone: 'bad', complete: false, items, output, duration };
  }
  const complete = report.success && report.failed === 0 && report.passed > 0;
  const values = { passed: report.passed, failed: report.failed, total: report.total };
  const summary = complete
    ? uiPlural('check.summary.allPassed', report.total, values, table)
    : report.failed > 0
      ? uiPlural('check.summary.someFailed', report.total, values, table)
      : // No test failed, yet the run did not succeed: a spec file crashed or the run was stopped.
        uiPlural('check.summary.unfinished', report.total, values, table);
  // Tool output only helps when something went wrong; on success it is noise.
  return { summary, tone: complete ? 'ok' : 'bad', complete, items, ...(complete ? {} : { output }), duration };
}

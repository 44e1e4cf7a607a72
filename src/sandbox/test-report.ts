/**
 * Builds the runtime-neutral TestReport both backends return: the local runner's `test-result`
 * message and vitest's JSON file (WebContainers) both end up here, so the page sees one shape and one
 * trimming policy whichever backend ran the specs.
 */
import { sandboxString } from './runtime-strings.ts';
import { cleanTrace } from './stack-trace.ts';
import type { TestCaseReport, TestReport } from './runtime.ts';

/** Enough for an assertion message, its diff and the failing line; the page shows a list of these. */
export const FAILURE_MESSAGE_CHARS = 600;
/** The end of the tool's output is where vitest prints why nothing ran (syntax error, missing import). */
export const OUTPUT_TAIL_CHARS = 3000;

// ECMA-48 §5.4 CSI sequences (colours, cursor moves) that test tools print for terminals.
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

/**
 * The start of a failure message (assertion and diff come first), cut at a line end when one is near.
 * Runner paths and frames inside Node, packages and the runner go first, so the learner's frames (file
 * and line) survive the cut.
 */
export function trimFailureMessage(message: string, maxChars = FAILURE_MESSAGE_CHARS): string {
  const clean = cleanTrace(stripAnsi(message), {}).text.trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, maxChars);
  const lineEnd = cut.lastIndexOf('\n');
  return `${lineEnd > maxChars * 0.6 ? cut.slice(0, lineEnd) : cut}…`;
}

/** The end of some output, starting at a line start when one is near, marked as cut. */
export function outputTail(output: string, maxChars = OUTPUT_TAIL_CHARS): string {
  const clean = stripAnsi(output).replace(/\r\n?/g, '\n').trim();
  if (clean.length <= maxChars) return clean;
  const tail = clean.slice(-maxChars);
  const lineStart = tail.indexOf('\n');
  return `…${lineStart >= 0 && lineStart < maxChars * 0.4 ? tail.slice(lineStart) : `\n${tail}`}`;
}

/**
 * Keeps the last characters of a growing text without holding all of it: output can reach the
 * runner's limit (1 MiB) and only the end is ever shown.
 */
export class TailBuffer {
  private text = '';
  private readonly keep: number;
  constructor(keep = OUTPUT_TAIL_CHARS * 2) {
    this.keep = keep;
  }
  append(data: string): void {
    this.text += data;
    if (this.text.length > this.keep * 2) this.text = this.text.slice(-this.keep);
  }
  toString(): string {
    return this.text;
  }
}

export interface ReportParts {
  tests: TestCaseReport[];
  /** Counts from the tool when it gave them; otherwise counted from `tests`. */
  passed?: number;
  failed?: number;
  total?: number;
  /** The tool's own verdict; a report is only a success when the tool says so and nothing failed. */
  toolSuccess: boolean;
  /** Everything the run printed (and any notices); only its tail is kept, and only if no test ran. */
  output: string;
  /** Extra sentences that explain an early end (a time limit, no report), always kept. */
  notes?: string[];
  durationMs: number;
}

export function buildTestReport(parts: ReportParts): TestReport {
  const tests = parts.tests.map((test) => (test.message === undefined ? test : { ...test, message: trimFailureMessage(test.message) }));
  const passed = parts.passed ?? tests.filter((test) => test.status === 'passed').length;
  const failed = Math.max(parts.failed ?? 0, tests.filter((test) => test.status === 'failed').length);
  const total = Math.max(parts.total ?? 0, tests.length);
  const ranNothing = total === 0 || tests.every((test) => test.status !== 'passed' && test.status !== 'failed');
  const notes = parts.notes ?? [];
  // With results the list explains itself; without, the tool's last words are the only clue.
  let output = ranNothing ? outputTail(parts.output) : '';
  if (ranNothing && output === '' && notes.length === 0) output = sandboxString('test.nothingPrinted');
  return {
    success: parts.toolSuccess && failed === 0 && total > 0,
    passed,
    failed,
    total,
    tests,
    output: [...notes, output].filter((part) => part !== '').join('\n'),
    durationMs: Math.round(parts.durationMs),
  };
}

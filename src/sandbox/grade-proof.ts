/**
 * The grading proof behind `npm run check -- --grade` and `npm run check:sandboxes`: through the course's
 * own local runner and browser-side runtime (exactly as a learner's "Check my work"), every graded
 * exercise's solution passes all its tests, its untouched starter fails at least one, each run stays within
 * limits.testSeconds, and every kept mistake fails at least one test in each of MISTAKE_RUNS runs.
 * What fails is returned in the project's one problem shape (src/content/problems.ts).
 */
import { WebSocket } from 'ws';
import type { ContentProblem } from '../content/problems.ts';
import { startRunnerServer } from '../runner/index.ts';
import { gradeMistake, inPool, isCaught, killRatio, MIN_MISTAKES, verdictOf } from './grade-mistakes.ts';
import { islandDataFor } from './island-data.ts';
import type { Sandbox } from './load-sandboxes.ts';
import { createLocalRuntime } from './local-runtime.ts';
import type { SandboxRuntime } from './runtime.ts';

/** The Origin the runner sees: a course page on the default port. */
const PAGE_ORIGIN = 'http://localhost:4321';
/** Each mistake is graded this often; all runs must catch it, so a verdict that depends on timing shows up. */
export const MISTAKE_RUNS = 2;

export interface PassResult {
  sandbox: Sandbox;
  pass: 'solution' | 'starter';
  passed: number;
  total: number;
  /** The runner's verdict: false also for errors outside tests (unhandled rejections, files that fail to load). */
  success: boolean;
  ms: number;
  failures: string[];
  output: string;
}

export interface MistakeRow {
  sandbox: Sandbox;
  ratio: string;
  slowestMs: number;
}

export interface GradeProof {
  problems: ContentProblem[];
  passes: PassResult[];
  mistakes: MistakeRow[];
  mistakesMs: number;
}

class PageWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: PAGE_ORIGIN });
  }
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
}

/** The part of vitest's console output about unhandled errors, or its tail when there is no such part. */
function errorsOutsideTests(output: string): string {
  if (output.trim() === '') return 'vitest exited with an error although every test passed; run the tests in the sandbox page or with vitest to see the unhandled error.';
  const start = output.search(/Unhandled (Errors?|Rejection)/);
  return (start >= 0 ? output.slice(start) : output.slice(-3000)).slice(0, 3000);
}

async function gradePass(runtime: SandboxRuntime, sandbox: Sandbox, pass: PassResult['pass'], root: string): Promise<PassResult> {
  const data = islandDataFor(sandbox, '', { root, base: '/' });
  await runtime.mount(pass === 'solution' ? data.solution : data.starter);
  const report = await runtime.test(data.tests);
  return {
    sandbox,
    pass,
    passed: report.passed,
    total: report.total,
    success: report.success,
    ms: report.durationMs,
    failures: report.tests.filter((test) => test.status === 'failed').map((test) => `${test.name}: ${(test.message ?? '').split('\n')[0]}`),
    output: report.output,
  };
}

function passProblems(result: PassResult): ContentProblem[] {
  const { sandbox, pass } = result;
  const limit = sandbox.config.limits.testSeconds;
  const at = (message: string, fix: string, folder: string = pass): ContentProblem => ({ severity: 'error', file: `sandboxes/${sandbox.id}/${folder}/`, message, fix });
  const problems: ContentProblem[] = [];
  if (result.ms > limit * 1000) {
    problems.push({ severity: 'error', file: sandbox.file, field: 'limits.testSeconds', message: `The ${pass}'s test run took ${result.ms} ms, more than limits.testSeconds (${limit} s).`, fix: 'Make the slow tests faster (fail fast on a starter, no fixed waits), or raise limits.testSeconds.' });
  }
  if (result.total === 0) {
    problems.push(at(`vitest ran no tests at all on the ${pass}. The runner's report:\n${indent(result.output.slice(-3000))}`, 'Make sure the specs end in .test.ts and load (a spec that throws while importing runs no tests).', 'tests'));
    return problems;
  }
  if (pass === 'solution' && (result.passed !== result.total || !result.success)) {
    problems.push(
      result.passed === result.total
        ? at(`The solution passes all ${result.total} tests, but vitest reported errors outside them (an unhandled rejection or exception, or a spec that could not load):\n${indent(errorsOutsideTests(result.output))}`, 'A sound solution leaves none: close servers and sockets, await what it starts, and handle every rejection.')
        : at(`The solution must pass every test, but only ${result.passed} of ${result.total} passed:\n${result.failures.map((failure) => `  - ${failure}`).join('\n') || indent(result.output.slice(-3000))}`, 'Fix the solution (or the test, if the test is what is wrong); the learner is graded by the same tests.'),
    );
  }
  // Strict on purpose: an error outside the tests is not a task left for the learner, a failing test is.
  if (pass === 'starter' && result.passed === result.total) {
    problems.push(at(`The untouched starter passes all ${result.total} tests, so the exercise has nothing left to do.`, 'Leave the task undone in starter/ (TODO comments), or add a test the starter fails.'));
  }
  return problems;
}

async function mistakeProblems(sandboxes: readonly Sandbox[], pool: readonly SandboxRuntime[], root: string): Promise<{ problems: ContentProblem[]; rows: MistakeRow[] }> {
  const jobs = sandboxes.flatMap((sandbox) => sandbox.mistakes.flatMap((mistake) => Array.from({ length: MISTAKE_RUNS }, () => ({ sandbox, mistake }))));
  const runs = await inPool(jobs, pool, async ({ sandbox, mistake }, runtime) => ({ sandbox, mistake, report: await gradeMistake(runtime, sandbox, mistake, root) }));
  const problems: ContentProblem[] = [];
  const rows: MistakeRow[] = [];
  for (const sandbox of sandboxes) {
    const own = runs.filter((run) => run.sandbox === sandbox);
    const escaped = sandbox.mistakes.filter((mistake) => own.some((run) => run.mistake === mistake && !isCaught(run.report)));
    rows.push({ sandbox, ratio: killRatio(sandbox.mistakes.length - escaped.length, sandbox.mistakes.length).text, slowestMs: Math.max(0, ...own.map((run) => run.report.durationMs)) });
    if (sandbox.mistakes.length < MIN_MISTAKES) {
      problems.push({
        severity: 'error',
        file: `sandboxes/${sandbox.id}/mistakes/`,
        message: `The exercise keeps ${sandbox.mistakes.length} plausible wrong solution${sandbox.mistakes.length === 1 ? '' : 's'}, but a grader is proven by at least ${MIN_MISTAKES}.`,
        fix: `Add sandboxes/${sandbox.id}/mistakes/<kebab-name>/mistake.yaml (description: the mistake as a learner makes it) with the wrong files beside it.`,
      });
    }
    for (const mistake of escaped) {
      const missed = own.filter((run) => run.mistake === mistake && !isCaught(run.report));
      const passes = missed.filter((run) => verdictOf(run.report) === 'escaped').length;
      problems.push(
        passes > 0
          ? { severity: 'error', file: mistake.file, message: `The mistake "${mistake.description}" passed every test in ${passes} of ${MISTAKE_RUNS} runs, so a learner who makes it is told the exercise is done.`, fix: 'Add a test that fails on it with a message that teaches the fix.' }
          : { severity: 'error', file: mistake.file, message: `The mistake could not be graded: its run did not complete (${missed[0]!.report.passed} of ${missed[0]!.report.total} tests passed, none failed). The runner's report:\n${indent(missed[0]!.report.output.slice(-1500))}`, fix: 'Make the tests fail fast on it instead of waiting out the time limit.' },
      );
    }
  }
  return { problems, rows };
}

/** Grades every graded sandbox in `sandboxes` (run-only demos are skipped); `jobs` mistakes at once. */
export async function proveExercises(sandboxes: readonly Sandbox[], { root, jobs = 2, withMistakes = true }: { root: string; jobs?: number; withMistakes?: boolean }): Promise<GradeProof> {
  const graded = sandboxes.filter((sandbox) => sandbox.config.graded);
  const proof: GradeProof = { problems: [], passes: [], mistakes: [], mistakesMs: 0 };
  if (graded.length === 0) return proof;
  const server = await startRunnerServer({ allowedOrigins: [PAGE_ORIGIN], log: () => {} });
  const newRuntime = (): SandboxRuntime => createLocalRuntime({ url: `ws://127.0.0.1:${server.port}/__runner`, token: server.runner.token, WebSocketImpl: PageWebSocket });
  const pool = Array.from({ length: Math.max(1, jobs) }, newRuntime);
  try {
    for (const sandbox of graded) {
      for (const pass of ['solution', 'starter'] as const) {
        const result = await gradePass(pool[0]!, sandbox, pass, root);
        proof.passes.push(result);
        proof.problems.push(...passProblems(result));
      }
    }
    if (withMistakes) {
      const started = performance.now();
      const { problems, rows } = await mistakeProblems(graded, pool, root);
      proof.mistakesMs = Math.round(performance.now() - started);
      proof.problems.push(...problems);
      proof.mistakes = rows;
    }
    return proof;
  } finally {
    for (const member of pool) await member.teardown();
    await server.close();
  }
}

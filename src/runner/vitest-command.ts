/**
 * How the runner runs vitest specs against a learner's files, and how it reads the outcome.
 *
 * vitest runs from the project's node_modules (through the workspace's link) with a config the runner
 * writes into its private folder: exactly the requested spec files, worker threads (not forked
 * processes, so the process limit counts only what the learner's code spawns) and every cache inside the
 * run's folder, so nothing is written into the project.
 */
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TestCaseResult, TestResultMessage } from './protocol.ts';
import { writeProgressReporter } from './vitest-progress.ts';
import type { Workspace } from './workspace.ts';
import { STREAM_REPORTER_FILE, STREAM_REPORTER_SOURCE } from './vitest-stream-reporter.ts';

const MAX_REPORT_BYTES = 4 * 1024 * 1024;
const MAX_REPORTED_TESTS = 500;
const MAX_FAILURE_MESSAGE_LENGTH = 4000;

export interface VitestCommand {
  args: string[];
  reportPath: string;
  /** Per-test progress lines (vitest-progress.ts): what survives when the run is killed. */
  progressPath: string;
}

/**
 * What a run that stops at its first failure also needs: test.concurrent tests one at a time. When a bail
 * cancels a run with concurrent tests in flight, vitest 5.1.1 can report the test that failed as skipped
 * (grpc-price-feed's starter: 0 failed of 10 in 3 runs out of 4), which would turn "this wrong solution
 * fails" into "nothing failed". Used by the runner's config and by the WebContainer layout test's CLI.
 */
export const BAILING_TEST_OPTIONS = { maxConcurrency: 1, maxWorkers: 1 } as const;

/**
 * Spec files a grading runs at once. Most of a Check is waiting on sockets and timers inside each file,
 * so two files side by side finish sooner for the same CPU time (webrtc-signaling 3.0 → 2.2 s, ws-chat
 * 2.6-2.9 → 1.9-2.0 s on 2 cores, vitest 5.1.1). Not more: every worker is another copy of the module
 * graph in memory, and the exercises have at most three spec files. A bailing run (mutation testing)
 * stays at one file at a time (BAILING_TEST_OPTIONS).
 */
export const SPEC_FILES_AT_ONCE = 2;

export function vitestEntryPoint(nodeModulesDir: string | undefined): string | undefined {
  if (nodeModulesDir === undefined) return undefined;
  const entry = join(nodeModulesDir, 'vitest', 'vitest.mjs');
  return existsSync(entry) ? entry : undefined;
}

/** Writes the config and returns the arguments for `node <args>`. */
export async function prepareVitest(
  workspace: Workspace,
  vitestEntry: string,
  specFiles: readonly string[],
): Promise<VitestCommand> {
  const configPath = join(workspace.privateDir, 'vitest.config.mjs');
  const reportPath = join(workspace.privateDir, 'report.json');
  const config = {
    cacheDir: join(workspace.privateDir, 'vite-cache'),
    test: {
      include: specFiles.map(escapeGlob),
      pool: 'threads',
      maxWorkers: Math.max(1, Math.min(specFiles.length, SPEC_FILES_AT_ONCE)),
      watch: false,
      fsModuleCache: false,
      // vitest's own per-test timeouts (5 s) stay: a hanging test then fails with a report, instead
      // of the whole run hitting the runner's wall-time limit and reporting nothing.
    },
  };
  // COURSE_TEST_BAIL=<n> (the request's env) stops the run after n failed tests: mutation testing only needs
  // to know that a wrong solution fails something (src/sandbox/grade-mistakes.ts), not everything it fails.
  // With BAILING_TEST_OPTIONS, so the failure that stops it is reported.
  const text = `const config = ${JSON.stringify(config, null, 2)};\nconst bail = Number(process.env.COURSE_TEST_BAIL);\nif (Number.isInteger(bail) && bail > 0) Object.assign(config.test, ${JSON.stringify(BAILING_TEST_OPTIONS)}, { bail });\nexport default config;\n`;
  await writeFile(configPath, text, { flag: 'wx' });
  const progressPath = join(workspace.privateDir, 'progress.ndjson');
  const reporterPath = join(workspace.privateDir, 'progress-reporter.mjs');
  await writeProgressReporter(reporterPath, progressPath);
  // Streams each finished test to the page as it ends (vitest-stream-reporter.ts).
  const streamReporterPath = join(workspace.privateDir, STREAM_REPORTER_FILE);
  await writeFile(streamReporterPath, STREAM_REPORTER_SOURCE, { flag: 'wx' });
  return {
    args: [
      vitestEntry,
      'run',
      '--root',
      workspace.workDir,
      '--config',
      configPath,
      '--reporter=default',
      '--reporter=json',
      `--reporter=${streamReporterPath}`,
      `--outputFile.json=${reportPath}`,
      `--reporter=${reporterPath}`,
    ],
    reportPath,
    progressPath,
  };
}

/** File names are matched as globs by vitest; escape glob syntax so each name matches only itself. */
export function escapeGlob(name: string): string {
  return name.replace(/[*?[\]{}()!+@\\]/g, (character) => `\\${character}`);
}

/** The subset of vitest's JSON reporter output the runner reads (Jest-compatible format). */
interface VitestJsonReport {
  success?: boolean;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTests?: number;
  testResults?: Array<{
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: Array<{ fullName?: string; title?: string; status?: string; failureMessages?: string[] }>;
  }>;
}

/** Turns the JSON report into a `test-result` message body, or undefined when vitest wrote none. */
export async function readVitestReport(
  reportPath: string,
  workDir: string,
): Promise<Omit<TestResultMessage, 'type' | 'runId'> | undefined> {
  try {
    if ((await stat(reportPath)).size > MAX_REPORT_BYTES) return undefined;
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as VitestJsonReport;
    const tests: TestCaseResult[] = [];
    for (const file of report.testResults ?? []) {
      const fileName = relative(workDir, file.name ?? '');
      const cases = file.assertionResults ?? [];
      // A spec that fails to load (syntax error, missing import) has no cases, only a file-level message.
      if (cases.length === 0 && file.status === 'failed') {
        tests.push({
          file: fileName,
          name: '(the file could not be run)',
          status: 'failed',
          failureMessages: [clean(file.message ?? 'vitest gave no reason.')],
        });
      }
      for (const testCase of cases) {
        tests.push({
          file: fileName,
          name: testCase.fullName ?? testCase.title ?? '(unnamed test)',
          status: caseStatus(testCase.status),
          failureMessages: (testCase.failureMessages ?? []).map(clean),
        });
      }
    }
    const failed = (report.numFailedTests ?? 0) + tests.filter((test) => test.name === '(the file could not be run)').length;
    return {
      success: report.success === true && failed === 0,
      passed: report.numPassedTests ?? 0,
      failed,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
      total: report.numTotalTests ?? tests.length,
      tests: tests.slice(0, MAX_REPORTED_TESTS),
    };
  } catch {
    return undefined; // killed before writing, or a half-written file: the exit message says why
  }
}

function caseStatus(status: string | undefined): TestCaseResult['status'] {
  if (status === 'passed' || status === 'failed' || status === 'todo') return status;
  return 'skipped'; // 'pending', 'skipped' and anything newer
}

const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;

function clean(message: string): string {
  const plain = message.replace(ANSI_ESCAPE, '');
  return plain.length > MAX_FAILURE_MESSAGE_LENGTH ? `${plain.slice(0, MAX_FAILURE_MESSAGE_LENGTH)}…` : plain;
}

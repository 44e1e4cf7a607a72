/**
 * How the WebContainer backend runs a sandbox's vitest specs: the exact files it writes into the
 * sandbox's `.brr/` folder and the `node` command line, shared by the runtime and by the layout
 * simulation in tests/sandboxes/webcontainer-layout.test.ts, so the simulation runs what the browser runs.
 *
 * vitest runs as `node <root>/node_modules/vitest/vitest.mjs` (not `npx vitest`): then the process
 * WebContainers' kill() ends is vitest itself, whose test workers are threads of it. A small reporter
 * prints one line per finished test and appends it to a file, so results stream to the page and the
 * ones that finished survive a run stopped at the time limit.
 */
import { trimFailureMessage } from './test-report.ts';
import { testReportFromVitestJson } from './vitest-json-report.ts';
import type { TestCaseReport, TestReport } from './runtime.ts';

export const TEST_FOLDER = '.brr';
export const STREAM_FILE = `${TEST_FOLDER}/results.ndjson`;
export const REPORT_FILE = `${TEST_FOLDER}/report.json`;
const CONFIG_FILE = `${TEST_FOLDER}/vitest.config.mjs`;
const REPORTER_FILE = `${TEST_FOLDER}/stream-reporter.mjs`;

/** Printed before each streamed result line, so the runtime can find the lines in the terminal output. */
export const RESULT_LINE_PREFIX = '@@brr-test ';

/**
 * The source of a vitest reporter (the reporter API of vitest 3.0+, unchanged in 5): onTestCaseResult runs
 * as each test finishes and prints one prefixed JSON line to stdout, which both backends stream to the page.
 * With `alsoAppendTo`, each line is appended to that file too, so results outlive a run killed at its time
 * limit (WebContainers; the local runner streams its output as it comes).
 */
export function streamReporterSource(alsoAppendTo?: string): string {
  const append = alsoAppendTo ? `    appendFileSync(${JSON.stringify(alsoAppendTo)}, line + '\\n');\n` : '';
  return `${alsoAppendTo ? "import { appendFileSync } from 'node:fs';\n" : ''}export default class StreamReporter {
  onTestCaseResult(testCase) {
    const result = testCase.result();
    const line = JSON.stringify({
      name: testCase.fullName,
      status: result.state === 'pending' ? 'skipped' : result.state,
      message: result.errors?.[0]?.message ?? undefined,
    });
${append}    process.stdout.write(${JSON.stringify(RESULT_LINE_PREFIX)} + line + '\\n');
  }
}
`;
}

const STREAM_REPORTER = streamReporterSource(STREAM_FILE);

/** Spec files, as the local runner picks them (src/runner/protocol.ts); other test files are helpers. */
const SPEC_FILE = /\.(test|spec)\.[cm]?[jt]s$/;

/** Every file the test run needs in the sandbox folder besides the test files, by path relative to it. */
export function testRunFiles(testFiles: readonly string[]): Record<string, string> {
  const specs = testFiles.filter((path) => SPEC_FILE.test(path));
  const config = {
    cacheDir: `${TEST_FOLDER}/vite-cache`,
    test: {
      include: specs.map(escapeGlob),
      // One worker thread: threads die with the vitest process kill() ends; forks would outlive it.
      pool: 'threads',
      maxWorkers: 1,
      minWorkers: 1,
      watch: false,
    },
  };
  return {
    [CONFIG_FILE]: `export default ${JSON.stringify(config, null, 2)};\n`,
    [REPORTER_FILE]: STREAM_REPORTER,
  };
}

/** The arguments after `node <flags>`, run with the sandbox folder as cwd and the container root one level up. */
export function vitestArgs(vitestEntry: string): string[] {
  return [
    vitestEntry,
    'run',
    '--root',
    '.',
    '--config',
    CONFIG_FILE,
    `--reporter=./${REPORTER_FILE}`,
    '--reporter=json',
    `--outputFile.json=${REPORT_FILE}`,
  ];
}

/** Where vitest's entry is from a sandbox folder: the container root's node_modules. */
export const CONTAINER_VITEST_ENTRY = '../node_modules/vitest/vitest.mjs';

/** The environment of a test run: no colours, and CI so vitest never waits for a keypress. */
export const TEST_ENV: Readonly<Record<string, string>> = { NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };

/** Parses streamed result lines out of clean output text; other lines are returned as they are. */
export function splitResultLines(text: string): { results: TestCaseReport[]; rest: string } {
  const results: TestCaseReport[] = [];
  const rest: string[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(RESULT_LINE_PREFIX);
    const parsed = at === -1 ? undefined : parseResult(line.slice(at + RESULT_LINE_PREFIX.length));
    if (parsed) {
      results.push(parsed);
      if (at > 0) rest.push(line.slice(0, at));
    } else {
      rest.push(line);
    }
  }
  return { results, rest: rest.join('\n') };
}

/** Reads the results file of a run that was stopped before vitest wrote its report. */
export function resultsFromStreamFile(text: string): TestCaseReport[] {
  return text.split('\n').flatMap((line) => {
    const parsed = parseResult(line);
    return parsed ? [parsed] : [];
  });
}

function parseResult(json: string): TestCaseReport | undefined {
  try {
    const value = JSON.parse(json) as { name?: unknown; status?: unknown; message?: unknown };
    if (typeof value.name !== 'string') return undefined;
    const status = value.status === 'passed' || value.status === 'failed' || value.status === 'todo' ? value.status : 'skipped';
    return typeof value.message === 'string'
      ? { name: value.name, status, message: trimFailureMessage(value.message) }
      : { name: value.name, status };
  } catch {
    return undefined;
  }
}

/** File names are matched as globs by vitest; escape glob syntax so each name matches only itself. */
function escapeGlob(name: string): string {
  return name.replace(/[*?[\]{}()!+@\\]/g, (character) => `\\${character}`);
}

/** A report from the tests that finished, for a run stopped (time limit, Cancel) before vitest wrote its own. */
export function partialReport(tests: TestCaseReport[], context: { output: string; notes: string[]; durationMs: number; root: string }): TestReport {
  const passed = tests.filter((test) => test.status === 'passed').length;
  const failed = tests.filter((test) => test.status === 'failed').length;
  const json = {
    success: false,
    numPassedTests: passed,
    numFailedTests: failed,
    numTotalTests: tests.length,
    testResults: tests.length === 0 ? [] : [
      {
        status: 'failed',
        assertionResults: tests.map((test) => ({
          fullName: test.name,
          status: test.status,
          failureMessages: test.message === undefined ? [] : [test.message],
        })),
      },
    ],
  };
  return testReportFromVitestJson(json, context);
}

/**
 * Takes streamed result lines out of test output that arrives in arbitrary chunks (the local runner's
 * `output` messages): each complete result line becomes a call of `onResult`; the rest is returned.
 */
export class ResultLineSplitter {
  private partial = '';
  private readonly onResult: (test: TestCaseReport) => void;

  constructor(onResult: (test: TestCaseReport) => void) {
    this.onResult = onResult;
  }

  /** The text of `chunk` that is not a result line, up to its last complete line. */
  push(chunk: string): string {
    const text = this.partial + chunk;
    const lastBreak = text.lastIndexOf('\n');
    this.partial = text.slice(lastBreak + 1);
    return this.split(text.slice(0, lastBreak + 1));
  }

  /** What is left of an unfinished last line. */
  flush(): string {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? '' : this.split(rest);
  }

  private split(text: string): string {
    const { results, rest } = splitResultLines(text);
    results.forEach((result) => this.onResult(result));
    return rest;
  }
}

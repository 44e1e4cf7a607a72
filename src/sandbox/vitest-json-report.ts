/**
 * Reads the report `vitest run --reporter=json` writes (Jest-compatible layout: testResults per file,
 * assertionResults per test) into a TestReport. The local runner does the same on the Node side
 * (src/runner/vitest-command.ts); this copy serves WebContainers, where the file is read through the
 * container's fs.
 */
import { sandboxString } from './runtime-strings.ts';
import { buildTestReport } from './test-report.ts';
import type { TestCaseReport, TestReport } from './runtime.ts';

interface VitestJson {
  success?: unknown;
  numPassedTests?: unknown;
  numFailedTests?: unknown;
  numTotalTests?: unknown;
  testResults?: unknown;
}

export function testReportFromVitestJson(
  json: unknown,
  context: { root: string; output: string; notes?: string[]; durationMs: number },
): TestReport {
  const report = (typeof json === 'object' && json !== null ? json : {}) as VitestJson;
  const tests: TestCaseReport[] = [];
  let filesFailed = 0;
  for (const file of records(report.testResults)) {
    const cases = records(file.assertionResults);
    // A spec that does not load (syntax error, missing import, no tests) has a message but no cases.
    if (cases.length === 0 && file.status === 'failed') {
      filesFailed += 1;
      tests.push({
        name: `${relativeTo(context.root, stringOf(file.name, 'a test file'))}: ${sandboxString('test.fileFailed')}`,
        status: 'failed',
        message: stringOf(file.message, ''),
      });
    }
    for (const testCase of cases) {
      const messages: unknown[] = Array.isArray(testCase.failureMessages) ? testCase.failureMessages : [];
      const message = messages.find((item): item is string => typeof item === 'string');
      const name = stringOf(testCase.fullName, stringOf(testCase.title, '(unnamed test)'));
      const status = caseStatus(testCase.status);
      tests.push(message === undefined ? { name, status } : { name, status, message });
    }
  }
  return buildTestReport({
    tests,
    passed: numberOf(report.numPassedTests),
    failed: numberOf(report.numFailedTests) + filesFailed,
    total: numberOf(report.numTotalTests),
    toolSuccess: report.success === true,
    output: context.output,
    notes: context.notes ?? [],
    durationMs: context.durationMs,
  });
}

function caseStatus(status: unknown): TestCaseReport['status'] {
  return status === 'passed' || status === 'failed' || status === 'todo' ? status : 'skipped';
}

/** The objects of an array field, skipping anything else, so a malformed report cannot throw here. */
function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

function stringOf(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** vitest reports absolute file names; the learner knows the sandbox's relative ones. */
function relativeTo(root: string, name: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * Mutation testing in npm test: every plausible wrong solution in sandboxes/<id>/mistakes/ fails at least
 * one of its exercise's tests, graded through the course's own local runner exactly as a learner's
 * "Check my work" (the same runtime, runner and file layout as grade-through-runner.test.ts). A grader
 * that lets a mistake pass tells that learner the exercise is done.
 *
 * One run per mistake (a second only if the first lets it through), two at a time (each grading is a
 * whole vitest process on a 2-core machine); `npm run check:sandboxes` grades each one twice to prove
 * the verdict repeats.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startRunnerServer, type RunnerServer } from '../../src/runner/index.ts';
import { gradeMistake, MIN_MISTAKES, runtimePool, verdictOf } from '../../src/sandbox/grade-mistakes.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { createLocalRuntime } from '../../src/sandbox/local-runtime.ts';
import type { SandboxRuntime, TestReport } from '../../src/sandbox/runtime.ts';

const ORIGIN = 'http://localhost:4321';
const POOL_SIZE = 2;
class PageWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN });
  }
}

const root = process.cwd();
const graded = loadSandboxes(root).sandboxes.filter((sandbox) => sandbox.config.graded);
let server: RunnerServer;
const runtimes: SandboxRuntime[] = [];
let withRuntime: ReturnType<typeof runtimePool>;

beforeAll(async () => {
  server = await startRunnerServer({ allowedOrigins: [ORIGIN], log: () => {} });
  for (let index = 0; index < POOL_SIZE; index++) {
    runtimes.push(createLocalRuntime({ url: `ws://127.0.0.1:${server.port}/__runner`, token: server.runner.token, WebSocketImpl: PageWebSocket }));
  }
  withRuntime = runtimePool(runtimes);
});
afterAll(async () => {
  for (const runtime of runtimes) await runtime.teardown();
  await server?.close();
});

function passedTests(report: TestReport): string {
  return report.tests.map((t) => `${t.status === 'passed' ? '✓' : '✗'} ${t.name}`).join('\n') || report.output;
}

// Exercises overlap too, so the pool never idles at the end of one exercise's list.
describe.concurrent.each(graded.map((sandbox) => [sandbox.id, sandbox] as const))('%s', (_id, sandbox) => {
  const limitMs = sandbox.config.limits.testSeconds * 1000;

  test(`keeps at least ${MIN_MISTAKES} plausible wrong solutions in mistakes/`, () => {
    expect(sandbox.mistakes.map((mistake) => mistake.name).length, `Add mistakes to sandboxes/${sandbox.id}/mistakes/ (one folder per mistake with mistake.yaml).`).toBeGreaterThanOrEqual(MIN_MISTAKES);
  });

  // Concurrent so two gradings overlap; the pool keeps it at POOL_SIZE however many vitest starts.
  test.concurrent.each(sandbox.mistakes.map((mistake) => [mistake.name, mistake] as const))(
    'the mistake %s fails at least one test',
    // Room for the wait in the pool and, for a mistake that escapes once, a second grading.
    { timeout: limitMs * 4 + 10_000 },
    async (_name, mistake) => {
      let report = await withRuntime((runtime) => gradeMistake(runtime, sandbox, mistake, root));
      // Some mistakes are caught by timing (a server that keeps pulling, a poll that comes too soon), and
      // on a machine this suite loads with Chromium and two gradings at once, a late timer once let one
      // through. A grader with a real hole lets it through every time: only a second escape fails here
      // (`npm run check:sandboxes` is stricter, and wants both of its gradings caught).
      if (verdictOf(report) === 'escaped') {
        console.warn(`${sandbox.id}/${mistake.name} escaped its first grading; grading it again.`);
        report = await withRuntime((runtime) => gradeMistake(runtime, sandbox, mistake, root));
      }
      const verdict = verdictOf(report);
      if (verdict === 'inconclusive') expect.fail(`The run of ${mistake.file} did not complete (${report.passed} of ${report.total} tests passed, none failed):\n${report.output.slice(-1500)}`);
      expect(verdict, `"${mistake.description}" passes every test, so a learner who makes this mistake is told the exercise is done:\n${passedTests(report)}`).toBe('caught');
    },
  );
});

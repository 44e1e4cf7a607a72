/**
 * `npm run check:sandboxes`, through the course's own local runner: for every sandbox, the solution
 * passes all of its tests and the untouched starter fails at least one, graded exactly as the page's
 * "Check my work" grades a learner (the same runtime, the same runner, the same file layout).
 * scripts/check-sandboxes.ts adds a strict type-check and a timing table on top.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startRunnerServer, type RunnerServer } from '../../src/runner/index.ts';
import { islandDataFor } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { createLocalRuntime } from '../../src/sandbox/local-runtime.ts';
import { runtimePool } from '../../src/sandbox/grade-mistakes.ts';
import type { SandboxRuntime, TestReport } from '../../src/sandbox/runtime.ts';
import { formatProblems, hasErrors } from '../../src/content/problems.ts';

const ORIGIN = 'http://localhost:4321';
class PageWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN });
  }
}

const root = process.cwd();
const { sandboxes, problems } = loadSandboxes(root);
/** Two gradings at a time, as in mistakes-through-runner: each is a whole vitest process, mostly waiting. */
const POOL_SIZE = 2;
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

/** Mounts `files` on a free runtime of the pool and runs the sandbox's tests there. */
const grade = (files: Record<string, string>, tests: Record<string, string>, bail = false): Promise<TestReport> =>
  withRuntime(async (runtime) => {
    await runtime.mount(files);
    return runtime.test(tests, { bail });
  });

function describeReport(report: TestReport): string {
  return report.tests.map((t) => `${t.status === 'passed' ? '✓' : '✗'} ${t.name}${t.message ? `\n    ${t.message.split('\n')[0]}` : ''}`).join('\n') || report.output;
}

test('every sandbox folder is valid', () => {
  expect(hasErrors(problems) ? formatProblems(problems.filter((p) => p.severity === 'error')) : '').toBe('');
  expect(sandboxes.length).toBeGreaterThanOrEqual(5);
});

// Run-only demos (graded: false) have no tests to pass or fail. Concurrent: the pool keeps it at POOL_SIZE
// runs, and a queued test's timeout allows for the runs ahead of it.
describe.concurrent.each(sandboxes.filter((sandbox) => sandbox.config.graded).map((sandbox) => [sandbox.id, sandbox] as const))('%s', (_id, sandbox) => {
  const data = islandDataFor(sandbox, '', { root, base: '/' });
  const limitMs = sandbox.config.limits.testSeconds * 1000;

  test('the solution passes every test', { timeout: 3 * limitMs + 10_000 }, async () => {
    const report = await grade({ ...data.starter, ...data.solution }, data.tests);
    expect(report.failed, describeReport(report)).toBe(0);
    expect(report.passed, describeReport(report)).toBe(report.total);
    expect(report.total).toBeGreaterThan(0);
    expect(report.success, describeReport(report)).toBe(true);
    expect(report.durationMs).toBeLessThan(limitMs);
  });

  test('the starter fails at least one test', { timeout: 3 * limitMs + 10_000 }, async () => {
    // One failure is the verdict: stop there instead of waiting out every test the starter fails
    // (what a learner's Check reports for the starter is timed by check-sandboxes and the e2e tests).
    const report = await grade(data.starter, data.tests, true);
    expect(report.failed, 'The starter passes everything, so the exercise has nothing left to do.').toBeGreaterThan(0);
    expect(report.durationMs).toBeLessThan(limitMs);
  });
});

/**
 * Mutation testing for the course's exercises: every plausible wrong solution kept in
 * sandboxes/<id>/mistakes/ is graded through the same runtime and runner as a learner's "Check my work",
 * and must fail at least one test. Shared by scripts/check-sandboxes.ts (each mistake twice, to prove the
 * verdict repeats) and tests/sandboxes/mistakes-through-runner.test.ts (once each, in npm test).
 */
import { islandDataFor } from './island-data.ts';
import type { Sandbox } from './load-sandboxes.ts';
import { mistakeTree, type Mistake } from './load-mistakes.ts';
import type { SandboxRuntime, TestReport } from './runtime.ts';

/** Every graded exercise keeps at least this many plausible wrong solutions, written as learners make them. */
export const MIN_MISTAKES = 5;

export interface MistakeRun {
  sandbox: Sandbox;
  mistake: Mistake;
  report: TestReport;
}

/** A mistake is caught when at least one test fails on it: the learner then sees a test's message, not silence. */
export function isCaught(report: TestReport): boolean {
  return report.failed > 0;
}

/**
 * caught: a test failed. escaped: every test ran and passed, so the learner is told they are done.
 * inconclusive: the run did not complete (stopped at the time limit, no tests ran), which proves nothing.
 */
export function verdictOf(report: TestReport): 'caught' | 'escaped' | 'inconclusive' {
  if (isCaught(report)) return 'caught';
  return report.total > 0 && report.passed === report.total ? 'escaped' : 'inconclusive';
}

/**
 * Lays the mistake over the solution, mounts it and runs the sandbox's tests, stopping at the first
 * failure: one failed test is the verdict, and the tests after it would only spend time.
 */
export async function gradeMistake(runtime: SandboxRuntime, sandbox: Sandbox, mistake: Mistake, root: string): Promise<TestReport> {
  const data = islandDataFor(sandbox, '', { root, base: '/' });
  await runtime.mount(mistakeTree(data.solution, mistake));
  return runtime.test(data.tests, { bail: true });
}

/**
 * Runs `work` over `items` with one worker per runtime, so at most `runtimes.length` gradings run at
 * once (each runtime holds one mounted tree at a time). Results keep the order of `items`.
 */
export async function inPool<T, R>(items: readonly T[], runtimes: readonly SandboxRuntime[], work: (item: T, runtime: SandboxRuntime) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    runtimes.map(async (runtime) => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, runtime);
      }
    }),
  );
  return results;
}

/** A runtime pool handing each caller a free runtime, for callers that start work one at a time (vitest's concurrent tests). */
export function runtimePool(runtimes: readonly SandboxRuntime[]): <R>(work: (runtime: SandboxRuntime) => Promise<R>) => Promise<R> {
  const free = [...runtimes];
  const waiting: Array<(runtime: SandboxRuntime) => void> = [];
  const release = (runtime: SandboxRuntime): void => {
    const next = waiting.shift();
    if (next) next(runtime);
    else free.push(runtime);
  };
  return async (work) => {
    const runtime = free.pop() ?? (await new Promise<SandboxRuntime>((resolve) => waiting.push(resolve)));
    try {
      return await work(runtime);
    } finally {
      release(runtime);
    }
  };
}

/** "3 of 5 (60 %)" and whether it meets the bar of 100 %. */
export function killRatio(caught: number, total: number): { text: string; complete: boolean } {
  const percent = total === 0 ? 0 : Math.floor((caught / total) * 100);
  return { text: `${caught} of ${total} (${percent} %)`, complete: total > 0 && caught === total };
}

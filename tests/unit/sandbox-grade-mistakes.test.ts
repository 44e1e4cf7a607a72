/** The pure parts of mutation testing: verdicts, kill ratios and the pools that bound how many gradings run at once. */
import { describe, expect, test } from 'vitest';
import { inPool, killRatio, runtimePool, verdictOf } from '../../src/sandbox/grade-mistakes.ts';
import type { SandboxRuntime, TestReport } from '../../src/sandbox/runtime.ts';

const report = (passed: number, failed: number, total = passed + failed): TestReport => ({ success: failed === 0, passed, failed, total, tests: [], output: '', durationMs: 1 });
const fakeRuntimes = (count: number): SandboxRuntime[] => Array.from({ length: count }, (_, index) => ({ label: `runtime ${index}` }) as unknown as SandboxRuntime);
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

describe('verdictOf', () => {
  test('a failing test catches the mistake; all passing lets it escape; an incomplete run proves nothing', () => {
    expect(verdictOf(report(3, 1))).toBe('caught');
    expect(verdictOf(report(4, 0))).toBe('escaped');
    expect(verdictOf(report(0, 0)), 'No test ran: the run was stopped or the specs did not load.').toBe('inconclusive');
    expect(verdictOf(report(2, 0, 5)), 'Three tests never finished: the run hit its time limit.').toBe('inconclusive');
  });
});

describe('killRatio', () => {
  test('prints caught of total with a percentage, and meets the bar only at 100 %', () => {
    expect(killRatio(5, 5)).toEqual({ text: '5 of 5 (100 %)', complete: true });
    expect(killRatio(2, 3)).toEqual({ text: '2 of 3 (66 %)', complete: false });
    expect(killRatio(0, 0), 'No mistakes at all proves nothing.').toEqual({ text: '0 of 0 (0 %)', complete: false });
  });
});

describe('pools', () => {
  test('inPool runs at most one job per runtime at a time and keeps the order of the results', async () => {
    let running = 0;
    let most = 0;
    const results = await inPool([1, 2, 3, 4, 5, 6, 7], fakeRuntimes(2), async (item) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(2);
  });

  test('runtimePool hands each caller a free runtime and makes the others wait for one', async () => {
    const withRuntime = runtimePool(fakeRuntimes(2));
    const inUse = new Set<SandboxRuntime>();
    let most = 0;
    const labels = await Promise.all(
      Array.from({ length: 6 }, () =>
        withRuntime(async (runtime) => {
          expect(inUse.has(runtime), 'A runtime holds one mounted tree at a time: it must never be handed out twice at once.').toBe(false);
          inUse.add(runtime);
          most = Math.max(most, inUse.size);
          await tick();
          inUse.delete(runtime);
          return runtime.label;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(new Set(labels)).toEqual(new Set(['runtime 0', 'runtime 1']));
  });

  test('runtimePool gives the runtime back when the work throws', async () => {
    const withRuntime = runtimePool(fakeRuntimes(1));
    await expect(withRuntime(async () => Promise.reject(new Error('grading failed')))).rejects.toThrow('grading failed');
    expect(await withRuntime(async (runtime) => runtime.label)).toBe('runtime 0');
  });
});

/**
 * The check kinds only `npm run check -- --grade` runs (src/content/check-kinds.ts, `grade: true`): their
 * fixtures are graded through the real local runner and vitest, and the messages snapshotted.
 */
import { afterEach, expect, test } from 'vitest';
import { CHECK_KINDS } from '../../src/content/check-kinds.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { proveExercises } from '../../src/sandbox/grade-proof.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { writeCourse } from './fixture-course.ts';
import { FIXTURES } from './mistake-fixtures.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

test('every grade-only kind has a fixture that produces its problem', () => {
  const kinds = CHECK_KINDS.filter((kind) => 'grade' in kind).map((kind) => kind.kind);
  expect(kinds).toEqual(['sandbox-grade']);
});

test('sandbox-grade: a solution that fails a test, and an exercise without five mistakes', async () => {
  const made = writeCourse(FIXTURES['sandbox-grade']);
  cleanup = made.cleanup;
  const { sandboxes, problems } = loadSandboxes(made.root);
  expect(problems).toEqual([]);
  const proof = await proveExercises(sandboxes, { root: made.root, jobs: 1 });
  const report = formatProblems(proof.problems).replace(/\d+ ms/g, '<ms> ms');
  expect(report).toMatch(/^Error in sandboxes\/etag\/solution\/: The solution must pass every test, but only 0 of 1 passed:\n {2}- answers 304 when nothing changed: AssertionError: an unchanged resource is answered with 304 Not Modified/);
  expect(report).toContain('Error in sandboxes/etag/mistakes/: The exercise keeps 0 plausible wrong solutions');
  expect(proof.problems).toHaveLength(2);
  expect(report).toMatchSnapshot();
}, 60_000);

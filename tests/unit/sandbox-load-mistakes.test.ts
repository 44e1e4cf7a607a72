/**
 * The mistakes/ folder beside an exercise (plausible wrong solutions) and run-only demos (`graded: false`):
 * what loads, and the problem (file, line, what is wrong, how to fix) for each authoring mistake.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatProblems } from '../../src/content/problems.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { mistakeTree } from '../../src/sandbox/load-mistakes.ts';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'brr-sandbox-mistakes-'));
  cleanup = () => rmSync(root, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const YAML = 'title: Poller\ndescription: Answer 304 when the ETag matches, and back off on errors.\nentry: main.ts\n';
const SOLUTION = 'export const poll = (): number => 304;\n';

function exercise(extra: Record<string, string> = {}, yaml = YAML): Record<string, string> {
  const files: Record<string, string> = {
    'sandboxes/poller/sandbox.yaml': yaml,
    'sandboxes/poller/starter/main.ts': "import { poll } from './poller.ts';\nconsole.log(poll());\n",
    'sandboxes/poller/starter/poller.ts': '// TODO\nexport const poll = (): number => 0;\n',
    'sandboxes/poller/solution/poller.ts': SOLUTION,
    'sandboxes/poller/tests/poller.test.ts': "import { expect, test } from 'vitest';\n",
  };
  for (const [path, content] of Object.entries(extra)) files[`sandboxes/poller/${path}`] = content;
  return files;
}

describe('mistakes beside an exercise', () => {
  test('load with their description and overlay files, and lay over the solution', () => {
    const root = writeProject(
      exercise({
        'mistakes/answers-200/mistake.yaml': 'description: Answers 200 with the body even when the ETag matches.\n',
        'mistakes/answers-200/poller.ts': 'export const poll = (): number => 200;\n',
      }),
    );
    const { sandboxes, problems } = loadSandboxes(root);
    expect(formatProblems(problems)).toBe('');
    const [mistake] = sandboxes[0]!.mistakes;
    expect(mistake).toMatchObject({ name: 'answers-200', file: 'sandboxes/poller/mistakes/answers-200/mistake.yaml', description: 'Answers 200 with the body even when the ETag matches.', files: ['poller.ts'] });
    expect(mistakeTree({ 'main.ts': 'main', 'poller.ts': SOLUTION }, mistake!)).toEqual({ 'main.ts': 'main', 'poller.ts': 'export const poll = (): number => 200;\n' });
  });

  test('a sandbox without mistakes/ has none', () => {
    expect(loadSandboxes(writeProject(exercise())).sandboxes[0]!.mistakes).toEqual([]);
  });

  test('every authoring mistake in mistakes/ is reported with file, line, what is wrong and the fix', () => {
    const root = writeProject(
      exercise({
        'mistakes/no-yaml/poller.ts': 'export const poll = (): number => 1;\n',
        'mistakes/Bad_Name/mistake.yaml': 'description: A folder name that is not kebab-case at all.\n',
        'mistakes/short/mistake.yaml': 'description: Too short\n',
        'mistakes/short/poller.ts': 'export const poll = (): number => 2;\n',
        'mistakes/typo/mistake.yaml': 'descripton: Answers 200 with the body even when the ETag matches.\n',
        'mistakes/typo/poller.ts': 'export const poll = (): number => 3;\n',
        'mistakes/nothing/mistake.yaml': 'description: Changes nothing at all in the solution files.\n',
        'mistakes/same/mistake.yaml': 'description: Keeps the solution exactly as it is written.\n',
        'mistakes/same/poller.ts': SOLUTION,
        'mistakes/edits-tests/mistake.yaml': 'description: Rewrites the tests so that they always pass.\n',
        'mistakes/edits-tests/tests/poller.test.ts': 'export {};\n',
        'mistakes/stray.ts': 'export {};\n',
      }),
    );
    const { sandboxes, problems } = loadSandboxes(root);
    expect(sandboxes, 'An exercise with broken mistakes is not graded until they are fixed.').toEqual([]);
    const text = formatProblems(problems);
    expect(text).toContain('Error in sandboxes/poller/mistakes/Bad_Name/: The folder name "Bad_Name" is not kebab-case');
    expect(text).toContain('Error in sandboxes/poller/mistakes/edits-tests/tests/poller.test.ts: The mistake\'s file "tests/poller.test.ts" is not a starter file');
    expect(text).toContain('Error in sandboxes/poller/mistakes/no-yaml/: This mistake folder has no mistake.yaml');
    expect(text).toContain('Error in sandboxes/poller/mistakes/nothing/: The mistake has no files besides mistake.yaml');
    expect(text).toContain('Error in sandboxes/poller/mistakes/same/poller.ts: The file is identical to the solution\'s poller.ts');
    expect(text).toMatch(/Error in sandboxes\/poller\/mistakes\/short\/mistake\.yaml:1 \(field "description"\)/);
    expect(text).toMatch(/Error in sandboxes\/poller\/mistakes\/typo\/mistake\.yaml:1 \(field "descripton"\)/);
    expect(text).toContain('Error in sandboxes/poller/mistakes/stray.ts: Files directly inside mistakes/ belong to no mistake');
    for (const problem of problems) expect(problem.fix.length, formatProblems([problem])).toBeGreaterThan(10);
  });
});

describe('run-only demos (graded: false)', () => {
  test('need only sandbox.yaml and starter/', () => {
    const root = writeProject({ 'sandboxes/demo/sandbox.yaml': `${YAML}graded: false\n`, 'sandboxes/demo/starter/main.ts': 'console.log(1);\n' });
    const { sandboxes, problems } = loadSandboxes(root);
    expect(formatProblems(problems)).toBe('');
    expect(sandboxes[0]).toMatchObject({ id: 'demo', solutionFiles: [], testFiles: [], mistakes: [], config: { graded: false } });
  });

  test('refuse solution/, tests/ and mistakes/, which only a graded exercise uses', () => {
    const root = writeProject(exercise({ 'mistakes/a-b/mistake.yaml': 'description: Answers 200 with the body every time.\n', 'mistakes/a-b/poller.ts': '1;\n' }, `${YAML}graded: false\n`));
    const text = formatProblems(loadSandboxes(root).problems);
    for (const folder of ['solution', 'tests', 'mistakes']) expect(text).toContain(`Error in sandboxes/poller/${folder}/: The sandbox says \`graded: false\``);
  });
});

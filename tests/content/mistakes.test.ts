/**
 * The mistake probe: one small course per kind of mistake in src/content/check-kinds.ts, each with exactly
 * that mistake, and the messages `npm run check` prints for it snapshotted. A kind without a fixture fails
 * the first test, so the authoring guide (which renders the registry) only lists checks that exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { checkAll } from '../../src/content/check-all.ts';
import { CHECK_KINDS } from '../../src/content/check-kinds.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { writeCourse } from './fixture-course.ts';
import { course, fakeParseDiagram, FIXTURES, FOUNDATIONS, FRONTMATTER, QUIZ, second } from './mistake-fixtures.ts';

const PROJECT = join(import.meta.dirname, '../..');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function check(files: Record<string, string>): Promise<string> {
  const made = writeCourse(files);
  cleanup = made.cleanup;
  // Sandbox code resolves packages from this project's node_modules, as a run does.
  const { problems } = await checkAll({ root: made.root, parseDiagram: fakeParseDiagram, sandboxCode: { modulesRoot: PROJECT } });
  return formatProblems(problems);
}

test('every kind of check the guide lists has a fixture here, and the guide renders the list', () => {
  expect(Object.keys(FIXTURES).sort()).toEqual(CHECK_KINDS.map((k) => k.kind).sort());
  // CheckList.astro renders CHECK_KINDS; the guide must include it rather than a hand-written list.
  expect(readFileSync(join(import.meta.dirname, '../../src/pages/authoring.mdx'), 'utf8')).toContain('<CheckList />');
});

describe('each mistake is reported once, at its line, with a fix', () => {
  // Kinds only `check -- --grade` runs are proven in tests/content/grade-proof.test.ts.
  for (const { kind } of CHECK_KINDS.filter((k) => !('grade' in k))) {
    test(kind, async () => {
      const report = await check(FIXTURES[kind]);
      expect(report, `the fixture for "${kind}" produced no problem`).not.toBe('');
      const messages = report.split('\n\n');
      expect(new Set(messages).size, 'no problem is reported twice').toBe(messages.length);
      expect(report).toMatchSnapshot();
    });
  }
});

describe('mistakes the first round of authoring reported wrongly', () => {
  test('a correct frontmatter quiz is not blamed when the body <Quiz id> is wrong', async () => {
    const report = await check(FIXTURES['quiz-wiring']);
    expect(report).toMatch(/02-intro\.mdx:12: <Quiz id="polling-quiz"> differs/);
    expect(report).not.toMatch(/field "quiz"/);
  });

  test('a frontmatter quiz with no <Quiz> in the body, and a <Quiz> with no frontmatter quiz', async () => {
    const files = { 'quizzes/polling.yaml': QUIZ };
    expect(await check(course({ ...files, ...second('\n## A\n\nText.\n', `${FRONTMATTER}\nquiz: polling`) }))).toMatch(/02-intro\.mdx:7 \(field "quiz"\): The frontmatter names the quiz "polling", but the body has no <Quiz>/);
    const both = await check(course({ ...files, 'quizzes/intro.yaml': QUIZ, ...second('\n## A\n\n<Quiz id="intro" />\n', `${FRONTMATTER}\nquiz: polling`) }));
    expect(both).toMatch(/02-intro\.mdx:12: <Quiz id="intro"> differs from the frontmatter's `quiz: polling` \(line 7\): the page would show one quiz and count the other/);
    expect(both.split('\n\n'), 'one problem, and neither quiz counts as unused').toHaveLength(1);
    expect(await check(course({ ...files, ...second('\n## A\n\n<Quiz id="polling" />\n') }))).toMatch(/02-intro\.mdx:11: <Quiz id="polling"> is in the body, but the frontmatter has no `quiz:`/);
  });

  test('a Mermaid error keeps its line and caret but not the forty expected tokens', async () => {
    const report = await check(FIXTURES['diagram-syntax']);
    expect(report).toContain("Expected 'T0', 'T1', 'T2', 'T3' or 36 other tokens, but found 'NEWLINE'.");
    expect(report).not.toContain("'T39'");
  });

  test('a YAML error is reported once, at the line to fix: an unclosed quote where it opens, not at the end', async () => {
    const unclosed = await check(course(second('\nText.\n', FRONTMATTER.replace('description: Ask', 'description: "Ask'))));
    expect(unclosed).toMatch(/^Error in lessons\/01-foundations\/02-intro\.mdx:3: The frontmatter is not valid YAML: The text in double quotes that starts on this line is never closed/);
    // The yaml library reports two errors for this phase.yaml (a nested mapping, then a multi-line key).
    const phase = await check(FIXTURES['phase-yaml']);
    expect(phase.split('\n\n')).toHaveLength(1);
    expect(phase).toMatch(/phase\.yaml:2: /);
  });

  test('a missing image names its path in full', async () => {
    expect(await check(course(second('\n## A\n\n![Timeline](/img/timeline.png)\n')))).toContain('(looked for public/img/timeline.png)');
  });

  test('a draft may keep its TODOs (as warnings); an imported component is allowed', async () => {
    const report = await check(
      course({
        ...second("\nimport Chart from '../../components/chart.astro';\n\n## A\n\n<Chart />\n\nTODO: finish.\n", `${FRONTMATTER}\ndraft: true`),
        'components/chart.astro': '<svg />\n',
      }),
    );
    expect(report).toMatch(/^Warning in lessons\/01-foundations\/02-intro\.mdx:\d+: A leftover "TODO"/);
    expect(report).not.toMatch(/Error/);
  });
});

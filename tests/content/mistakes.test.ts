/**
 * The mistake probe: one small course per kind of mistake in src/content/check-kinds.ts, each with exactly
 * that mistake, and the messages `npm run check` prints for it snapshotted. A kind without a fixture fails
 * the first test, so the authoring guide (which renders the registry) only lists checks that exist.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { checkAll } from '../../src/content/check-all.ts';
import { CHECK_KINDS, type CheckKindId } from '../../src/content/check-kinds.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { GOOD, lesson, PHASE, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const FOUNDATIONS = 'lessons/01-foundations';
const QUIZ = `title: Polling quiz
questions:
  - id: q
    type: single
    prompt: Which?
    options:
      - { id: a, text: A, correct: true, rationale: Because A. }
      - { id: b, text: B, rationale: Not B. }
`;
const FRONTMATTER = `title: Intro
description: Ask the server again and again, and learn what each question costs.
goals:
  - Explain what polling wastes
minutes: 20`;
/** A body with everything the guide asks for; each fixture breaks one thing. */
const DIAGRAM = '```mermaid\nsequenceDiagram\n  accTitle: Polling\n  accDescr: The client asks.\n  C->>S: GET\n```\n';

/** A course with a good first lesson, plus `files` (which may replace it). */
function course(files: Record<string, string>): Record<string, string> {
  return { [`${FOUNDATIONS}/phase.yaml`]: PHASE, [`${FOUNDATIONS}/01-polling.mdx`]: GOOD, ...files };
}
const second = (body: string, frontmatter = FRONTMATTER) => ({ [`${FOUNDATIONS}/02-intro.mdx`]: lesson(frontmatter, body) });

/** A Jison-style Mermaid error as Mermaid 12 prints it: the line, the caret, then every token it would have taken. */
const JISON_ERROR = `Parse error on line 3:\n...  C->>S GET\n-----------------^\nExpecting ${Array.from({ length: 40 }, (_, i) => `'T${i}'`).join(', ')}, got 'NEWLINE'`;

const FIXTURES: Record<CheckKindId, Record<string, string>> = {
  'file-names': course({ [`${FOUNDATIONS}/3-sse.mdx`]: GOOD }),
  numbering: course({ [`${FOUNDATIONS}/03-intro.mdx`]: GOOD.replace('Polling', 'Intro') }),
  'duplicate-id': course({ 'lessons/02-streams/phase.yaml': PHASE, 'lessons/02-streams/01-polling.mdx': GOOD }),
  'phase-yaml': course({ [`${FOUNDATIONS}/phase.yaml`]: 'title: Foundations\n  summary: Why request/response cannot push, and what to do.\n' }),
  frontmatter: course(second('\nText.\n', FRONTMATTER.replace('description: Ask the server again and again, and learn', 'description: Ask again: learn'))),
  prerequisites: course(second('\nText.\n', `${FRONTMATTER}\nprerequisites: [polling, long-poling]`)),
  'mdx-syntax': course(second('\n## A\n\nText.\n\n<Callout type="note">\n\nNever closed.\n\n## B\n\nEnd.\n')),
  import: course(second("\nimport Chart from '../../src/components/Chart.astro';\n\n## A\n\n<Chart />\n")),
  expression: course(second('\n## A\n\nSend the event as {name} to every client.\n')),
  component: course(second('\n## A\n\n<Aside>Hi</Aside>\n')),
  links: course(second('\n## A\n\nSee [polling](/foundations/polling/#no-such-heading) and [nothing](/foundations/nothing/).\n')),
  'lesson-numbers': course(second('\n## A\n\nAs lesson 7 shows, this is enough.\n')),
  images: course(second('\n## A\n\n![](/img/timeline.png)\n')),
  'diagram-title': course(second(`\n## A\n\n${DIAGRAM.replace(/ {2}accTitle: Polling\n/, '')}`)),
  'diagram-syntax': course(second(`\n## A\n\n${DIAGRAM.replace('C->>S: GET', 'C->>S GET')}`)),
  heading: course(second('\n# Intro\n\n## A\n\nText.\n')),
  todo: course(second('\n## A\n\nTODO: explain the cost of each request.\n')),
  'quiz-wiring': course({ ...second('\n## A\n\n<Quiz id="polling-quiz" />\n', `${FRONTMATTER}\nquiz: polling`), 'quizzes/polling.yaml': QUIZ }),
  'quiz-missing': course({ ...second('\n## A\n\n<Quiz id="pollin" />\n', `${FRONTMATTER}\nquiz: pollin`), 'quizzes/polling.yaml': QUIZ }),
  'quiz-file': course({
    ...second('\n## A\n\n<Quiz id="polling" />\n', `${FRONTMATTER}\nquiz: polling`),
    'quizzes/polling.yaml': QUIZ.replace('rationale: Because A. }', 'rationale: It sits one layer below, one layer below the gRPC prefix. }'),
  }),
  'quiz-unused': course({ 'quizzes/polling.yaml': QUIZ }),
  'sandbox-missing': course(second('\n## A\n\nText.\n', `${FRONTMATTER}\nsandbox: polling-etag`)),
  'sandbox-yaml': course({ ...second('\n## A\n\n<Sandbox id="etag" />\n', `${FRONTMATTER}\nsandbox: etag`), 'sandboxes/etag/sandbox.yaml': 'title: ETags\ndescripton: Answer 304.\nentry: main.ts\n', 'sandboxes/etag/starter/main.ts': 'export {};\n' }),
  'sandbox-unused': course({ 'sandboxes/etag/sandbox.yaml': 'title: ETags\ndescription: Answer 304 when nothing changed since the last poll.\nentry: main.ts\n', 'sandboxes/etag/starter/main.ts': 'export {};\n', 'sandboxes/etag/solution/main.ts': 'export const done = true;\n', 'sandboxes/etag/tests/main.test.ts': "import { test } from 'vitest';\ntest('x', () => {});\n" }),
};

async function check(files: Record<string, string>): Promise<string> {
  const made = writeCourse(files);
  cleanup = made.cleanup;
  const { problems } = await checkAll({ root: made.root, parseDiagram: async (source) => (/C->>S GET/.test(source) ? { message: JISON_ERROR, line: 3 } : undefined) });
  return formatProblems(problems);
}

test('every kind of check the guide lists has a fixture here', () => {
  expect(Object.keys(FIXTURES).sort()).toEqual(CHECK_KINDS.map((k) => k.kind).sort());
});

describe('each mistake is reported once, at its line, with a fix', () => {
  for (const { kind } of CHECK_KINDS) {
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
    expect(await check(course({ ...files, ...second('\n## A\n\n<Quiz id="polling" />\n') }))).toMatch(/02-intro\.mdx:11: <Quiz id="polling"> is in the body, but the frontmatter has no `quiz:`/);
  });

  test('a Mermaid error keeps its line and caret but not the forty expected tokens', async () => {
    const report = await check(FIXTURES['diagram-syntax']);
    expect(report).toContain("Expected 'T0', 'T1', 'T2', 'T3' or 36 other tokens, but found 'NEWLINE'.");
    expect(report).not.toContain("'T39'");
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

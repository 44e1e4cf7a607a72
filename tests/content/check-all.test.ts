import { afterEach, describe, expect, test } from 'vitest';
import { checkAll } from '../../src/content/check-all.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { GOOD, lesson, PHASE, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const QUIZ = `title: Intro
questions:
  - id: q
    type: single
    prompt: Which?
    options:
      - { id: a, text: A, correct: true, rationale: Because A. }
      - { id: b, text: B, rationale: Not B. }
`;

describe('checkAll', () => {
  test('a lesson with broken frontmatter still has its body checked, and its quiz counts as used', async () => {
    const course = writeCourse({
      'lessons/01-foundations/phase.yaml': PHASE,
      'lessons/01-foundations/01-polling.mdx': GOOD,
      'lessons/01-foundations/02-intro.mdx': lesson('title: Intro\nminutes: soon', '\n## Start\n\nSee [nowhere](/foundations/nowhere/).\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n<Quiz id="intro" />\n'),
      'quizzes/intro.yaml': QUIZ,
    });
    cleanup = course.cleanup;
    const { problems } = await checkAll({
      root: course.root,
      // The real parser runs in Chromium (tested with the Mermaid renderer); here it reports line 2 of every diagram.
      parseDiagram: async () => ({ message: 'Parse error', line: 2 }),
    });
    expect(formatProblems(problems)).toMatchInlineSnapshot(`
      "Error in lessons/01-foundations/02-intro.mdx:2 (field "description"): This required field is missing.
        How to fix: Write it like this: \`description: Hold each request open until there is news, and learn what that costs.\`.

      Error in lessons/01-foundations/02-intro.mdx:2 (field "goals"): This required field is missing.
        How to fix: Write it like this: \`goals: ["Explain why the server holds the request", "Resume from a cursor without losing messages"]\`.

      Error in lessons/01-foundations/02-intro.mdx:3 (field "minutes"): It should be a number, but it is the text "soon".
        How to fix: Write it like this: \`minutes: 25\`.

      Error in lessons/01-foundations/02-intro.mdx:10: The Mermaid diagram has no accTitle, so screen readers announce it only as "diagram".
        How to fix: Add \`accTitle: <a short title>\` and \`accDescr: <one sentence on what it shows>\` right after the diagram type line (e.g. after \`sequenceDiagram\`).

      Error in lessons/01-foundations/02-intro.mdx:8: The link "/foundations/nowhere/" points at a page that does not exist in this course.
        How to fix: Link to an existing lesson, such as \`/foundations/polling/\`.

      Error in lessons/01-foundations/02-intro.mdx:12: The Mermaid diagram does not parse: Parse error
        How to fix: Fix the diagram syntax (see mermaid.js.org/syntax/sequenceDiagram); try it at mermaid.live to see where it breaks."
    `);
  });
});

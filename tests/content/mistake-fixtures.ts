/** One small course per kind of mistake in src/content/check-kinds.ts, each with exactly that mistake. */
import type { CheckKindId } from '../../src/content/check-kinds.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOOD, lesson, PHASE } from './fixture-course.ts';
import { translationFixtures } from './translation-fixtures.ts';

/** The course's own English locale file: every fixture locale is measured against it. */
export const EN_LOCALE = readFileSync(join(import.meta.dirname, '../../locales/en.yaml'), 'utf8');

export const FOUNDATIONS = 'lessons/01-foundations';
export const QUIZ = `title: Polling quiz
questions:
  - id: q
    type: single
    prompt: Which?
    options:
      - { id: a, text: A, correct: true, rationale: Because A. }
      - { id: b, text: B, rationale: Not B. }
`;
export const FRONTMATTER = `title: Intro
description: Ask the server again and again, and learn what each question costs.
goals:
  - Explain what polling wastes
minutes: 20`;
/** A body with everything the guide asks for; each fixture breaks one thing. */
const DIAGRAM = '```mermaid\nsequenceDiagram\n  accTitle: Polling\n  accDescr: The client asks.\n  C->>S: GET\n```\n';

/** A course with a good first lesson, plus `files` (which may replace it). */
export function course(files: Record<string, string>): Record<string, string> {
  return { [`${FOUNDATIONS}/phase.yaml`]: PHASE, [`${FOUNDATIONS}/01-polling.mdx`]: GOOD, ...files };
}
export const second = (body: string, frontmatter = FRONTMATTER) => ({ [`${FOUNDATIONS}/02-intro.mdx`]: lesson(frontmatter, body) });

/** A Jison-style Mermaid error as Mermaid 12 prints it: the line, the caret, then every token it would have taken. */
export const JISON_ERROR = `Parse error on line 3:\n...  C->>S GET\n-----------------^\nExpecting ${Array.from({ length: 40 }, (_, i) => `'T${i}'`).join(', ')}, got 'NEWLINE'`;

/** A graded sandbox with everything right, used by a lesson; each sandbox fixture breaks one thing. */
export const SANDBOX: Record<string, string> = {
  ...second('\n## A\n\n<Sandbox id="etag" />\n', `${FRONTMATTER}\nsandbox: etag`),
  'sandboxes/etag/sandbox.yaml': 'title: ETags\ndescription: Answer 304 when nothing changed since the last poll.\nentry: main.ts\n',
  'sandboxes/etag/starter/main.ts': 'export function status(changed: boolean): number {\n  return changed ? 200 : 200;\n}\n',
  'sandboxes/etag/solution/main.ts': 'export function status(changed: boolean): number {\n  return changed ? 200 : 304;\n}\n',
  'sandboxes/etag/tests/main.test.ts': "import { expect, test } from 'vitest';\nimport { status } from '../main.ts';\n\ntest('answers 304 when nothing changed', () => {\n  expect(status(false), 'an unchanged resource is answered with 304 Not Modified').toBe(304);\n});\n",
};

export const FIXTURES: Record<CheckKindId, Record<string, string>> = {
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
  'sandbox-types': course({ ...SANDBOX, 'sandboxes/etag/tests/main.test.ts': SANDBOX['sandboxes/etag/tests/main.test.ts']!.replace('expect(status(false)', "const code: string = status(false);\n  expect(code") }),
  'sandbox-syntax': course({ ...SANDBOX, 'sandboxes/etag/solution/main.ts': "export enum Status { Ok = 200, NotModified = 304 }\n\nexport function status(changed: boolean): number {\n  return changed ? Status.Ok : Status.NotModified;\n}\n" }),
  'sandbox-packages': course({
    ...SANDBOX,
    'sandboxes/etag/solution/main.ts': "import etag from 'etag-hash';\n\nexport function status(changed: boolean): number {\n  return changed ? 200 : 304;\n}\n",
    'sandboxes/etag/package.json': '{\n  "name": "@course-sandbox/etag",\n  "private": true,\n  "dependencies": {\n    "ws": "8.22.0"\n  }\n}\n',
  }),
  'sandbox-grade': course({ ...SANDBOX, 'sandboxes/etag/solution/main.ts': SANDBOX['sandboxes/etag/starter/main.ts']!.replace('200 : 200', '200 : 204') }),
  locales: course({
    'locales/en.yaml': EN_LOCALE,
    'locales/ja.yaml': EN_LOCALE.replace(/^ {2}nav\.skip: .*\n/m, '').replace('Previous', '前へ').replace('lesson.next:', 'lesson.nxt:').replace('lesson.number: Lesson {number}', 'lesson.number: レッスン {num}'),
  }),
  'lesson-lang': course(second('\n## A\n\nテキスト。\n', `${FRONTMATTER}\nlang: ko`)),
  ...translationFixtures({ course, second, FRONTMATTER, QUIZ, SANDBOX }),
  'sandbox-unused': course({ 'sandboxes/etag/sandbox.yaml': 'title: ETags\ndescription: Answer 304 when nothing changed since the last poll.\nentry: main.ts\n', 'sandboxes/etag/starter/main.ts': 'export {};\n', 'sandboxes/etag/solution/main.ts': 'export const done = true;\n', 'sandboxes/etag/tests/main.test.ts': "import { test } from 'vitest';\ntest('x', () => {});\n" }),
};

/** Stands in for Mermaid's parser (which needs Chromium): the diagram-syntax fixture's arrow lacks its colon. */
export async function fakeParseDiagram(source: string): Promise<{ message: string; line: number } | undefined> {
  return /C->>S GET/.test(source) ? { message: JISON_ERROR, line: 3 } : undefined;
}

import { afterEach, describe, expect, test } from 'vitest';
import { readCourse } from '../../src/content/read-course.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { GOOD, lesson, PHASE, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function problemsFor(files: Record<string, string>): string {
  const course = writeCourse(files);
  cleanup = course.cleanup;
  return formatProblems(readCourse({ root: course.root }).problems);
}

describe('reading a valid course', () => {
  test('orders phases and lessons by their numeric prefixes and derives ids and URLs', () => {
    const course = writeCourse({
      'lessons/02-streams/phase.yaml': 'title: Streams\nsummary: One-way streams from the server to the browser.\n',
      'lessons/02-streams/01-sse.mdx': GOOD.replace('title: Polling', 'title: SSE'),
      'lessons/01-foundations/phase.yaml': PHASE,
      'lessons/01-foundations/02-polling.mdx': GOOD,
      'lessons/01-foundations/01-intro.mdx': GOOD.replace('title: Polling', 'title: Intro'),
      'lessons/01-foundations/diagram.png': 'not really a png',
    });
    cleanup = course.cleanup;
    const { course: read, problems } = readCourse({ root: course.root });
    expect(problems).toEqual([]);
    expect(read.phases.map((p) => [p.order, p.slug, p.url])).toEqual([
      [1, 'foundations', '/foundations/'],
      [2, 'streams', '/streams/'],
    ]);
    expect(read.lessons.map((l) => [l.id, l.url, l.data.title])).toEqual([
      ['intro', '/foundations/intro/', 'Intro'],
      ['polling', '/foundations/polling/', 'Polling'],
      ['sse', '/streams/sse/', 'SSE'],
    ]);
    expect(read.lessons[1]?.data.prerequisites).toEqual([]);
  });

  test('drafts are left out of production builds and kept in dev', () => {
    const course = writeCourse({ 'lessons/01-foundations/phase.yaml': PHASE, 'lessons/01-foundations/01-polling.mdx': GOOD.replace('minutes: 20', 'minutes: 20\ndraft: true') });
    cleanup = course.cleanup;
    expect(readCourse({ root: course.root }).course.lessons).toHaveLength(0);
    expect(readCourse({ root: course.root, includeDrafts: true }).course.lessons).toHaveLength(1);
  });

  test('the real course in lessons/ has no problems', () => {
    const { problems, course } = readCourse({ root: process.cwd() });
    expect(formatProblems(problems)).toBe('');
    expect(course.lessons.length).toBeGreaterThanOrEqual(5);
  });
});

describe('every author mistake gets a message with file, line, field and fix', () => {
  test('missing, mistyped and unknown frontmatter fields', () => {
    expect(
      problemsFor({
        'lessons/01-foundations/phase.yaml': PHASE,
        'lessons/01-foundations/01-polling.mdx': lesson(`
description: Short.
goals: []
minutes: twenty
difficulty: hard
`),
      }),
    ).toMatchSnapshot();
  });

  test('frontmatter that is not valid YAML', () => {
    expect(problemsFor({ 'lessons/01-foundations/phase.yaml': PHASE, 'lessons/01-foundations/01-polling.mdx': lesson('title: Polling\ndescription: Polls: a story: of waste\n  goals: [x]') })).toMatchSnapshot();
  });

  test('a lesson without frontmatter', () => {
    expect(problemsFor({ 'lessons/01-foundations/phase.yaml': PHASE, 'lessons/01-foundations/01-polling.mdx': '# Polling\n\nText.\n' })).toMatchSnapshot();
  });

  test('a phase folder without phase.yaml, and one with an invalid phase.yaml', () => {
    expect(
      problemsFor({
        'lessons/01-foundations/01-polling.mdx': GOOD,
        'lessons/02-streams/phase.yaml': 'title: Streams\nsummary: Too short\n',
        'lessons/02-streams/01-sse.mdx': GOOD.replace('title: Polling', 'title: SSE'),
      }),
    ).toMatchSnapshot();
  });

  test('folder and file names without a number, and files that are not lessons', () => {
    expect(
      problemsFor({
        'lessons/foundations/phase.yaml': PHASE,
        'lessons/01-foundations/phase.yaml': PHASE,
        'lessons/01-foundations/polling.mdx': GOOD,
        'lessons/01-foundations/02-notes.md': '# notes',
      }),
    ).toMatchSnapshot();
  });

  test('duplicate lesson ids and duplicate numbers', () => {
    expect(
      problemsFor({
        'lessons/01-foundations/phase.yaml': PHASE,
        'lessons/01-foundations/01-polling.mdx': GOOD,
        'lessons/01-foundations/01-long-polling.mdx': GOOD,
        'lessons/02-more/phase.yaml': PHASE,
        'lessons/02-more/01-polling.mdx': GOOD,
      }),
    ).toMatchSnapshot();
  });

  test('unknown and out-of-order prerequisites', () => {
    const course = writeCourse({
      'lessons/01-foundations/phase.yaml': PHASE,
      'lessons/01-foundations/01-intro.mdx': GOOD.replace('minutes: 20', 'minutes: 20\nprerequisites:\n  - polling\n  - websockets'),
      'lessons/01-foundations/02-polling.mdx': GOOD,
    });
    cleanup = course.cleanup;
    const { problems } = readCourse({ root: course.root });
    expect(problems.map((p) => p.severity)).toEqual(['warning', 'error']);
    expect(formatProblems(problems)).toMatchSnapshot();
  });
});

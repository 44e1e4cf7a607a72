import { afterEach, describe, expect, test } from 'vitest';
import { lessonNumber, placeOf } from '../../src/content/course.ts';
import { readCourse } from '../../src/content/read-course.ts';
import { GOOD, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** Two phases of two lessons each: the second phase's lessons are 3 and 4, never "1 of 2" or "2.1". */
function twoPhases() {
  const phase = (title: string) => `title: ${title}\nsummary: A phase of the fixture course for numbering tests.\n`;
  const named = (title: string) => GOOD.replace('title: Polling', `title: ${title}`);
  const course = writeCourse({
    'lessons/01-foundations/phase.yaml': phase('Foundations'),
    'lessons/01-foundations/01-intro.mdx': named('Intro'),
    'lessons/01-foundations/02-polling.mdx': named('Polling'),
    'lessons/02-server-sent-events/phase.yaml': phase('Server-Sent Events'),
    'lessons/02-server-sent-events/01-sse-basics.mdx': named('SSE basics'),
    'lessons/02-server-sent-events/02-sse-reconnection.mdx': named('Reconnection'),
  });
  cleanup = course.cleanup;
  return readCourse({ root: course.root }).course;
}

describe('one lesson numbering across the course', () => {
  test('lessons are numbered 1 to N straight through the phases', () => {
    const course = twoPhases();
    expect(course.lessons.map((lesson) => [lesson.id, lessonNumber(course, lesson.id)])).toEqual([
      ['intro', 1],
      ['polling', 2],
      ['sse-basics', 3],
      ['sse-reconnection', 4],
    ]);
  });

  test("a lesson page's place carries the same number, with its phase", () => {
    const place = placeOf(twoPhases(), 'sse-reconnection');
    expect(place?.number, 'The second lesson of the second phase is lesson 4 of the course').toBe(4);
    expect(place?.phase.order).toBe(2);
    expect(place?.previous?.id).toBe('sse-basics');
  });

  test('an unknown lesson has no number', () => {
    expect(lessonNumber(twoPhases(), 'nope')).toBe(0);
  });
});

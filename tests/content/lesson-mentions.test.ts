import { afterEach, describe, expect, test } from 'vitest';
import { checkQuizLessonMentions, findLessonMentions, mentionedNumbers } from '../../src/content/lesson-mentions.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('findLessonMentions', () => {
  test('finds single numbers, ranges and lists, with the line each starts on', () => {
    const text = 'Lesson 9 takes it apart;\nlessons 8 to 12 build on it, lessons 13–14 and lessons 4, 6 and 7 too.';
    expect(findLessonMentions(text, 10)).toEqual([
      { value: 'Lesson 9', line: 10 },
      { value: 'lessons 8 to 12', line: 11 },
      { value: 'lessons 13–14', line: 11 },
      { value: 'lessons 4, 6 and 7', line: 11 },
    ]);
  });

  test('ignores words that only contain "lesson" and numbers that are not lesson numbers', () => {
    expect(findLessonMentions('The lessons learned: 3 of them. Lessonsfor 4. A lesson, 5 minutes.', 1)).toEqual([]);
  });

  test('a range names both of its ends', () => {
    expect(mentionedNumbers('lessons 13–14')).toEqual([13, 14]);
    expect(mentionedNumbers('lessons 8 to 12')).toEqual([8, 12]);
  });
});

describe('checkQuizLessonMentions', () => {
  test('reports quiz text that names a missing lesson, with file and line, and skips YAML comments', () => {
    const course = writeCourse({
      'quizzes/polling.yaml': [
        '# Quiz for lesson 30 (a comment, not shown to learners).',
        'title: Polling',
        'questions:',
        '  - id: q',
        '    type: single',
        '    prompt: As lesson 2 showed, what does a 304 carry?',
        '    options:',
        '      - { id: a, text: Nothing, correct: true, rationale: See lesson 3. }',
      ].join('\n'),
    });
    cleanup = course.cleanup;
    expect(formatProblems(checkQuizLessonMentions(course.root, 2))).toMatchSnapshot();
  });

  test('a course without quizzes has nothing to report', () => {
    const course = writeCourse({ 'lessons/.keep': '' });
    cleanup = course.cleanup;
    expect(checkQuizLessonMentions(course.root, 2)).toEqual([]);
  });
});

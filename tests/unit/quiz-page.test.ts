import { describe, expect, test } from 'vitest';
import { lessonQuizProblem, quizPagePath } from '../../src/quiz/quiz-page.ts';
import type { Lesson } from '../../src/content/read-course.ts';

const lesson = (url: string, quiz?: string) => ({ id: 'polling', order: 2, phaseSlug: 'foundations', file: 'lessons/01-foundations/02-polling.mdx', url, data: { quiz } }) as unknown as Lesson;

describe('a lesson\'s quiz page', () => {
  test('sits under the lesson, in every edition', () => {
    expect(quizPagePath('/foundations/polling/')).toBe('/foundations/polling/quiz/');
    expect(quizPagePath('/ja/foundations/polling/')).toBe('/ja/foundations/polling/quiz/');
    expect(quizPagePath('/foundations/polling')).toBe('/foundations/polling/quiz/');
  });

  test('exists only where the frontmatter names the same quiz, and a mismatch says what to change', () => {
    const lessons = [lesson('/foundations/polling/', 'polling')];
    expect(lessonQuizProblem('polling', '/foundations/polling/', lessons)).toBeUndefined();
    expect(lessonQuizProblem('long-polling', '/foundations/polling/', lessons)).toBe(
      '<Quiz id="long-polling"> in lessons/01-foundations/02-polling.mdx does not match the frontmatter (quiz: polling), so /foundations/polling/quiz/ would hold another quiz or none. Set `quiz: long-polling` in the frontmatter, or fix the id.',
    );
    expect(lessonQuizProblem('polling', '/foundations/polling/', [lesson('/foundations/polling/')])).toMatch(/\(quiz: missing\).*Set `quiz: polling` in the frontmatter/);
    expect(lessonQuizProblem('polling', '/authoring/', lessons)).toMatch(/^<Quiz id="polling"> is on \/authoring\/, which is not a lesson page\./);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyProgress, type Progress } from '../../src/progress/model.ts';
import { courseTally, fillTemplate, lessonStatus, nextStep, type LessonRef } from '../../src/progress/summary.ts';

const lessons: LessonRef[] = [
  { id: 'intro', title: 'Intro', url: '/a/intro/', exercise: false },
  { id: 'polling', title: 'Polling', url: '/a/polling/', quiz: 'polling', exercise: true },
  { id: 'sse', title: 'SSE', url: '/b/sse/', quiz: 'sse', exercise: false },
];

function progressWith(change: (p: Progress) => void): Progress {
  const p = emptyProgress(1);
  change(p);
  return p;
}
const visit = (p: Progress, id: string, completed: Progress['lessons'][string]['completed'] = {}) =>
  (p.lessons[id] = { firstVisit: 1, lastVisit: 2, completed });

describe('lessonStatus', () => {
  it('a lesson with a quiz and an exercise is finished only when both are done', () => {
    const lesson = lessons[1]!;
    expect(lessonStatus(lesson, progressWith((p) => visit(p, 'polling'))).finished).toBe(false);
    expect(lessonStatus(lesson, progressWith((p) => visit(p, 'polling', { quiz: 5 }))).finished).toBe(false);
    expect(lessonStatus(lesson, progressWith((p) => visit(p, 'polling', { exercise: 5 }))).finished).toBe(false);
    expect(lessonStatus(lesson, progressWith((p) => visit(p, 'polling', { quiz: 5, exercise: 6 })))).toEqual({
      visited: true, quizPassed: true, exerciseDone: true, finished: true,
    });
  });

  it('a lesson that asks for nothing is finished by visiting it', () => {
    expect(lessonStatus(lessons[0]!, emptyProgress(1)).finished).toBe(false);
    expect(lessonStatus(lessons[0]!, progressWith((p) => visit(p, 'intro'))).finished).toBe(true);
  });

  it('a passed quiz state counts even when the lesson record lacks it (older exports)', () => {
    const p = progressWith((p) => {
      visit(p, 'sse');
      p.quizzes.sse = { answers: {}, attempts: {}, checked: {}, revealed: {}, score: 1, passed: true };
    });
    expect(lessonStatus(lessons[2]!, p)).toMatchObject({ quizPassed: true, finished: true });
  });
});

describe('nextStep', () => {
  it('starts at lesson 1 when nothing is done', () => {
    expect(nextStep(lessons, emptyProgress(1))).toEqual({ kind: 'start', lesson: lessons[0] });
  });

  it('continues with the first unfinished lesson in course order, not the last visited', () => {
    const p = progressWith((p) => {
      visit(p, 'intro');
      visit(p, 'polling', { quiz: 3 }); // exercise still open
      visit(p, 'sse', { quiz: 4 });
    });
    expect(nextStep(lessons, p)).toEqual({ kind: 'continue', lesson: lessons[1] });
  });

  it('continues with lesson 1 when only a later lesson was visited', () => {
    expect(nextStep(lessons, progressWith((p) => visit(p, 'sse')))).toEqual({ kind: 'continue', lesson: lessons[0] });
  });

  it('says complete when every lesson is finished', () => {
    const p = progressWith((p) => {
      visit(p, 'intro');
      visit(p, 'polling', { quiz: 3, exercise: 4 });
      visit(p, 'sse', { quiz: 4 });
    });
    expect(nextStep(lessons, p)).toEqual({ kind: 'complete' });
  });

  it('has no step for a course without lessons', () => {
    expect(nextStep([], emptyProgress(1))).toBeUndefined();
  });
});

describe('courseTally and fillTemplate', () => {
  it('counts quizzes and exercises only over lessons that have them', () => {
    const p = progressWith((p) => {
      visit(p, 'intro');
      visit(p, 'polling', { exercise: 4 });
    });
    expect(courseTally(lessons, p)).toEqual({
      visited: { done: 2, total: 3 },
      quizzes: { done: 0, total: 2 },
      exercises: { done: 1, total: 1 },
      finished: { done: 1, total: 3 },
    });
  });

  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('Continue with “{title}” {x}', { title: 'SSE' })).toBe('Continue with “SSE” {x}');
  });
});

/**
 * What the learner has done, lesson by lesson, and where they should go next. Pure functions over the
 * stored progress and a short description of each lesson, so the home roadmap and the end-of-course page
 * agree, and so the rules are unit-tested rather than buried in DOM code.
 */
import type { Progress } from './model.ts';

/** A lesson as the progress views need it; pages embed these as JSON at build time. */
export interface LessonRef {
  id: string;
  title: string;
  url: string;
  /** The quiz id when the lesson has a quiz (quiz ids equal lesson ids today, but need not). */
  quiz?: string;
  /** True when the lesson's sandbox is graded, i.e. there is an exercise to finish. */
  exercise: boolean;
}

export interface LessonStatus {
  visited: boolean;
  quizPassed: boolean;
  exerciseDone: boolean;
  /** Everything the lesson asks for is done: visited, quiz passed (if any), exercise passed (if any). */
  finished: boolean;
}

export function lessonStatus(lesson: LessonRef, progress: Progress): LessonStatus {
  const stored = progress.lessons[lesson.id];
  const visited = Boolean(stored);
  // A pass is recorded twice (lesson completion and the quiz state); either one counts, so progress
  // imported from an older export that has only one of them still shows the pass.
  const quizPassed = Boolean(stored?.completed.quiz) || Boolean(lesson.quiz && progress.quizzes[lesson.quiz]?.passed);
  const exerciseDone = Boolean(stored?.completed.exercise);
  const finished = (visited || quizPassed || exerciseDone) && (!lesson.quiz || quizPassed) && (!lesson.exercise || exerciseDone);
  return { visited, quizPassed, exerciseDone, finished };
}

export type NextStep =
  /** Nothing done yet: begin at the first lesson. */
  | { kind: 'start'; lesson: LessonRef }
  /** Some work done: the first lesson, in course order, that is not finished. */
  | { kind: 'continue'; lesson: LessonRef }
  /** Every lesson finished. */
  | { kind: 'complete' };

export function nextStep(lessons: readonly LessonRef[], progress: Progress): NextStep | undefined {
  const statuses = lessons.map((lesson) => lessonStatus(lesson, progress));
  const first = lessons[0];
  if (!first) return undefined;
  const anything = statuses.some((s) => s.visited || s.quizPassed || s.exerciseDone);
  if (!anything) return { kind: 'start', lesson: first };
  const index = statuses.findIndex((s) => !s.finished);
  const lesson = lessons[index];
  return lesson ? { kind: 'continue', lesson } : { kind: 'complete' };
}

export interface Tally {
  done: number;
  total: number;
}

export interface CourseTally {
  visited: Tally;
  quizzes: Tally;
  exercises: Tally;
  finished: Tally;
}

export function courseTally(lessons: readonly LessonRef[], progress: Progress): CourseTally {
  const tally: CourseTally = {
    visited: { done: 0, total: lessons.length },
    quizzes: { done: 0, total: 0 },
    exercises: { done: 0, total: 0 },
    finished: { done: 0, total: lessons.length },
  };
  for (const lesson of lessons) {
    const status = lessonStatus(lesson, progress);
    if (status.visited) tally.visited.done++;
    if (status.finished) tally.finished.done++;
    if (lesson.quiz) {
      tally.quizzes.total++;
      if (status.quizPassed) tally.quizzes.done++;
    }
    if (lesson.exercise) {
      tally.exercises.total++;
      if (status.exerciseDone) tally.exercises.done++;
    }
  }
  return tally;
}

/** Fills `{name}` placeholders; the templates come from the page, so they can be translated there. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

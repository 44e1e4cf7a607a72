/**
 * The course's lessons as the progress views need them (src/progress/summary.ts): id, title, URL, and
 * whether there is a quiz to pass and a graded exercise to finish. Read at build time; pages embed the
 * result as JSON so the browser can tell which lesson comes next without a second copy of the course.
 */
import type { LessonRef } from '../progress/summary.ts';
import { sandboxesForPages } from '../sandbox/island-data.ts';
import type { Course } from './read-course.ts';

export function lessonRefs(course: Course, root = process.cwd()): LessonRef[] {
  const graded = new Map(sandboxesForPages(root).sandboxes.map((sandbox) => [sandbox.id, sandbox.config.graded]));
  return course.lessons.map((lesson) => ({
    id: lesson.id,
    title: lesson.data.title,
    url: lesson.url,
    ...(lesson.data.quiz ? { quiz: lesson.data.quiz } : {}),
    // A run-only demo (graded: false) never records an exercise as done, so it cannot hold a lesson open.
    exercise: lesson.data.sandbox ? (graded.get(lesson.data.sandbox) ?? false) : false,
  }));
}

/** Where the course ends: the page lesson 20's "Next" link and the home page's finished state point to. */
export const COURSE_COMPLETE_URL = '/course-complete/';

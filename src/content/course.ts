/** The course as pages see it: read once per build (or per request in dev, so edits show at once). */
import { readCourse, type Course, type Lesson, type Phase } from './read-course.ts';

let cached: Course | undefined;

export function getCourse(): Course {
  if (cached && import.meta.env.PROD) return cached;
  cached = readCourse({ root: process.cwd(), includeDrafts: import.meta.env.DEV }).course;
  return cached;
}

export interface LessonPlace {
  lesson: Lesson;
  phase: Phase;
  previous?: Lesson;
  next?: Lesson;
  /** 1-based index within the phase. */
  indexInPhase: number;
}

export function placeOf(course: Course, lessonId: string): LessonPlace | undefined {
  const index = course.lessons.findIndex((lesson) => lesson.id === lessonId);
  const lesson = course.lessons[index];
  if (!lesson) return undefined;
  const phase = course.phases.find((p) => p.slug === lesson.phaseSlug);
  if (!phase) return undefined;
  return {
    lesson,
    phase,
    previous: course.lessons[index - 1],
    next: course.lessons[index + 1],
    indexInPhase: phase.lessons.indexOf(lesson) + 1,
  };
}

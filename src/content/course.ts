/** The course as pages see it: read once per build (or per request in dev, so edits show at once). */
import { readCourse, type Course, type Lesson, type Phase } from './read-course.ts';
import { readEdition, translationLanguages, type Edition } from './editions.ts';
import { ROOT_EDITION, splitEditionPath } from '../i18n/edition-paths.ts';

let cached: Course | undefined;
const editions = new Map<string, { source: Course; edition: Edition }>();

export function getCourse(): Course {
  if (cached && import.meta.env.PROD) return cached;
  cached = readCourse({ root: process.cwd(), includeDrafts: import.meta.env.DEV }).course;
  return cached;
}

/** Every edition of the course: English first, then one per `lessons/<lang>/` folder. */
export function editionLanguages(): string[] {
  return [ROOT_EDITION, ...translationLanguages(process.cwd())];
}

/** The course as edition `lang` shows it (src/content/editions.ts); re-read whenever the English course is. */
export function getEdition(lang: string): Edition {
  const source = getCourse();
  const known = editions.get(lang);
  if (known && known.source === source) return known.edition;
  const edition = readEdition(source, lang, process.cwd());
  editions.set(lang, { source, edition });
  return edition;
}

/**
 * Every translated lesson of every other edition, with its place in that edition's course: the pages
 * under `/<lang>/` (a lesson without a translation has only its English page).
 */
export function translatedLessonPlaces(): { lang: string; place: LessonPlace }[] {
  return editionLanguages()
    .filter((lang) => lang !== ROOT_EDITION)
    .flatMap((lang) => {
      const edition = getEdition(lang);
      return edition.course.lessons.flatMap((lesson) => {
        const place = edition.untranslated.has(lesson.id) ? undefined : placeOf(edition.course, lesson.id);
        return place ? [{ lang, place }] : [];
      });
    });
}

/** The edition a page belongs to, from its URL path (`/ja/…` → `ja`), and the path in the root edition. */
export function pageEdition(pathname: string): { lang: string; path: string } {
  return splitEditionPath(pathname, editionLanguages());
}

/**
 * The language of the page at `pathname`: its lesson's in its edition (`/ja/…` lessons are `ja`), else the
 * edition's own (`ja` under /ja/, the course's language at the root). Components inside lesson prose use it.
 */
export function pageLanguage(pathname: string, courseLang: string): string {
  const { lang } = pageEdition(pathname);
  const lesson = getEdition(lang).course.lessons.find((candidate) => candidate.url === pathname);
  return lesson?.data.lang ?? (lang === ROOT_EDITION ? courseLang : lang);
}

/** A lesson page's language: the lesson's, else its phase's, else the course's (the authoring guide, "Languages"). */
export function lessonLanguage({ lesson, phase }: Pick<LessonPlace, 'lesson' | 'phase'>, courseLang: string): string {
  return lesson.data.lang ?? phase.meta.lang ?? courseLang;
}

export interface LessonPlace {
  lesson: Lesson;
  phase: Phase;
  previous?: Lesson;
  next?: Lesson;
  /** The lesson's number in the whole course, 1-based: the one numbering every page and lesson uses. */
  number: number;
}

/**
 * Lessons are numbered once, across the course (1 to 20), never per phase, so "lesson 9" in prose, on the
 * lesson's own page, on its phase page and on the home page all mean the same lesson. 0 for an unknown id.
 */
export function lessonNumber(course: Course, lessonId: string): number {
  return course.lessons.findIndex((lesson) => lesson.id === lessonId) + 1;
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
    number: index + 1,
  };
}

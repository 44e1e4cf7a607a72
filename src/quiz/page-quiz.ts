/**
 * What Quiz.astro (the whole quiz) and LessonQuiz.astro (a lesson's heading and link) both work out from
 * their props and the page: the language, the strings and the quiz's view. Vite-only, as catalog.ts is; a
 * missing or invalid quiz file stops the build here, naming the lesson.
 */
import { getQuiz } from './catalog.ts';
import { buildQuizView, type QuizView } from './view.ts';
import { quizStrings, type QuizStrings } from './strings.ts';
import { pageLanguage } from '../content/course.ts';
import { siteConfig } from '../config.ts';

export interface QuizProps {
  id: string;
  lessonId?: string;
  headingLevel?: 2 | 3 | 4;
  lang?: string;
}

export interface QuizOnPage {
  strings: QuizStrings;
  view: QuizView;
  /** The heading's id, which the quiz's <section> is labelled by. */
  titleId: string;
}

export function quizOnPage(props: QuizProps, page: { pathname: string; currentLocale: string | undefined }): QuizOnPage {
  // The page's language: its lesson's in its edition (/ja/… → ja, with quizzes/ja/<id>.yaml).
  const lang = props.lang ?? page.currentLocale ?? pageLanguage(page.pathname, siteConfig.lang);
  const strings = quizStrings(lang);
  const view = buildQuizView(getQuiz(props.id, { lessonId: props.lessonId, page: page.pathname, lang }), strings);
  return { strings, view, titleId: `${view.domId}--title` };
}

/**
 * The keys of every word the quiz shows. The words are in locales/<lang>.yaml under `quiz:`, so a
 * translation is a file an instructor adds (npm run check compares it with this list).
 *
 * `{name}` marks a value filled in by `formatString`. Keys ending in `.one` / `.other` are plural forms
 * chosen with `Intl.PluralRules` for the language in `lang`.
 *
 * The server renders with these strings and hands the same object to the browser island as JSON, so the
 * client bundle carries no string table of its own.
 */
import { siteConfig } from '../config.ts';
import { localeSection } from '../i18n/locales.ts';

export const QUIZ_KEYS = [
  'quiz.label',
  'quiz.intro.one',
  'quiz.intro.other',
  'question.number',
  'instructions.single',
  'instructions.multiple.count.one',
  'instructions.multiple.count.other',
  'instructions.multiple.all',
  'instructions.order',
  'instructions.fill',
  'instructions.numeric',
  'instructions.match',
  'control.answer',
  'control.choose',
  'control.moveUp',
  'control.moveDown',
  'control.check',
  'control.checkAll',
  'control.reset',
  'control.showHint',
  'control.showAnswer',
  'hint.label',
  'hint.summary.one',
  'hint.summary.other',
  'answer.summary',
  'answer.right',
  'answer.wrong',
  'answer.correctOrder',
  'answer.accepted',
  'answer.commonWrong',
  'answer.numeric',
  'answer.numericTolerance',
  'answer.pairs',
  'feedback.correct',
  'feedback.incorrect',
  'feedback.unanswered',
  'feedback.tryAgain',
  'feedback.missing.one',
  'feedback.missing.other',
  'feedback.orderPlaced',
  'feedback.matchRight',
  'feedback.matchMissing.one',
  'feedback.matchMissing.other',
  'feedback.unknownText',
  'feedback.unknownNumber',
  'feedback.distractor',
  'feedback.matchChoice',
  'order.moved',
  'order.atTop',
  'order.atBottom',
  'summary.progress',
  'summary.score',
  'summary.passed',
  'summary.notPassed',
  'summary.reset',
  'reset.question',
  'reset.body',
  'reset.confirm',
  'reset.cancel',
  'page.title',
  'page.back',
  'page.open',
  'page.failed',
] as const;

export type QuizStringKey = (typeof QUIZ_KEYS)[number];
/** The shape every translation has: the same keys, any wording, and the language they are in. */
export type QuizStrings = { readonly lang: string } & { readonly [K in QuizStringKey]: string };

/** The strings for a language (e.g. the page's `lang`), each key falling back to English (locales/en.yaml). */
export function quizStrings(lang: string | undefined): QuizStrings {
  const tag = lang ?? siteConfig.lang;
  return { lang: tag, ...localeSection('quiz', QUIZ_KEYS, tag) };
}

/** The English strings (tests and tools that render without a page). */
export const en: QuizStrings = quizStrings('en');

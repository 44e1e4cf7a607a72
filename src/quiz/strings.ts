/**
 * Every word the quiz shows, keyed, so a translation is one more object of the same shape (e.g. a `ja`
 * export below or in a sibling file) rather than edits all over the engine.
 *
 * `{name}` marks a value filled in by `formatString`. Keys ending in `.one` / `.other` are plural forms
 * chosen with `Intl.PluralRules` for the language in `lang`.
 *
 * The server renders with these strings and hands the same object to the browser island as JSON, so the
 * client bundle carries no string table of its own.
 */
export const en = {
  lang: 'en',
  // Heading area
  'quiz.label': 'Quiz',
  'quiz.intro.one': 'One question. Pass mark: {passMark} %.',
  'quiz.intro.other': '{count} questions. Pass mark: {passMark} %.',
  'question.number': 'Question {number} of {total}',
  // Instructions per question type
  'instructions.single': 'Choose one answer.',
  'instructions.multiple.count.one': 'Select 1.',
  'instructions.multiple.count.other': 'Select {count}.',
  'instructions.multiple.all': 'Select all that apply.',
  'instructions.order': 'Put the items in the right order. Use the Move up and Move down buttons next to each item.',
  'instructions.fill': 'Type your answer.',
  'instructions.numeric': 'Enter a number.',
  'instructions.match': 'For each item, choose its match from the list.',
  // Controls
  'control.answer': 'Your answer',
  'control.choose': 'Choose…',
  'control.moveUp': 'Move up',
  'control.moveDown': 'Move down',
  'control.check': 'Check',
  'control.checkAll': 'Check all answers',
  'control.reset': 'Start over',
  'control.showHint': 'Show a hint',
  'control.showAnswer': 'Show answer',
  // Hints
  'hint.label': 'Hint {number} of {total}',
  'hint.summary.one': 'Hint',
  'hint.summary.other': 'Hints ({count})',
  // The written-out answer (what readers without JavaScript see, and "Show answer")
  'answer.summary': 'Answer',
  'answer.right': 'Right',
  'answer.wrong': 'Wrong',
  'answer.correctOrder': 'The correct order:',
  'answer.accepted': 'Accepted answers:',
  'answer.commonWrong': 'Common wrong answers:',
  'answer.numeric': 'The answer is {answer}.',
  'answer.numericTolerance': 'The answer is {answer} (anything from {min} to {max} counts).',
  'answer.pairs': 'The matches:',
  // Feedback after "Check"
  'feedback.correct': 'Correct!',
  'feedback.incorrect': 'Not quite.',
  'feedback.unanswered': 'Answer the question first, then check.',
  'feedback.tryAgain': 'Change your answer and check again, or use “Show answer”.',
  'feedback.missing.one': 'One more correct option is not selected yet.',
  'feedback.missing.other': '{count} more correct options are not selected yet.',
  'feedback.orderPlaced': '{right} of {total} items are in the right place.',
  'feedback.matchRight': '{right} of {total} matches are right.',
  'feedback.matchMissing.one': 'One item has no match chosen yet.',
  'feedback.matchMissing.other': '{count} items have no match chosen yet.',
  'feedback.unknownText': '“{answer}” is not an accepted answer.',
  'feedback.unknownNumber': '{answer} is not the right number.',
  'feedback.distractor': 'This choice matches none of the items.',
  'feedback.matchChoice': '{left} → {right}',
  // Order announcements for screen readers
  'order.moved': '“{item}” moved to position {position} of {total}.',
  'order.atTop': '“{item}” is already first.',
  'order.atBottom': '“{item}” is already last.',
  // Quiz summary
  'summary.progress': '{checked} of {total} questions checked. Check them all to see your score.',
  'summary.score': 'You scored {correct} of {total} ({percent} %) — {verdict}.',
  'summary.passed': 'passed',
  'summary.notPassed': 'not passed yet; the pass mark is {passMark} %',
  'summary.reset': 'Your answers were cleared.',
  // "Start over" confirmation
  'reset.question': 'Start this quiz over?',
  'reset.body': 'This clears every answer, result and hint you opened in this quiz. A pass you already earned stays recorded.',
  'reset.confirm': 'Clear my answers',
  'reset.cancel': 'Keep my answers',
} as const;

export type QuizStringKey = keyof typeof en;
/** The shape every translation has: the same keys, any wording. */
export type QuizStrings = { readonly [K in QuizStringKey]: string };

const translations: Record<string, QuizStrings> = { en };

/** The strings for a language (e.g. the page's `lang`), falling back to English. */
export function quizStrings(lang: string | undefined): QuizStrings {
  const base = (lang ?? 'en').toLowerCase().split('-')[0] ?? 'en';
  return translations[base] ?? en;
}

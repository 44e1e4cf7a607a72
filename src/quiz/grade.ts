/**
 * Grading: pure functions from (question, learner's answer) to a verdict with the rationales that explain
 * it. No DOM, no zod: the browser island bundles this module, and tests call it directly.
 *
 * Answers come from the page or from saved progress, which may be stale or corrupted, so every grader
 * accepts `unknown` and reports `invalid` instead of throwing when the shape is wrong.
 *
 * Answer shapes, by question type:
 * - single:   the chosen option id, e.g. `"d"`
 * - multiple: the chosen option ids, e.g. `["a", "c"]`
 * - order:    every item id, in the learner's order
 * - fill:     the typed text
 * - numeric:  the typed number
 * - match:    left pair id → chosen right-side value: a pair id, or `~0`, `~1`, … for distractors
 */
import type {
  FillQuestion,
  MatchQuestion,
  MultipleQuestion,
  NumericQuestion,
  OrderQuestion,
  Question,
  QuizFile,
  SingleQuestion,
} from './schema.ts';

export { hashString, mulberry32, questionSeed, seededShuffle, shuffleAwayFromOriginal } from './shuffle.ts';

/** How an answer fared. `invalid` means the answer's shape does not fit the question (stale or corrupt). */
export type GradeStatus = 'correct' | 'incorrect' | 'unanswered' | 'invalid';

/** One explanation to show: about something the learner chose, placed or typed. */
export interface FeedbackEntry {
  /** What this entry is about: an option/item id, a match pair's id (its left side), or the typed answer. */
  subject: string;
  /** Whether that choice was right. */
  correct: boolean;
  /**
   * Where the rationale comes from, so a page can show its rendered form: an option, item or pair id,
   * `accept-<n>` / `wrong-<n>` (fill, numeric), or `answer` (numeric). Absent when nothing explains it
   * (a typed answer nobody anticipated, a distractor chosen in a match).
   */
  source?: string;
  rationale?: string;
}

/** Counts behind the verdict; what they count depends on the question type (see each grader). */
export interface Tally {
  /** Right choices / correctly placed items / correctly matched pairs. */
  right: number;
  /** Wrong choices / misplaced items / wrongly matched pairs. */
  wrong: number;
  /** Correct options not chosen (multiple) / left sides without a choice (match). */
  missing: number;
  /** What "all right" means: correct options (multiple), items (order), pairs (match), otherwise 1. */
  total: number;
}

export interface QuestionGrade {
  questionId: string;
  type: Question['type'];
  status: GradeStatus;
  correct: boolean;
  feedback: FeedbackEntry[];
  tally: Tally;
}

/** Distractor values in match answers: `~` cannot occur in ids, so they never collide with pair ids. */
export function distractorValue(index: number): string {
  return `~${index}`;
}

/**
 * Fill-in answers are compared after Unicode NFKC normalisation, trimming, and collapsing inner white space
 * to one space; letter case only when the question asks. NFKC (not just NFC) so a pasted "é" equals a
 * typed one and the full-width forms a Japanese input method types by default (`３０４`, `ＥＴａｇ`, the
 * ideographic space `　`) equal their ASCII forms; translators list only the ASCII form.
 */
export function normaliseFillText(text: string, caseSensitive: boolean): string {
  const collapsed = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}

/**
 * |value − answer| ≤ tolerance, with a little slack for binary floating point: 0.4 − 0.3 is
 * 0.10000000000000003, which must still count as within a tolerance of 0.1.
 */
export function withinTolerance(value: number, answer: number, tolerance: number): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(answer), Math.abs(tolerance));
  return Math.abs(value - answer) <= tolerance + slack;
}

function tally(right: number, wrong: number, missing: number, total: number): Tally {
  return { right, wrong, missing, total };
}

function result(
  question: Question,
  status: GradeStatus,
  feedback: FeedbackEntry[] = [],
  counts: Tally = tally(0, 0, 0, 1),
): QuestionGrade {
  return { questionId: question.id, type: question.type, status, correct: status === 'correct', feedback, tally: counts };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

function gradeSingle(question: SingleQuestion, answer: unknown): QuestionGrade {
  if (answer === undefined || answer === null || answer === '') return result(question, 'unanswered');
  if (typeof answer !== 'string') return result(question, 'invalid');
  const option = question.options.find((candidate) => candidate.id === answer);
  if (!option) return result(question, 'invalid');
  const feedback = [{ subject: option.id, correct: option.correct, source: option.id, rationale: option.rationale }];
  return result(question, option.correct ? 'correct' : 'incorrect', feedback, tally(option.correct ? 1 : 0, option.correct ? 0 : 1, 0, 1));
}

/**
 * Right only when exactly the correct options are ticked. Feedback covers every ticked option in the
 * order shown; `tally.missing` says how many correct ones are still unticked, without naming them.
 */
function gradeMultiple(question: MultipleQuestion, answer: unknown): QuestionGrade {
  const totalCorrect = question.options.filter((option) => option.correct).length;
  if (answer === undefined || answer === null || (Array.isArray(answer) && answer.length === 0)) {
    return result(question, 'unanswered', [], tally(0, 0, totalCorrect, totalCorrect));
  }
  if (!isStringArray(answer) || hasDuplicates(answer)) return result(question, 'invalid');
  const chosen = new Set(answer);
  if (answer.some((id) => !question.options.some((option) => option.id === id))) return result(question, 'invalid');
  const feedback: FeedbackEntry[] = question.options
    .filter((option) => chosen.has(option.id))
    .map((option) => ({ subject: option.id, correct: option.correct, source: option.id, rationale: option.rationale }));
  const right = feedback.filter((entry) => entry.correct).length;
  const wrong = feedback.length - right;
  const missing = totalCorrect - right;
  const status = wrong === 0 && missing === 0 ? 'correct' : 'incorrect';
  return result(question, status, feedback, tally(right, wrong, missing, totalCorrect));
}

/** Right when every item sits where the author listed it; feedback is per item, in the learner's order. */
function gradeOrder(question: OrderQuestion, answer: unknown): QuestionGrade {
  const total = question.items.length;
  if (answer === undefined || answer === null || (Array.isArray(answer) && answer.length === 0)) {
    return result(question, 'unanswered', [], tally(0, 0, 0, total));
  }
  if (!isStringArray(answer) || answer.length !== total || hasDuplicates(answer)) return result(question, 'invalid');
  const positions = new Map(question.items.map((item, index) => [item.id, index]));
  if (answer.some((id) => !positions.has(id))) return result(question, 'invalid');
  const feedback = answer.map((id, index) => {
    const item = question.items[positions.get(id) ?? -1];
    return { subject: id, correct: positions.get(id) === index, source: id, rationale: item?.rationale ?? '' };
  });
  const right = feedback.filter((entry) => entry.correct).length;
  return result(question, right === total ? 'correct' : 'incorrect', feedback, tally(right, total - right, 0, total));
}

function gradeFill(question: FillQuestion, answer: unknown): QuestionGrade {
  if (answer === undefined || answer === null) return result(question, 'unanswered');
  if (typeof answer !== 'string') return result(question, 'invalid');
  const typed = normaliseFillText(answer, question.caseSensitive);
  if (typed === '') return result(question, 'unanswered');
  const subject = answer.trim().replace(/\s+/g, ' ');
  const acceptIndex = question.accept.findIndex((accepted) => normaliseFillText(accepted.text, question.caseSensitive) === typed);
  const accepted = question.accept[acceptIndex];
  if (accepted) {
    return result(question, 'correct', [{ subject, correct: true, source: `accept-${acceptIndex}`, rationale: accepted.rationale }], tally(1, 0, 0, 1));
  }
  const wrongIndex = question.wrong.findIndex((known) => normaliseFillText(known.text, question.caseSensitive) === typed);
  const known = question.wrong[wrongIndex];
  const feedback: FeedbackEntry[] = known
    ? [{ subject, correct: false, source: `wrong-${wrongIndex}`, rationale: known.rationale }]
    : [{ subject, correct: false }];
  return result(question, 'incorrect', feedback, tally(0, 1, 0, 1));
}

function gradeNumeric(question: NumericQuestion, answer: unknown): QuestionGrade {
  // An empty number input has no value; JSON turns NaN into null. Both mean "not answered yet".
  if (answer === undefined || answer === null || (typeof answer === 'number' && Number.isNaN(answer))) {
    return result(question, 'unanswered');
  }
  if (typeof answer !== 'number' || !Number.isFinite(answer)) return result(question, 'invalid');
  const subject = String(answer);
  if (withinTolerance(answer, question.answer, question.tolerance)) {
    return result(question, 'correct', [{ subject, correct: true, source: 'answer', rationale: question.rationale }], tally(1, 0, 0, 1));
  }
  const wrongIndex = question.wrong.findIndex((known) => withinTolerance(answer, known.value, 0));
  const known = question.wrong[wrongIndex];
  const feedback: FeedbackEntry[] = known
    ? [{ subject, correct: false, source: `wrong-${wrongIndex}`, rationale: known.rationale }]
    : [{ subject, correct: false }];
  return result(question, 'incorrect', feedback, tally(0, 1, 0, 1));
}

/**
 * One entry per left side the learner matched, in the written order. A wrong match explains the right
 * side that was chosen (via the rationale of the pair it belongs to), which tells the learner why it is
 * wrong without revealing what is right; a distractor has no rationale.
 */
function gradeMatch(question: MatchQuestion, answer: unknown): QuestionGrade {
  const total = question.pairs.length;
  if (answer === undefined || answer === null) return result(question, 'unanswered', [], tally(0, 0, total, total));
  if (typeof answer !== 'object' || Array.isArray(answer)) return result(question, 'invalid');
  const choices = answer as Record<string, unknown>;
  const pairIds = new Set(question.pairs.map((pair) => pair.id));
  const distractorValues = new Set(question.distractors.map((_, index) => distractorValue(index)));
  for (const [left, value] of Object.entries(choices)) {
    const knownValue = value === '' || value === null || (typeof value === 'string' && (pairIds.has(value) || distractorValues.has(value)));
    if (!pairIds.has(left) || !knownValue) return result(question, 'invalid');
  }
  const feedback: FeedbackEntry[] = [];
  let missing = 0;
  for (const pair of question.pairs) {
    const value = Object.hasOwn(choices, pair.id) ? choices[pair.id] : undefined;
    if (typeof value !== 'string' || value === '') {
      missing++;
      continue;
    }
    const chosenPair = question.pairs.find((candidate) => candidate.id === value);
    feedback.push(
      chosenPair
        ? { subject: pair.id, correct: chosenPair.id === pair.id, source: chosenPair.id, rationale: chosenPair.rationale }
        : { subject: pair.id, correct: false },
    );
  }
  if (missing === total) return result(question, 'unanswered', [], tally(0, 0, total, total));
  const right = feedback.filter((entry) => entry.correct).length;
  const wrong = feedback.length - right;
  return result(question, right === total ? 'correct' : 'incorrect', feedback, tally(right, wrong, missing, total));
}

/** Grades one question. Never throws on a bad answer: the status says `invalid` instead. */
export function gradeQuestion(question: Question, answer: unknown): QuestionGrade {
  switch (question.type) {
    case 'single':
      return gradeSingle(question, answer);
    case 'multiple':
      return gradeMultiple(question, answer);
    case 'order':
      return gradeOrder(question, answer);
    case 'fill':
      return gradeFill(question, answer);
    case 'numeric':
      return gradeNumeric(question, answer);
    case 'match':
      return gradeMatch(question, answer);
  }
}

export interface QuizGrade {
  results: QuestionGrade[];
  correctCount: number;
  total: number;
  /** correctCount / total, 0..1. Every question weighs the same and counts only when fully right. */
  score: number;
  passed: boolean;
}

/** Whether a score reaches the pass mark; shares the float slack so 4/5 passes a mark of 0.8. */
export function reachesPassMark(score: number, passMark: number): boolean {
  return score + 1e-9 >= passMark;
}

/** Grades every question; `answers` maps question ids to answers (missing ones count as unanswered). */
export function gradeQuiz(quiz: Pick<QuizFile, 'questions' | 'passMark'>, answers: Readonly<Record<string, unknown>>): QuizGrade {
  const results = quiz.questions.map((question) =>
    gradeQuestion(question, Object.hasOwn(answers, question.id) ? answers[question.id] : undefined),
  );
  const correctCount = results.filter((entry) => entry.correct).length;
  const total = results.length;
  const score = total === 0 ? 0 : correctCount / total;
  return { results, correctCount, total, score, passed: reachesPassMark(score, quiz.passMark) };
}

/** An answer that grades as correct; used for "Show answer" and to prove every authored quiz is solvable. */
export function correctAnswer(question: Question): unknown {
  switch (question.type) {
    case 'single':
      return question.options.find((option) => option.correct)?.id;
    case 'multiple':
      return question.options.filter((option) => option.correct).map((option) => option.id);
    case 'order':
      return question.items.map((item) => item.id);
    case 'fill':
      return question.accept[0]?.text;
    case 'numeric':
      return question.answer;
    case 'match':
      return Object.fromEntries(question.pairs.map((pair) => [pair.id, pair.id]));
  }
}

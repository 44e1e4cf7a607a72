/**
 * The quiz island's state as pure data transitions, so the rules (what a check records, when the score
 * counts, when the quiz is passed) are tested without a browser. The island only wires DOM events to these.
 *
 * The state shape is the progress store's `QuizState`; it is saved after every change.
 */
import type { QuizState } from '../progress/store.ts';
import { reachesPassMark, type QuestionGrade } from './grade.ts';
import type { QuizFile } from './schema.ts';

type QuizShape = Pick<QuizFile, 'questions' | 'passMark'>;

export function emptyQuizState(): QuizState {
  return { answers: {}, attempts: {}, checked: {}, revealed: {}, score: 0, passed: false };
}

function pickKnown<T>(record: Record<string, T> | undefined, ids: ReadonlySet<string>, keep: (value: T) => boolean): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [id, value] of Object.entries(record ?? {})) if (ids.has(id) && keep(value)) result[id] = value;
  return result;
}

/**
 * Saved state, cleaned against the current quiz: entries for questions that no longer exist are dropped,
 * counts are clamped. An author renaming a question therefore resets only that question.
 */
export function restoreQuizState(saved: QuizState | undefined, quiz: QuizShape): QuizState {
  if (!saved) return emptyQuizState();
  const ids = new Set(quiz.questions.map((question) => question.id));
  const hintCounts = new Map(quiz.questions.map((question) => [question.id, question.hints.length]));
  const revealed = pickKnown(saved.revealed, ids, (count) => Number.isInteger(count) && count > 0);
  for (const [id, count] of Object.entries(revealed)) {
    const clamped = Math.min(count, hintCounts.get(id) ?? 0);
    if (clamped > 0) revealed[id] = clamped;
    else delete revealed[id];
  }
  return {
    answers: pickKnown(saved.answers, ids, (answer) => answer !== undefined),
    attempts: pickKnown(saved.attempts, ids, (count) => Number.isInteger(count) && count > 0),
    checked: pickKnown(saved.checked, ids, (value) => typeof value === 'boolean'),
    revealed,
    score: saved.score >= 0 && saved.score <= 1 ? saved.score : 0,
    passed: saved.passed === true,
  };
}

/** Remembers the learner's current answer (before any check). */
export function recordAnswer(state: QuizState, questionId: string, answer: unknown): QuizState {
  return { ...state, answers: { ...state.answers, [questionId]: answer } };
}

export interface QuizSummary {
  total: number;
  /** Questions checked at least once. */
  checkedCount: number;
  /** Questions whose latest check was right. */
  correctCount: number;
  /** True once every question has been checked: only then is there a score. */
  complete: boolean;
  score: number;
  passed: boolean;
}

/** Where the quiz stands, from the latest check of each question. */
export function summarise(quiz: QuizShape, state: QuizState): QuizSummary {
  const total = quiz.questions.length;
  const checkedCount = quiz.questions.filter((question) => question.id in state.checked).length;
  const correctCount = quiz.questions.filter((question) => state.checked[question.id] === true).length;
  const complete = total > 0 && checkedCount === total;
  const score = complete ? correctCount / total : 0;
  return { total, checkedCount, correctCount, complete, score, passed: complete && reachesPassMark(score, quiz.passMark) };
}

export interface CheckOptions {
  /**
   * "Check all answers" grades the whole quiz, so an unanswered question counts as a wrong attempt there;
   * a single question's "Check" on an empty answer only nudges. Default: false.
   */
  unansweredIsWrong?: boolean;
}

/**
 * Records a check. Unanswered or invalid answers are not attempts unless `unansweredIsWrong` is set.
 * Once every question is checked the score is stored; `passed` stays true once earned, so a later wrong
 * retry does not take away a completed lesson.
 */
export function recordCheck(
  state: QuizState,
  quiz: QuizShape,
  grade: QuestionGrade,
  answer: unknown,
  options: CheckOptions = {},
): QuizState {
  const counts = grade.status === 'correct' || grade.status === 'incorrect' || options.unansweredIsWrong === true;
  if (!counts) return recordAnswer(state, grade.questionId, answer);
  const next: QuizState = {
    ...state,
    answers: { ...state.answers, [grade.questionId]: answer },
    attempts: { ...state.attempts, [grade.questionId]: (state.attempts[grade.questionId] ?? 0) + 1 },
    checked: { ...state.checked, [grade.questionId]: grade.correct },
  };
  const summary = summarise(quiz, next);
  if (!summary.complete) return next;
  return { ...next, score: summary.score, passed: state.passed || summary.passed };
}

/** Reveals the next hint, never more than the question has. */
export function revealHint(state: QuizState, questionId: string, hintCount: number): QuizState {
  const revealed = Math.min((state.revealed[questionId] ?? 0) + 1, hintCount);
  return { ...state, revealed: { ...state.revealed, [questionId]: revealed } };
}

/** "Show answer" is offered once the latest check of a question was wrong. */
export function canShowAnswer(state: QuizState, questionId: string): boolean {
  return (state.attempts[questionId] ?? 0) > 0 && state.checked[questionId] === false;
}

/**
 * "Start over": clears answers, checks and hints but keeps `passed`, because the lesson's completion
 * was earned and the progress store keeps it anyway.
 */
export function resetQuizState(state: QuizState): QuizState {
  return { ...emptyQuizState(), passed: state.passed };
}

/** The island's state rules, as pure transitions over the progress store's QuizState. */
import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../src/quiz/grade.ts';
import {
  canShowAnswer,
  emptyQuizState,
  recordAnswer,
  recordCheck,
  resetQuizState,
  restoreQuizState,
  revealHint,
  summarise,
} from '../../src/quiz/session.ts';
import { QuizFile } from '../../src/quiz/schema.ts';

const quiz = QuizFile.parse({
  title: 'Two questions',
  passMark: 0.5,
  questions: [
    {
      id: 'one',
      type: 'single',
      prompt: 'P',
      hints: ['h1', 'h2'],
      options: [
        { id: 'a', text: 'A', correct: true, rationale: 'r' },
        { id: 'b', text: 'B', rationale: 'r' },
      ],
    },
    { id: 'two', type: 'numeric', prompt: 'P', answer: 2, rationale: 'r' },
  ],
});
const [one, two] = quiz.questions as [(typeof quiz.questions)[number], (typeof quiz.questions)[number]];

function check(state = emptyQuizState(), question = one, answer: unknown = 'a', options = {}) {
  return recordCheck(state, quiz, gradeQuestion(question, answer), answer, options);
}

describe('recordCheck', () => {
  it('counts attempts and remembers whether the latest check was right', () => {
    let state = check(undefined, one, 'b');
    expect(state).toMatchObject({ attempts: { one: 1 }, checked: { one: false }, answers: { one: 'b' } });
    state = check(state, one, 'a');
    expect(state).toMatchObject({ attempts: { one: 2 }, checked: { one: true } });
  });

  it('does not count an unanswered check as an attempt, but keeps the (empty) answer', () => {
    const state = check(undefined, two, null);
    expect(state.attempts).toEqual({});
    expect(state.checked).toEqual({});
    expect(state.answers).toEqual({ two: null });
  });

  it('counts unanswered questions as wrong attempts for "Check all answers"', () => {
    const state = check(undefined, two, null, { unansweredIsWrong: true });
    expect(state).toMatchObject({ attempts: { two: 1 }, checked: { two: false } });
  });

  it('scores only once every question has been checked, then keeps passed once earned', () => {
    let state = check(undefined, one, 'a');
    expect(state).toMatchObject({ score: 0, passed: false });
    state = check(state, two, 3);
    expect(state).toMatchObject({ score: 0.5, passed: true });
    // A later wrong retry lowers the score but does not take the pass away.
    state = check(state, one, 'b');
    expect(state).toMatchObject({ score: 0, passed: true });
  });

  it('does not change the state it was given', () => {
    const before = emptyQuizState();
    check(before, one, 'a');
    expect(before).toEqual(emptyQuizState());
  });
});

describe('summarise', () => {
  it('reports progress before every question is checked, and the score after', () => {
    expect(summarise(quiz, emptyQuizState())).toEqual({ total: 2, checkedCount: 0, correctCount: 0, complete: false, score: 0, passed: false });
    const partial = check(undefined, two, 2);
    expect(summarise(quiz, partial)).toMatchObject({ checkedCount: 1, correctCount: 1, complete: false, passed: false });
    const full = check(partial, one, 'b');
    expect(summarise(quiz, full)).toEqual({ total: 2, checkedCount: 2, correctCount: 1, complete: true, score: 0.5, passed: true });
  });
});

describe('hints and "Show answer"', () => {
  it('reveals hints one at a time, never more than exist', () => {
    let state = revealHint(emptyQuizState(), 'one', 2);
    expect(state.revealed).toEqual({ one: 1 });
    state = revealHint(revealHint(state, 'one', 2), 'one', 2);
    expect(state.revealed).toEqual({ one: 2 });
  });

  it('offers the answer only after a wrong check', () => {
    expect(canShowAnswer(emptyQuizState(), 'one')).toBe(false);
    expect(canShowAnswer(check(undefined, one, 'b'), 'one')).toBe(true);
    expect(canShowAnswer(check(check(undefined, one, 'b'), one, 'a'), 'one')).toBe(false);
  });
});

describe('restoreQuizState', () => {
  it('starts empty when nothing was saved', () => {
    expect(restoreQuizState(undefined, quiz)).toEqual(emptyQuizState());
  });

  it('drops entries for questions that no longer exist and clamps hint counts', () => {
    const restored = restoreQuizState(
      {
        answers: { one: 'a', gone: 'x' },
        attempts: { one: 2, gone: 1, two: -1 },
        checked: { one: true, gone: false },
        revealed: { one: 9, two: 1, gone: 1 },
        score: 1,
        passed: true,
      },
      quiz,
    );
    expect(restored).toEqual({ answers: { one: 'a' }, attempts: { one: 2 }, checked: { one: true }, revealed: { one: 2 }, score: 1, passed: true });
  });

  it('repairs an out-of-range score', () => {
    expect(restoreQuizState({ ...emptyQuizState(), score: 7 }, quiz).score).toBe(0);
  });
});

describe('resetQuizState and recordAnswer', () => {
  it('clears everything but the earned pass', () => {
    const state = check(check(undefined, one, 'a'), two, 2);
    expect(resetQuizState(revealHint(state, 'one', 2))).toEqual({ ...emptyQuizState(), passed: true });
  });

  it('records an answer without grading it', () => {
    expect(recordAnswer(emptyQuizState(), 'two', 5)).toEqual({ ...emptyQuizState(), answers: { two: 5 } });
  });
});

/**
 * Grading rules for numeric and matching questions, the correct answers shown, and whole-quiz scores.
 */
import { describe, expect, it } from 'vitest';
import {
  correctAnswer,
  distractorValue,
  gradeQuestion,
  gradeQuiz,
  reachesPassMark,
  withinTolerance,
} from '../../src/quiz/grade.ts';
import { QuizFile } from '../../src/quiz/schema.ts';
import { question, rationale, single, multiple, order, fill, fillCase, numeric, tolerant, match } from './quiz-fixtures.ts';

describe('numeric', () => {
  it('accepts the exact answer when the tolerance is 0 and nothing else', () => {
    expect(gradeQuestion(numeric, 2)).toMatchObject({
      status: 'correct',
      feedback: [{ subject: '2', correct: true, source: 'answer', rationale: 'answer rationale' }],
    });
    expect(gradeQuestion(numeric, 2.001).status).toBe('incorrect');
    expect(gradeQuestion(numeric, 1.999).status).toBe('incorrect');
  });

  it('accepts both edges of the tolerance, inclusive, despite binary floating point', () => {
    // 0.3 ± 0.1: 0.4 - 0.3 is 0.10000000000000003 in binary floating point, yet it must count.
    expect(gradeQuestion(tolerant, 0.4).status).toBe('correct');
    expect(gradeQuestion(tolerant, 0.2).status).toBe('correct');
    expect(gradeQuestion(tolerant, 0.1 + 0.2).status).toBe('correct');
    expect(gradeQuestion(tolerant, 0.35).status).toBe('correct');
  });

  it('rejects values just outside the tolerance', () => {
    expect(gradeQuestion(tolerant, 0.40001).status).toBe('incorrect');
    expect(gradeQuestion(tolerant, 0.19999).status).toBe('incorrect');
    expect(gradeQuestion(tolerant, -0.3).status).toBe('incorrect');
  });

  it('keeps the float slack tiny relative to the numbers involved', () => {
    expect(withinTolerance(1_000_000.001, 1_000_000, 0)).toBe(false);
    expect(withinTolerance(1e-12, 0, 0)).toBe(true);
    expect(withinTolerance(1e-6, 0, 0)).toBe(false);
  });

  it('gives the rationale of a known wrong value, and none for other wrong values', () => {
    expect(gradeQuestion(numeric, 6).feedback).toEqual([{ subject: '6', correct: false, source: 'wrong-1', rationale: 'six rationale' }]);
    expect(gradeQuestion(numeric, 5).feedback).toEqual([{ subject: '5', correct: false }]);
  });

  it.each([undefined, null, Number.NaN])('treats %s (an empty number field) as unanswered', (answer) => {
    expect(gradeQuestion(numeric, answer).status).toBe('unanswered');
  });

  it.each([['a numeric string', '2'], ['Infinity', Number.POSITIVE_INFINITY], ['a list', [2]], ['a boolean', true]])(
    'reports %s as invalid',
    (_label, answer) => {
      expect(gradeQuestion(numeric, answer).status).toBe('invalid');
    },
  );
});

describe('matching', () => {
  const allRight = { sse: 'sse', ws: 'ws', poll: 'poll' };

  it('is correct when every left side has its own right side', () => {
    expect(gradeQuestion(match, allRight)).toMatchObject({ status: 'correct', tally: { right: 3, wrong: 0, missing: 0, total: 3 } });
  });

  it('explains a wrong match with the rationale of the pair whose right side was chosen', () => {
    const grade = gradeQuestion(match, { sse: 'ws', ws: 'ws', poll: 'poll' });
    expect(grade.status).toBe('incorrect');
    expect(grade.feedback[0]).toEqual({ subject: 'sse', correct: false, source: 'ws', rationale: 'ws rationale' });
    expect(grade.tally).toEqual({ right: 2, wrong: 1, missing: 0, total: 3 });
  });

  it('counts a chosen distractor as wrong, without a rationale', () => {
    const grade = gradeQuestion(match, { sse: distractorValue(1), ws: 'ws', poll: 'poll' });
    expect(grade.feedback[0]).toEqual({ subject: 'sse', correct: false });
    expect(grade.tally).toEqual({ right: 2, wrong: 1, missing: 0, total: 3 });
  });

  it('counts left sides without a choice as missing; a partial answer is incorrect', () => {
    const grade = gradeQuestion(match, { sse: 'sse', ws: '' });
    expect(grade).toMatchObject({ status: 'incorrect', tally: { right: 1, wrong: 0, missing: 2, total: 3 } });
    expect(grade.feedback.map((entry) => entry.subject)).toEqual(['sse']);
  });

  it('treats an answer with no choices at all as unanswered', () => {
    expect(gradeQuestion(match, {}).status).toBe('unanswered');
    expect(gradeQuestion(match, { sse: '', ws: null }).status).toBe('unanswered');
    expect(gradeQuestion(match, undefined).status).toBe('unanswered');
  });

  it.each([
    ['an unknown left side', { sse: 'sse', nope: 'ws' }],
    ['an unknown right side', { sse: 'nope' }],
    ['a distractor index that does not exist', { sse: distractorValue(2) }],
    ['a non-string choice', { sse: 1 }],
    ['a list', ['sse', 'ws', 'poll']],
    ['a string', 'sse'],
  ])('reports %s as invalid', (_label, answer) => {
    expect(gradeQuestion(match, answer).status).toBe('invalid');
  });

  it('is not fooled by keys inherited from Object.prototype', () => {
    const tricky = question({
      id: 'tricky',
      type: 'match',
      prompt: 'Match.',
      pairs: [
        { id: 'constructor', left: 'A', right: 'a', rationale: 'r' },
        { id: 'toString', left: 'B', right: 'b', rationale: 'r' },
      ],
    });
    expect(gradeQuestion(tricky, {})).toMatchObject({ status: 'unanswered', tally: { missing: 2 } });
  });
});

describe('correctAnswer', () => {
  it.each([single, multiple, order, fill, fillCase, numeric, tolerant, match])('grades as correct for $id', (q) => {
    expect(gradeQuestion(q, correctAnswer(q)).status).toBe('correct');
  });
});

describe('gradeQuiz', () => {
  const quiz = QuizFile.parse({ title: 'Five', questions: [single, multiple, order, fill, numeric] });

  it('scores 4 of 5 as 0.8, which passes the default pass mark of 0.8', () => {
    const grade = gradeQuiz(quiz, { chat: 'ws', http: ['sse', 'lp', 'poll'], steps: ['a', 'b', 'c'], header: 'If-None-Match', bytes: 4 });
    expect(grade).toMatchObject({ correctCount: 4, total: 5, score: 0.8, passed: true });
    expect(grade.results.map((result) => result.status)).toEqual(['correct', 'correct', 'correct', 'correct', 'incorrect']);
  });

  it('counts missing and invalid answers as not correct', () => {
    const grade = gradeQuiz(quiz, { chat: 'ws', http: 'sse' });
    expect(grade).toMatchObject({ correctCount: 1, score: 0.2, passed: false });
    expect(grade.results.map((result) => result.status)).toEqual(['correct', 'invalid', 'unanswered', 'unanswered', 'unanswered']);
  });

  it('respects the quiz’s own pass mark', () => {
    const strict = { ...quiz, passMark: 1 };
    expect(gradeQuiz(strict, { chat: 'ws' }).passed).toBe(false);
    expect(reachesPassMark(3 / 5, 0.6)).toBe(true);
    expect(reachesPassMark(0.59, 0.6)).toBe(false);
  });

  it('does not read answers from the prototype chain', () => {
    const tricky = QuizFile.parse({ title: 'T', questions: [{ ...single, id: 'toString' }] });
    expect(gradeQuiz(tricky, {}).results[0]?.status).toBe('unanswered');
  });
});


/**
 * Grading rules, one describe block per question type (choice, ordering, fill-in here; numeric, matching
 * and whole quizzes in quiz-grade-scoring.test.ts). Questions go through the real schema so defaults
 * (caseSensitive, tolerance, wrong, distractors, …) are exactly what authors get.
 */
import { describe, expect, it } from 'vitest';
import {
  gradeQuestion,
  normaliseFillText,
} from '../../src/quiz/grade.ts';
import { question, rationale, single, multiple, order, fill, fillCase, match } from './quiz-fixtures.ts';

describe('single choice', () => {
  it('is correct for the correct option and explains it', () => {
    const grade = gradeQuestion(single, 'ws');
    expect(grade).toMatchObject({ questionId: 'chat', type: 'single', status: 'correct', correct: true });
    expect(grade.feedback).toEqual([{ subject: 'ws', correct: true, source: 'ws', rationale: 'ws rationale' }]);
  });

  it('is incorrect for another option and gives that option’s rationale, not the right one’s', () => {
    const grade = gradeQuestion(single, 'sse');
    expect(grade.status).toBe('incorrect');
    expect(grade.feedback).toEqual([{ subject: 'sse', correct: false, source: 'sse', rationale: 'sse rationale' }]);
    expect(grade.tally).toEqual({ right: 0, wrong: 1, missing: 0, total: 1 });
  });

  it.each([undefined, null, ''])('treats %j as unanswered', (answer) => {
    expect(gradeQuestion(single, answer)).toMatchObject({ status: 'unanswered', correct: false, feedback: [] });
  });

  it.each([['unknown id', 'nope'], ['a number', 3], ['a list', ['ws']], ['an object', { id: 'ws' }]])(
    'reports %s as invalid instead of throwing',
    (_label, answer) => {
      expect(gradeQuestion(single, answer)).toMatchObject({ status: 'invalid', correct: false, feedback: [] });
    },
  );
});

describe('multiple choice', () => {
  it('is correct only with exactly the correct options, in any order', () => {
    expect(gradeQuestion(multiple, ['poll', 'sse', 'lp']).status).toBe('correct');
    expect(gradeQuestion(multiple, ['sse', 'lp', 'poll']).tally).toEqual({ right: 3, wrong: 0, missing: 0, total: 3 });
  });

  it('says how many correct options are missing from a partial selection, without naming them', () => {
    const grade = gradeQuestion(multiple, ['sse']);
    expect(grade.status).toBe('incorrect');
    expect(grade.tally).toEqual({ right: 1, wrong: 0, missing: 2, total: 3 });
    expect(grade.feedback.map((entry) => entry.subject)).toEqual(['sse']);
  });

  it('names every selected wrong option, with its rationale, in the written order', () => {
    const grade = gradeQuestion(multiple, ['mqtt', 'sse', 'webrtc']);
    expect(grade.feedback).toEqual([
      { subject: 'sse', correct: true, source: 'sse', rationale: 'sse rationale' },
      { subject: 'webrtc', correct: false, source: 'webrtc', rationale: 'webrtc rationale' },
      { subject: 'mqtt', correct: false, source: 'mqtt', rationale: 'mqtt rationale' },
    ]);
    expect(grade.tally).toEqual({ right: 1, wrong: 2, missing: 2, total: 3 });
  });

  it('is incorrect when all correct options plus a wrong one are selected', () => {
    const grade = gradeQuestion(multiple, ['sse', 'lp', 'poll', 'webrtc']);
    expect(grade.status).toBe('incorrect');
    expect(grade.tally).toEqual({ right: 3, wrong: 1, missing: 0, total: 3 });
  });

  it('is incorrect when only wrong options are selected', () => {
    expect(gradeQuestion(multiple, ['webrtc', 'mqtt']).tally).toEqual({ right: 0, wrong: 2, missing: 3, total: 3 });
  });

  it('treats no selection as unanswered, still reporting how many are missing', () => {
    expect(gradeQuestion(multiple, [])).toMatchObject({ status: 'unanswered', tally: { missing: 3, total: 3 } });
    expect(gradeQuestion(multiple, undefined).status).toBe('unanswered');
  });

  it.each([
    ['a string', 'sse'],
    ['duplicate ids', ['sse', 'sse']],
    ['an unknown id', ['sse', 'nope']],
    ['non-string entries', ['sse', 1]],
    ['an object', { sse: true }],
  ])('reports %s as invalid', (_label, answer) => {
    expect(gradeQuestion(multiple, answer).status).toBe('invalid');
  });
});

describe('ordering', () => {
  it('is correct only in the written order', () => {
    const grade = gradeQuestion(order, ['a', 'b', 'c']);
    expect(grade.status).toBe('correct');
    expect(grade.feedback.map((entry) => entry.rationale)).toEqual(['a rationale', 'b rationale', 'c rationale']);
  });

  it('grades every permutation of three items, counting items in their right place', () => {
    const permutations: [string[], number][] = [
      [['a', 'b', 'c'], 3],
      [['a', 'c', 'b'], 1],
      [['b', 'a', 'c'], 1],
      [['b', 'c', 'a'], 0],
      [['c', 'a', 'b'], 0],
      [['c', 'b', 'a'], 1],
    ];
    for (const [answer, right] of permutations) {
      const grade = gradeQuestion(order, answer);
      expect(grade.correct, answer.join()).toBe(right === 3);
      expect(grade.tally, answer.join()).toEqual({ right, wrong: 3 - right, missing: 0, total: 3 });
    }
  });

  it('reports feedback per item in the learner’s order, marking the misplaced ones', () => {
    expect(gradeQuestion(order, ['c', 'b', 'a']).feedback.map(({ subject, correct }) => [subject, correct])).toEqual([
      ['c', false],
      ['b', true],
      ['a', false],
    ]);
  });

  it.each([
    ['too few items', ['a', 'b']],
    ['too many items', ['a', 'b', 'c', 'd']],
    ['a repeated item', ['a', 'a', 'c']],
    ['an unknown item', ['a', 'b', 'x']],
    ['a string', 'abc'],
  ])('reports %s as invalid', (_label, answer) => {
    expect(gradeQuestion(order, answer).status).toBe('invalid');
  });

  it('treats a missing or empty order as unanswered', () => {
    expect(gradeQuestion(order, undefined).status).toBe('unanswered');
    expect(gradeQuestion(order, []).status).toBe('unanswered');
  });
});

describe('fill in', () => {
  it('accepts an answer regardless of case, surrounding white space and inner runs of spaces', () => {
    for (const typed of ['If-None-Match', 'if-none-match', '  IF-NONE-MATCH\t', 'if  none \t match', ' If None Match ']) {
      expect(gradeQuestion(fill, typed).status, JSON.stringify(typed)).toBe('correct');
    }
  });

  it('explains with the rationale of the accepted answer that matched', () => {
    expect(gradeQuestion(fill, 'if none   match').feedback).toEqual([
      { subject: 'if none match', correct: true, source: 'accept-1', rationale: 'spaced rationale' },
    ]);
  });

  it('does not accept answers that differ by more than white space and case', () => {
    for (const typed of ['IfNoneMatch', 'If-None-Match:', 'If-None', 'If-None-Matches']) {
      expect(gradeQuestion(fill, typed).status, typed).toBe('incorrect');
    }
  });

  it('gives the rationale of a known wrong answer', () => {
    expect(gradeQuestion(fill, ' if-match ').feedback).toEqual([
      { subject: 'if-match', correct: false, source: 'wrong-0', rationale: 'if-match rationale' },
    ]);
  });

  it('has no rationale for an answer nobody anticipated, but still reports what was typed', () => {
    expect(gradeQuestion(fill, 'Etag')).toMatchObject({ status: 'incorrect', feedback: [{ subject: 'Etag', correct: false }] });
    expect(gradeQuestion(fill, 'Etag').feedback[0]).not.toHaveProperty('rationale');
  });

  it('compares letter case when the question asks for it', () => {
    expect(gradeQuestion(fillCase, 'TIME_WAIT').status).toBe('correct');
    expect(gradeQuestion(fillCase, '  TIME_WAIT ').status).toBe('correct');
    expect(gradeQuestion(fillCase, 'time_wait')).toMatchObject({ status: 'incorrect', feedback: [{ source: 'wrong-0' }] });
    expect(gradeQuestion(fillCase, 'Time_Wait').feedback[0]).not.toHaveProperty('source');
  });

  it('normalises Unicode, so a composed and a decomposed "é" are the same answer', () => {
    expect(normaliseFillText('caf\u00e9', true)).toBe(normaliseFillText('cafe\u0301', true));
  });

  it.each([undefined, null, '', '   ', '\n\t'])('treats %j as unanswered', (answer) => {
    expect(gradeQuestion(fill, answer).status).toBe('unanswered');
  });

  it.each([[42], [['If-None-Match']], [{ text: 'If-None-Match' }]])('reports %j as invalid', (answer) => {
    expect(gradeQuestion(fill, answer).status).toBe('invalid');
  });
});


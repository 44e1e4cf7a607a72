/**
 * Grading rules, one describe block per question type. Questions go through the real schema so defaults
 * (caseSensitive, tolerance, wrong, distractors, …) are exactly what authors get.
 */
import { describe, expect, it } from 'vitest';
import {
  correctAnswer,
  distractorValue,
  gradeQuestion,
  gradeQuiz,
  normaliseFillText,
  reachesPassMark,
  withinTolerance,
} from '../../src/quiz/grade.ts';
import { Question, QuizFile, type QuestionInput } from '../../src/quiz/schema.ts';

function question(input: QuestionInput): Question {
  return Question.parse(input);
}

const rationale = (text: string) => `${text} rationale`;

const single = question({
  id: 'chat',
  type: 'single',
  prompt: 'Which technology suits chat?',
  options: [
    { id: 'polling', text: 'Polling', rationale: rationale('polling') },
    { id: 'sse', text: 'SSE', rationale: rationale('sse') },
    { id: 'ws', text: 'WebSocket', correct: true, rationale: rationale('ws') },
  ],
});

const multiple = question({
  id: 'http',
  type: 'multiple',
  prompt: 'Which run over plain HTTP?',
  options: [
    { id: 'sse', text: 'SSE', correct: true, rationale: rationale('sse') },
    { id: 'lp', text: 'Long polling', correct: true, rationale: rationale('lp') },
    { id: 'poll', text: 'Polling', correct: true, rationale: rationale('poll') },
    { id: 'webrtc', text: 'WebRTC data channel', rationale: rationale('webrtc') },
    { id: 'mqtt', text: 'MQTT over TCP', rationale: rationale('mqtt') },
  ],
});

const order = question({
  id: 'steps',
  type: 'order',
  prompt: 'Order the steps.',
  items: [
    { id: 'a', text: 'First', rationale: rationale('a') },
    { id: 'b', text: 'Second', rationale: rationale('b') },
    { id: 'c', text: 'Third', rationale: rationale('c') },
  ],
});

const fill = question({
  id: 'header',
  type: 'fill',
  prompt: 'Which header?',
  accept: [
    { text: 'If-None-Match', rationale: rationale('inm') },
    { text: 'if none match', rationale: rationale('spaced') },
  ],
  wrong: [{ text: 'If-Match', rationale: rationale('if-match') }],
});

const fillCase = question({
  id: 'state',
  type: 'fill',
  prompt: 'Which state?',
  caseSensitive: true,
  accept: [{ text: 'TIME_WAIT', rationale: rationale('tw') }],
  wrong: [{ text: 'time_wait', rationale: rationale('lower') }],
});

const numeric = question({
  id: 'bytes',
  type: 'numeric',
  prompt: 'Bytes?',
  answer: 2,
  unit: 'bytes',
  rationale: rationale('answer'),
  wrong: [
    { value: 4, rationale: rationale('four') },
    { value: 6, rationale: rationale('six') },
  ],
});

const tolerant = question({
  id: 'rate',
  type: 'numeric',
  prompt: 'Rate?',
  answer: 0.3,
  tolerance: 0.1,
  rationale: rationale('rate'),
});

const match = question({
  id: 'pairs',
  type: 'match',
  prompt: 'Match them.',
  pairs: [
    { id: 'sse', left: 'SSE', right: 'One-way', rationale: rationale('sse') },
    { id: 'ws', left: 'WebSocket', right: 'Two-way', rationale: rationale('ws') },
    { id: 'poll', left: 'Polling', right: 'Asks on a timer', rationale: rationale('poll') },
  ],
  distractors: ['No-way', 'Carrier pigeon'],
});

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

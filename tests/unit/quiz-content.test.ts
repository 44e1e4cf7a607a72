/**
 * The course's own quizzes: valid, complete, solvable, and wired to the Phase 1 lessons. Facts are
 * pinned where a spec gives a test vector (RFC 6455 frame header, chunk size, port range).
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { correctAnswer, gradeQuestion, gradeQuiz } from '../../src/quiz/grade.ts';
import { loadAllQuizzes } from '../../src/quiz/load.ts';
import type { Question, Quiz } from '../../src/quiz/schema.ts';
import { buildQuizView } from '../../src/quiz/view.ts';
import { en } from '../../src/quiz/strings.ts';

const PHASE_ONE = ['what-real-time-means', 'polling', 'long-polling', 'http-streaming', 'requests-vs-connections'];

let quizzes: Quiz[];
beforeAll(async () => {
  quizzes = await loadAllQuizzes('quizzes');
});

function quiz(id: string): Quiz {
  const found = quizzes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`quizzes/${id}.yaml is missing`);
  return found;
}

function questionOf(quizId: string, questionId: string): Question {
  const found = quiz(quizId).questions.find((candidate) => candidate.id === questionId);
  if (!found) throw new Error(`quizzes/${quizId}.yaml has no question "${questionId}"`);
  return found;
}

describe('the Phase 1 quizzes', () => {
  it('exist for the five Phase 1 lessons, whose files exist (later phases add their own)', () => {
    expect(quizzes.map((candidate) => candidate.id)).toEqual(expect.arrayContaining([...PHASE_ONE]));
    const lessonIds = readdirSync('lessons/01-foundations').map((name) => name.replace(/^\d+-/, '').replace(/\.mdx$/, ''));
    for (const id of PHASE_ONE) expect(lessonIds, id).toContain(id);
  });

  it('have at least five questions and three question types each', () => {
    for (const candidate of quizzes) {
      expect(candidate.questions.length, candidate.id).toBeGreaterThanOrEqual(5);
      expect(new Set(candidate.questions.map((question) => question.type)).size, candidate.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('use every question type somewhere', () => {
    const types = new Set(quizzes.flatMap((candidate) => candidate.questions.map((question) => question.type)));
    expect([...types].sort()).toEqual(['fill', 'match', 'multiple', 'numeric', 'order', 'single']);
  });

  it('are solvable: the written answer of every question grades as correct, and a full quiz passes', () => {
    for (const candidate of quizzes) {
      const answers = Object.fromEntries(candidate.questions.map((question) => [question.id, correctAnswer(question)]));
      for (const question of candidate.questions) {
        expect(gradeQuestion(question, answers[question.id]).status, `${candidate.id}/${question.id}`).toBe('correct');
      }
      expect(gradeQuiz(candidate, answers)).toMatchObject({ score: 1, passed: true });
    }
  });

  it('explain every wrong option and every anticipated wrong answer with its own rationale', () => {
    for (const candidate of quizzes) {
      for (const question of candidate.questions) {
        const where = `${candidate.id}/${question.id}`;
        if (question.type === 'single') {
          for (const option of question.options.filter((o) => !o.correct)) {
            expect(gradeQuestion(question, option.id), where).toMatchObject({ status: 'incorrect', feedback: [{ rationale: option.rationale }] });
          }
        }
        if (question.type === 'fill') {
          for (const [index, wrong] of question.wrong.entries()) {
            expect(gradeQuestion(question, wrong.text).feedback[0], where).toMatchObject({ correct: false, source: `wrong-${index}` });
          }
        }
        if (question.type === 'numeric') {
          for (const [index, wrong] of question.wrong.entries()) {
            expect(gradeQuestion(question, wrong.value).feedback[0], where).toMatchObject({ correct: false, source: `wrong-${index}` });
          }
        }
      }
    }
  });

  it('render into views whose embedded JSON is safe', () => {
    for (const candidate of quizzes) {
      const view = buildQuizView(candidate, en);
      expect(view.questions).toHaveLength(candidate.questions.length);
      expect(view.payload).not.toMatch(/<\/script/i);
    }
  });
});

describe('facts pinned in the quizzes', () => {
  it('asks the seed notes’ chat question with WebSocket as the answer and a reason for every other option', () => {
    const question = questionOf('what-real-time-means', 'chat-technology');
    expect(question.prompt).toBe('Which technology suits a chat application best?');
    if (question.type !== 'single') throw new Error('chat-technology must be single choice');
    expect(question.options.map((option) => option.text)).toEqual(['Polling', 'Long polling', 'Server-Sent Events (SSE)', 'WebSocket']);
    expect(correctAnswer(question)).toBe('websocket');
    const rationale = (id: string) => question.options.find((option) => option.id === id)?.rationale ?? '';
    expect(rationale('sse')).toMatch(/one-way, from server to client/);
    expect(rationale('polling')).toMatch(/wastes requests/);
    expect(rationale('polling')).toMatch(/latency/);
    expect(rationale('long-polling')).toMatch(/new request, with a full set of HTTP headers, after each message/);
  });

  it('counts 2 header bytes for a 100-byte unmasked server frame (RFC 6455 §5.2)', () => {
    // 7-bit length covers 0–125, 126 selects a 16-bit length, 127 a 64-bit one; only clients mask.
    const headerBytes = (payload: number, masked: boolean) => 2 + (payload > 65_535 ? 8 : payload > 125 ? 2 : 0) + (masked ? 4 : 0);
    const question = questionOf('what-real-time-means', 'ws-frame-header');
    expect(correctAnswer(question)).toBe(headerBytes(100, false));
    expect(headerBytes(100, false)).toBe(2);
    if (question.type !== 'numeric') throw new Error('ws-frame-header must be numeric');
    expect(question.wrong.map((wrong) => wrong.value)).toEqual([headerBytes(126, false), headerBytes(100, true), 100 + headerBytes(100, false)]);
  });

  it('reads the chunk size line `1a` as 26 bytes (RFC 9112 §7.1: hexadecimal)', () => {
    expect(correctAnswer(questionOf('http-streaming', 'chunk-size'))).toBe(Number.parseInt('1a', 16));
  });

  it('counts the Linux ephemeral port range 32768–60999 inclusively', () => {
    expect(correctAnswer(questionOf('requests-vs-connections', 'ephemeral-ports'))).toBe(60_999 - 32_768 + 1);
  });

  it('works out the polling numbers from the lesson’s formulas', () => {
    expect(correctAnswer(questionOf('polling', 'requests-per-second'))).toBe(10_000 / 5);
    expect(correctAnswer(questionOf('polling', 'backoff-ceiling'))).toBe(Math.min(60, 5 * 2 ** 4));
    expect(correctAnswer(questionOf('requests-vs-connections', 'cold-request'))).toBe(3 * 80);
    const rate = questionOf('requests-vs-connections', 'reconnect-rate');
    expect(gradeQuestion(rate, 100_000 / 30).correct).toBe(true);
    expect(gradeQuestion(rate, 3334).correct).toBe(true);
    expect(gradeQuestion(rate, 3300).correct).toBe(false);
  });
});

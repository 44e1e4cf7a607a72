import { describe, expect, test } from 'vitest';
import { emptyProgress, mergeProgress, parseImport, parseProgress, PROGRESS_VERSION } from '../../src/progress/model.ts';

describe('parseProgress reads tolerantly', () => {
  test.each([null, '', 'not json', '[]', '42', '"text"', '{"lessons": 5}'])('unreadable data %j becomes empty progress', (raw) => {
    const progress = parseProgress(raw);
    expect(progress.version).toBe(PROGRESS_VERSION);
    expect(progress.lessons).toEqual({});
    expect(progress.quizzes).toEqual({});
    expect(Number.isInteger(progress.seed)).toBe(true);
  });

  test('keeps good entries and drops broken ones, field by field', () => {
    const progress = parseProgress(
      JSON.stringify({
        version: 1,
        seed: 1234,
        lessons: {
          polling: { firstVisit: 10, lastVisit: 20, completed: { quiz: 30, exercise: 'soon' } },
          broken: { lastVisit: 'yesterday' },
          partial: { lastVisit: 50 },
          list: [1, 2],
        },
        quizzes: { polling: { answers: { q1: 'a' }, attempts: { q1: 2, q2: 'x' }, checked: { q1: true, q2: 1 }, revealed: {}, score: 7, passed: 'yes' } },
      }),
    );
    expect(progress.seed).toBe(1234);
    expect(progress.lessons).toEqual({
      polling: { firstVisit: 10, lastVisit: 20, completed: { quiz: 30 } },
      partial: { firstVisit: 50, lastVisit: 50, completed: {} },
    });
    expect(progress.quizzes.polling).toEqual({ answers: { q1: 'a' }, attempts: { q1: 2 }, checked: { q1: true }, revealed: {}, score: 0, passed: false });
  });

  test('migrates version 0, a bare list of visited lesson ids', () => {
    const progress = parseProgress('{"visited":["polling","long-polling",7]}');
    expect(Object.keys(progress.lessons)).toEqual(['polling', 'long-polling']);
  });
});

describe('mergeProgress keeps the furthest state of each item', () => {
  test('visits widen, completions are kept, the better quiz wins', () => {
    const base = emptyProgress(1);
    base.lessons.polling = { firstVisit: 5, lastVisit: 10, completed: { quiz: 9 } };
    base.quizzes.polling = { answers: {}, attempts: {}, checked: {}, revealed: {}, score: 0.4, passed: false };
    const incoming = emptyProgress(2);
    incoming.lessons.polling = { firstVisit: 2, lastVisit: 8, completed: { exercise: 7, quiz: 3 } };
    incoming.lessons.sse = { firstVisit: 1, lastVisit: 1, completed: {} };
    incoming.quizzes.polling = { answers: {}, attempts: {}, checked: {}, revealed: {}, score: 1, passed: true };
    const merged = mergeProgress(base, incoming);
    expect(merged.seed).toBe(1);
    expect(merged.lessons.polling).toEqual({ firstVisit: 2, lastVisit: 10, completed: { quiz: 9, exercise: 7 } });
    expect(merged.lessons.sse).toBeDefined();
    expect(merged.quizzes.polling?.passed).toBe(true);
  });
});

describe('parseImport refuses files that are not exports', () => {
  test.each([
    ['not json', /not JSON/],
    ['{"hello":"world"}', /not a progress export/],
    ['[1,2]', /not a progress export/],
  ])('%s', (text, message) => {
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(message);
  });

  test('accepts an export', () => {
    const exported = emptyProgress(5);
    exported.lessons.polling = { firstVisit: 1, lastVisit: 2, completed: {} };
    expect(parseImport(JSON.stringify(exported))).toMatchObject({ ok: true, progress: { seed: 5 } });
  });
});

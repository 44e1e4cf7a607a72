/** Loading quiz files from disk, and the build-time catalog Quiz.astro reads through import.meta.glob. */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getQuiz, missingQuizMessage, quizIds } from '../../src/quiz/catalog.ts';
import { loadAllQuizzes, loadQuizFile } from '../../src/quiz/load.ts';
import { QuizValidationError } from '../../src/quiz/problems.ts';

const SITE_QUIZZES = 'tests/fixtures/quizzes/site/quizzes';
const INVALID = 'tests/fixtures/quizzes/invalid';

describe('loadQuizFile', () => {
  it('returns the validated quiz with its id and every default filled in', async () => {
    const quiz = await loadQuizFile(`${SITE_QUIZZES}/all-types.yaml`);
    expect(quiz).toMatchObject({ id: 'all-types', title: 'Every question type', passMark: 0.75, shuffle: false });
    expect(quiz.questions.map((question) => question.type)).toEqual(['single', 'multiple', 'order', 'fill', 'numeric', 'match']);
    expect(quiz.questions[1]).toMatchObject({ hints: [], revealCount: true, options: [{ correct: true }, { correct: true }, { correct: false }] });
    expect(quiz.questions[3]).toMatchObject({ caseSensitive: false });
    expect(quiz.questions[4]).toMatchObject({ tolerance: 0, unit: 'bytes' });
  });

  it('says when the file does not exist', async () => {
    await expect(loadQuizFile(`${SITE_QUIZZES}/nope.yaml`)).rejects.toThrow(
      'tests/fixtures/quizzes/site/quizzes/nope.yaml: The quiz file does not exist. Check the path, or create the file (see quizzes/README.md).',
    );
  });
});

describe('loadAllQuizzes', () => {
  it('loads every quiz of a folder, sorted by id', async () => {
    const quizzes = await loadAllQuizzes(SITE_QUIZZES);
    expect(quizzes.map((quiz) => quiz.id)).toEqual(['all-types', 'shuffled']);
  });

  it('throws one error listing the problems of every broken file', async () => {
    const error = await loadAllQuizzes(INVALID).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(QuizValidationError);
    const problems = (error as QuizValidationError).problems;
    expect(new Set(problems.map((problem) => problem.file)).size).toBe(12);
    expect(problems).toHaveLength(25);
    expect((error as Error).message.split('\n')[0]).toBe('Found 25 problems in 12 quiz files. Fix them and build again:');
  });

  it('reports a quiz defined twice, as .yaml and .yml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quiz-load-'));
    try {
      const source = 'title: T\nquestions:\n  - { id: q, type: fill, prompt: P, accept: [{ text: a, rationale: r }] }\n';
      await writeFile(join(dir, 'same.yaml'), source);
      await writeFile(join(dir, 'same.yml'), source);
      await expect(loadAllQuizzes(dir)).rejects.toThrow('Two files define the quiz "same" (same.yaml and same.yml). Keep one of them.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the build-time catalog (import.meta.glob of /quizzes/*.yaml)', () => {
  it('knows every quiz file of the course', () => {
    const onDisk = readdirSync('quizzes').filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).sort();
    expect(quizIds()).toEqual(onDisk);
    expect(onDisk).toEqual(expect.arrayContaining(['http-streaming', 'long-polling', 'polling', 'requests-vs-connections', 'what-real-time-means']));
  });

  it('returns a validated quiz, parsed once', () => {
    const quiz = getQuiz('polling');
    expect(quiz.id).toBe('polling');
    expect(getQuiz('polling')).toBe(quiz);
  });

  it('stops the build with a message naming the lesson when the quiz does not exist', () => {
    // The list of existing quizzes grows with the course, so only its start is pinned here.
    expect(() => getQuiz('poling', { lessonId: 'polling', page: '/foundations/polling/' })).toThrow(
      /^The lesson "polling" \(\/foundations\/polling\/\) uses <Quiz id="poling" \/>, but there is no quizzes\/poling\.yaml\. Did you mean "polling"\? Fix the id or create the file\. Existing quizzes: [a-z0-9-]+(, [a-z0-9-]+)*\.$/,
    );
    expect(missingQuizMessage('x', {}, [])).toMatchInlineSnapshot(`"A page uses <Quiz id="x" />, but there is no quizzes/x.yaml. Fix the id or create the file. There are no quiz files yet."`);
  });
});

/** Translated quizzes (quizzes/<lang>/<id>.yaml) in the build-time catalog. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getQuiz, withoutSourceHash } from '../../src/quiz/catalog.ts';
import { parseQuizSource } from '../../src/quiz/parse.ts';

describe('translated quizzes', () => {
  it('blank the sourceHash line so the quiz parses, and keep every other line where it was', () => {
    const source = 'title: ポーリング\nsourceHash: 530601579895\nquestions:\n  - id: q\n    type: single\n    prompt: どれ？\n    options:\n      - { id: a, text: A, correct: true, rationale: R }\n      - { id: b, text: B, rationale: R }\n';
    const blanked = withoutSourceHash(source);
    expect(blanked.split('\n')).toHaveLength(source.split('\n').length);
    expect(blanked).not.toContain('sourceHash');
    expect(parseQuizSource(blanked, 'quizzes/ja/polling.yaml')).toMatchObject({ id: 'polling', title: 'ポーリング' });
    expect(() => parseQuizSource(source, 'quizzes/ja/polling.yaml'), 'the quiz schema itself has no sourceHash').toThrow(/sourceHash/);
  });

  it('a page in a language without that quiz gets the English one; the id is the English id either way', () => {
    const english = getQuiz('polling');
    expect(getQuiz('polling', { lang: 'xx' })).toBe(english);
    const japanese = getQuiz('polling', { lang: 'ja' });
    expect(japanese.id).toBe('polling');
    if (existsSync('quizzes/ja/polling.yaml')) {
      expect(japanese).not.toBe(english);
      expect(japanese.questions.map((q) => [q.id, q.type])).toEqual(english.questions.map((q) => [q.id, q.type]));
    }
  });
});

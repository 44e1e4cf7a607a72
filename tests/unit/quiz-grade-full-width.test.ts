/**
 * A Japanese input method types full-width forms by default (`３０４`, `ＥＴａｇ`, an ideographic space).
 * The grader folds them with NFKC, so translated quizzes list only the ASCII answer, and a wrong answer
 * typed in full width is still wrong.
 */
import { describe, expect, it } from 'vitest';
import { gradeQuestion, normaliseFillText } from '../../src/quiz/grade.ts';
import { question, rationale, fill, fillCase } from './quiz-fixtures.ts';

const status = question({
  id: 'status',
  type: 'fill',
  prompt: '変更がないときのステータスコードは？',
  accept: [
    { text: '304', rationale: rationale('304') },
    { text: 'ETag', rationale: rationale('etag') },
    { text: '未変更', rationale: rationale('ja') },
  ],
  wrong: [{ text: '200', rationale: rationale('200') }],
});

describe('fill in with full-width forms', () => {
  it('accepts full-width digits and Latin letters as their ASCII forms', () => {
    for (const typed of ['３０４', 'ＥＴａｇ', 'ｅｔａｇ', '　３０４　', '3０4']) {
      expect(gradeQuestion(status, typed).status, typed).toBe('correct');
    }
    expect(gradeQuestion(fill, 'Ｉｆ－Ｎｏｎｅ－Ｍａｔｃｈ').status).toBe('correct');
    expect(gradeQuestion(fill, 'if　none　match').status, 'ideographic spaces count as spaces').toBe('correct');
  });

  it('accepts the Japanese answers a translator listed, exactly', () => {
    expect(gradeQuestion(status, '未変更').status).toBe('correct');
    expect(gradeQuestion(status, ' 未変更 ').status).toBe('correct');
  });

  it('still rejects wrong answers typed in full width, with the known rationale', () => {
    expect(gradeQuestion(status, '２００')).toMatchObject({ status: 'incorrect', feedback: [{ source: 'wrong-0', correct: false }] });
    for (const typed of ['３０５', '３０', 'ＥＴａｇｓ', 'Ｅ Ｔａｇ', '変更', 'イータグ']) {
      expect(gradeQuestion(status, typed).status, typed).toBe('incorrect');
    }
    expect(gradeQuestion(fill, 'Ｉｆ－Ｍａｔｃｈ')).toMatchObject({ status: 'incorrect', feedback: [{ source: 'wrong-0' }] });
  });

  it('keeps letter case when the question asks for it, after folding the width', () => {
    expect(gradeQuestion(fillCase, 'ＴＩＭＥ＿ＷＡＩＴ').status).toBe('correct');
    expect(gradeQuestion(fillCase, 'ｔｉｍｅ＿ｗａｉｔ')).toMatchObject({ status: 'incorrect', feedback: [{ source: 'wrong-0' }] });
  });

  it('folds half-width katakana to the full-width forms translators write', () => {
    expect(normaliseFillText('ﾐﾍﾝｺｳ', false)).toBe(normaliseFillText('ミヘンコウ', false));
  });
});

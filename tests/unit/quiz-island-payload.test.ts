import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { correctAnswer, distractorValue, gradeQuestion } from '../../src/quiz/grade.ts';
import { gradingQuiz } from '../../src/quiz/island-payload.ts';
import { loadAllQuizzes } from '../../src/quiz/load.ts';
import type { Question } from '../../src/quiz/schema.ts';

const quizzes = await loadAllQuizzes(fileURLToPath(new URL('../../quizzes/', import.meta.url)));

/** Right, wrong and half-right answers for a question, to grade with the full and the slim quiz alike. */
function answersFor(question: Question): unknown[] {
  const answers: unknown[] = [undefined, correctAnswer(question), 'nonsense'];
  switch (question.type) {
    case 'single':
      answers.push(...question.options.map((option) => option.id));
      break;
    case 'multiple':
      answers.push(...question.options.map((option) => [option.id]), question.options.map((option) => option.id));
      break;
    case 'order':
      answers.push([...question.items.map((item) => item.id)].reverse());
      break;
    case 'fill':
      answers.push(...question.accept.map((a) => ` ${a.text.toUpperCase()} `), ...question.wrong.map((w) => w.text), 'surely not this');
      break;
    case 'numeric':
      answers.push(question.answer + question.tolerance, question.answer + question.tolerance + 1, ...question.wrong.map((w) => w.value));
      break;
    case 'match': {
      const ids = question.pairs.map((pair) => pair.id);
      answers.push(Object.fromEntries(ids.map((id, i) => [id, ids[(i + 1) % ids.length]])));
      if (question.distractors.length > 0) answers.push(Object.fromEntries(ids.map((id) => [id, distractorValue(0)])));
      break;
    }
  }
  return answers;
}

describe('the quiz the island receives (gradingQuiz)', () => {
  it('finds the real quizzes', () => expect(quizzes.length).toBeGreaterThanOrEqual(20));

  it('grades every answer to every real question exactly as the full quiz does, rationale sources included', () => {
    let graded = 0;
    for (const quiz of quizzes) {
      const slim = gradingQuiz(quiz);
      expect(slim.questions.map((q) => [q.id, q.type]), quiz.id).toEqual(quiz.questions.map((q) => [q.id, q.type]));
      for (const [index, question] of quiz.questions.entries()) {
        const slimQuestion = slim.questions[index]!;
        expect(slimQuestion.hints.length, `${quiz.id}/${question.id} hint count`).toBe(question.hints.length);
        expect(correctAnswer(slimQuestion), `${quiz.id}/${question.id} shown answer`).toEqual(correctAnswer(question));
        for (const answer of answersFor(question)) {
          const strip = ({ feedback, ...rest }: ReturnType<typeof gradeQuestion>) => ({ ...rest, feedback: feedback.map(({ rationale: _r, ...entry }) => entry) });
          expect(strip(gradeQuestion(slimQuestion, answer)), `${quiz.id}/${question.id} answer ${JSON.stringify(answer)}`).toEqual(strip(gradeQuestion(question, answer)));
          graded++;
        }
      }
    }
    expect(graded).toBeGreaterThan(500);
  });

  it('is much smaller than the full quiz', () => {
    const full = JSON.stringify(quizzes);
    const slim = JSON.stringify(quizzes.map(gradingQuiz));
    expect(slim.length).toBeLessThan(full.length / 2);
  });
});

/**
 * The quiz as the island needs it: what grading reads (ids, which options are right, accepted and known
 * wrong answers, numbers, counts) without the words the page already shows. Issue #15: every prompt,
 * option, hint and rationale was carried twice, once rendered and once in the JSON. The island never
 * renders author text (island.ts): it clones rationales and choices from the build-time markup, so the
 * texts here are emptied; lists keep their length (a question's hint count decides the Hint button).
 * Kept: fill-in answers' `text` (compared with what the learner types) and a numeric question's `unit`
 * (feedback-view.ts writes it after the learner's number).
 */
import type { Question, Quiz } from './schema.ts';

export function gradingQuiz(quiz: Quiz): Quiz {
  return { ...quiz, title: '', questions: quiz.questions.map(gradingQuestion) };
}

function gradingQuestion(question: Question): Question {
  const common = { prompt: '', hints: question.hints.map(() => '') };
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { ...question, ...common, options: question.options.map((option) => ({ ...option, text: '', rationale: '' })) };
    case 'order':
      return { ...question, ...common, items: question.items.map((item) => ({ ...item, text: '', rationale: '' })) };
    case 'fill':
      return {
        ...question,
        ...common,
        accept: question.accept.map((answer) => ({ ...answer, rationale: '' })),
        wrong: question.wrong.map((answer) => ({ ...answer, rationale: '' })),
      };
    case 'numeric':
      return { ...question, ...common, rationale: '', wrong: question.wrong.map((wrong) => ({ ...wrong, rationale: '' })) };
    case 'match':
      return {
        ...question,
        ...common,
        pairs: question.pairs.map((pair) => ({ ...pair, left: '', right: '', rationale: '' })),
        distractors: question.distractors.map(() => ''),
      };
  }
}

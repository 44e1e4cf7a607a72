/**
 * Everything `Quiz.astro` needs to render, decided here so the component stays a template: DOM ids,
 * rendered markdown-lite, instructions, display orders, the written-out answers, and the JSON the island
 * reads. Build-time only.
 *
 * Rendering contract with the island (`island.ts`): each question element has `data-question="<id>"`;
 * every rationale inside its answer block has `data-rationale="<source>"`, where `<source>` is what
 * `gradeQuestion` reports in `FeedbackEntry.source`, so the island can show the rendered rationale.
 */
import { distractorValue } from './grade.ts';
import { gradingQuiz } from './island-payload.ts';
import { escapeHtml, plainText, renderBlocks, renderInline } from './markdown-lite.ts';
import type { Question, Quiz } from './schema.ts';
import { hashString, shuffleAwayFromOriginal } from './shuffle.ts';
import type { QuizStrings } from './strings.ts';
import { percent, translate } from './format.ts';

interface Rationale {
  /** Matches `FeedbackEntry.source`. */
  source: string;
  html: string;
}

interface BaseView {
  id: string;
  type: Question['type'];
  domId: string;
  number: number;
  label: string;
  promptHtml: string;
  instructions: string;
  hints: { label: string; html: string }[];
  hintsSummary: string;
}

export interface ChoiceView extends BaseView {
  type: 'single' | 'multiple';
  inputType: 'radio' | 'checkbox';
  /** Radio group / checkbox name, unique on the page. */
  name: string;
  options: { id: string; inputId: string; html: string; correct: boolean; rationale: Rationale }[];
}

export interface OrderView extends BaseView {
  type: 'order';
  /** Shuffled (never the correct order), so the page without JavaScript does not give the answer away. */
  displayItems: { id: string; textId: string; html: string }[];
  /** Correct order, for the answer block. */
  answerItems: { id: string; html: string; rationale: Rationale }[];
}

export interface FillView extends BaseView {
  type: 'fill';
  inputId: string;
  inputLabel: string;
  accept: { html: string; rationale: Rationale }[];
  wrong: { html: string; rationale: Rationale }[];
}

export interface NumericView extends BaseView {
  type: 'numeric';
  inputId: string;
  inputLabel: string;
  unit: string | undefined;
  answerText: string;
  rationale: Rationale;
  wrong: { html: string; rationale: Rationale }[];
}

export interface MatchView extends BaseView {
  type: 'match';
  lefts: { id: string; selectId: string; html: string }[];
  /** The drop-down choices, alphabetical: the written order would pair the first left with the first right. */
  choices: { value: string; label: string }[];
  pairs: { id: string; leftHtml: string; rightHtml: string; rationale: Rationale }[];
}

export type QuestionView = ChoiceView | OrderView | FillView | NumericView | MatchView;

export interface QuizView {
  id: string;
  domId: string;
  title: string;
  titleHtml: string;
  intro: string;
  questions: QuestionView[];
  /** JSON for `<script type="application/json">`, safe to embed (no `</script>` can occur). */
  payload: string;
}

/** What the island receives: grading data and UI strings. */
export interface QuizPayload {
  quiz: Quiz;
  strings: QuizStrings;
}

/** `[A-Za-z0-9_-]` ids are already DOM-safe; this only joins them. */
function domId(...parts: string[]): string {
  return parts.join('--');
}

/** JSON that cannot close the script element it sits in, or start an HTML comment (WHATWG HTML §4.12.1.3). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Numbers as people write them: 0.1 + 0.2 shows as 0.3. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function instructionsFor(question: Question, strings: QuizStrings): string {
  switch (question.type) {
    case 'multiple': {
      const count = question.options.filter((option) => option.correct).length;
      return question.revealCount
        ? translate(strings, 'instructions.multiple.count', { count })
        : strings['instructions.multiple.all'];
    }
    default:
      return strings[`instructions.${question.type}`];
  }
}

function questionView(quiz: Quiz, question: Question, index: number, strings: QuizStrings): QuestionView {
  const qDom = domId('quiz', quiz.id, question.id);
  const hints = question.hints.map((hint, i) => ({
    label: translate(strings, 'hint.label', { number: i + 1, total: question.hints.length }),
    html: renderBlocks(hint),
  }));
  const base = {
    id: question.id,
    domId: qDom,
    number: index + 1,
    label: translate(strings, 'question.number', { number: index + 1, total: quiz.questions.length }),
    promptHtml: renderBlocks(question.prompt),
    instructions: instructionsFor(question, strings),
    hints,
    hintsSummary: translate(strings, 'hint.summary', { count: hints.length }),
  };
  switch (question.type) {
    case 'single':
    case 'multiple':
      return {
        ...base,
        type: question.type,
        inputType: question.type === 'single' ? 'radio' : 'checkbox',
        name: qDom,
        options: question.options.map((option) => ({
          id: option.id,
          inputId: domId(qDom, option.id),
          html: renderInline(option.text),
          correct: option.correct,
          rationale: { source: option.id, html: renderBlocks(option.rationale) },
        })),
      };
    case 'order':
      return {
        ...base,
        type: 'order',
        displayItems: shuffleAwayFromOriginal(question.items, hashString(`${quiz.id}:${question.id}`)).map((item) => ({
          id: item.id,
          textId: domId(qDom, item.id, 'text'),
          html: renderInline(item.text),
        })),
        answerItems: question.items.map((item) => ({
          id: item.id,
          html: renderInline(item.text),
          rationale: { source: item.id, html: renderBlocks(item.rationale) },
        })),
      };
    case 'fill':
      return {
        ...base,
        type: 'fill',
        inputId: domId(qDom, 'input'),
        inputLabel: strings['control.answer'],
        accept: question.accept.map((accepted, i) => ({
          html: escapeHtml(accepted.text),
          rationale: { source: `accept-${i}`, html: renderBlocks(accepted.rationale) },
        })),
        wrong: question.wrong.map((wrong, i) => ({
          html: escapeHtml(wrong.text),
          rationale: { source: `wrong-${i}`, html: renderBlocks(wrong.rationale) },
        })),
      };
    case 'numeric': {
      const unit = question.unit;
      const withUnit = (value: number) => (unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));
      const answerText =
        question.tolerance > 0
          ? translate(strings, 'answer.numericTolerance', {
              answer: withUnit(question.answer),
              min: withUnit(question.answer - question.tolerance),
              max: withUnit(question.answer + question.tolerance),
            })
          : translate(strings, 'answer.numeric', { answer: withUnit(question.answer) });
      return {
        ...base,
        type: 'numeric',
        inputId: domId(qDom, 'input'),
        // The unit follows the input on screen and is its accessible description (aria-describedby).
        inputLabel: strings['control.answer'],
        unit,
        answerText,
        rationale: { source: 'answer', html: renderBlocks(question.rationale) },
        wrong: question.wrong.map((wrong, i) => ({
          html: escapeHtml(withUnit(wrong.value)),
          rationale: { source: `wrong-${i}`, html: renderBlocks(wrong.rationale) },
        })),
      };
    }
    case 'match': {
      const choices = [
        ...question.pairs.map((pair) => ({ value: pair.id, label: plainText(pair.right) })),
        ...question.distractors.map((text, i) => ({ value: distractorValue(i), label: plainText(text) })),
      ].sort((a, b) => a.label.localeCompare(b.label, strings.lang));
      return {
        ...base,
        type: 'match',
        lefts: question.pairs.map((pair) => ({ id: pair.id, selectId: domId(qDom, pair.id), html: renderInline(pair.left) })),
        choices,
        pairs: question.pairs.map((pair) => ({
          id: pair.id,
          leftHtml: renderInline(pair.left),
          rightHtml: renderInline(pair.right),
          rationale: { source: pair.id, html: renderBlocks(pair.rationale) },
        })),
      };
    }
  }
}

/** The whole render model for one quiz. */
export function buildQuizView(quiz: Quiz, strings: QuizStrings): QuizView {
  // The words are in the markup; the island gets only what grading needs (island-payload.ts).
  const payload: QuizPayload = { quiz: gradingQuiz(quiz), strings };
  return {
    id: quiz.id,
    domId: domId('quiz', quiz.id),
    title: plainText(quiz.title),
    titleHtml: renderInline(quiz.title),
    intro: translate(strings, 'quiz.intro', { count: quiz.questions.length, passMark: percent(quiz.passMark) }),
    questions: quiz.questions.map((question, index) => questionView(quiz, question, index, strings)),
    payload: jsonForScript(payload),
  };
}

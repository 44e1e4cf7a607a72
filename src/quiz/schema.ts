/**
 * The shape of a quiz file (`quizzes/<id>.yaml`), one zod schema per concern.
 *
 * Each schema exports its input type (what an author writes, defaults optional) and its output type (what
 * the engine gets, defaults filled in). Field documentation lives in `.meta()` so it is visible both here
 * and in the JSON Schema `quizJsonSchema()` generates for editors.
 *
 * Structural rules live here; rules that compare fields with each other (exactly one correct option, unique
 * ids, a wrong answer that is really right, ...) live in `rules.ts`, because zod skips refinements on an
 * object whose fields already failed, and authors should see every problem of a file in one go.
 *
 * This module is build-time only: the browser island imports types from it, never values (no zod in the
 * client bundle).
 */
import { z } from 'zod';

/** Ids become parts of DOM ids and storage keys, so keep them to a safe alphabet. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The question types, in the order the docs introduce them. */
export const QUESTION_TYPES = ['single', 'multiple', 'order', 'fill', 'numeric', 'match'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * YAML reads `text: 304` as a number and `text: true` as a boolean; authors mean the text, so scalars are
 * turned into strings before the string checks run.
 */
function scalarToString(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** Non-empty author text. Markdown-lite: `inline code`, **bold**, *emphasis*, [links](https://…), and in
 * prompts, rationales and hints also blank-line paragraphs and ``` fenced code blocks. */
export const Text = z.preprocess(
  // Typed by what authors write; at run time any value passes through and the string check reports it.
  scalarToString as (value: string | number | boolean) => string,
  z.string().trim().min(1),
);

/** An id, unique within its list: letters, digits, `-` and `_`, e.g. `etag` or `step-2`. */
export const Id = z.preprocess(scalarToString as (value: string | number) => string, z.string().regex(ID_PATTERN));

/** Why an answer is right or wrong. The learner sees it after choosing that answer. */
export const Rationale = Text.meta({
  description:
    'Why this answer is right or wrong, in one or two sentences. Shown to the learner after they choose it.',
  examples: ['Polling asks on a timer, so a new message waits up to one full interval.'],
});

const common = {
  id: Id.meta({ description: 'Unique within the quiz. Used for saved progress: renaming it resets answers.', examples: ['etag-304'] }),
  prompt: Text.meta({
    description: 'The question, in markdown-lite (inline `code`, **bold**, fenced code blocks).',
    examples: ['Which status code answers a conditional `GET` whose `If-None-Match` matches?'],
  }),
  hints: z
    .array(Text)
    .default([])
    .meta({ description: 'Optional hints, revealed one at a time ("Hint 1 of 3"). Default: none.', examples: [['Look at the status code family.']] }),
};

/** One choice of a single- or multiple-choice question. */
export const ChoiceOption = z
  .strictObject({
    id: Id.meta({ description: 'Unique within the question, e.g. `a`.', examples: ['a'] }),
    text: Text.meta({ description: 'The option as the learner reads it (inline markdown-lite).', examples: ['WebSocket'] }),
    correct: z.boolean().default(false).meta({ description: 'Set `correct: true` on the right option(s). Default: false.' }),
    rationale: Rationale,
  })
  .meta({ description: 'A choice with its rationale.' });
export type ChoiceOptionInput = z.input<typeof ChoiceOption>;
export type ChoiceOption = z.output<typeof ChoiceOption>;

/** `type: single` — radio buttons, exactly one option is correct. */
export const SingleQuestion = z
  .strictObject({
    ...common,
    type: z.literal('single'),
    options: z.array(ChoiceOption).min(2).meta({ description: 'At least two options, exactly one with `correct: true`.' }),
  })
  .meta({ description: 'Single choice: the learner picks one option (radio buttons).' });
export type SingleQuestionInput = z.input<typeof SingleQuestion>;
export type SingleQuestion = z.output<typeof SingleQuestion>;

/** `type: multiple` — checkboxes, one or more options are correct. */
export const MultipleQuestion = z
  .strictObject({
    ...common,
    type: z.literal('multiple'),
    options: z.array(ChoiceOption).min(2).meta({ description: 'At least two options, one or more with `correct: true`.' }),
    revealCount: z.boolean().default(true).meta({
      description: 'true: the page says "Select 2"; false: "Select all that apply". Default: true.',
    }),
  })
  .meta({ description: 'Multiple choice: the learner ticks every correct option (checkboxes).' });
export type MultipleQuestionInput = z.input<typeof MultipleQuestion>;
export type MultipleQuestion = z.output<typeof MultipleQuestion>;

/** One step of an ordering question. */
export const OrderItem = z.strictObject({
  id: Id.meta({ description: 'Unique within the question.', examples: ['request'] }),
  text: Text.meta({ description: 'The step as the learner reads it (inline markdown-lite).' }),
  rationale: Rationale,
});
export type OrderItemInput = z.input<typeof OrderItem>;
export type OrderItem = z.output<typeof OrderItem>;

/** `type: order` — items listed in the correct order; the page shuffles them. */
export const OrderQuestion = z
  .strictObject({
    ...common,
    type: z.literal('order'),
    items: z.array(OrderItem).min(2).meta({ description: 'Two or more items, written in the CORRECT order.' }),
  })
  .meta({ description: 'Ordering: the learner moves items into the right sequence (Move up / Move down buttons).' });
export type OrderQuestionInput = z.input<typeof OrderQuestion>;
export type OrderQuestion = z.output<typeof OrderQuestion>;

/** A typed answer that counts as right (fill) or a common wrong one with its explanation. */
export const FillAnswer = z.strictObject({
  text: Text.meta({ description: 'The answer text. Compared after trimming and collapsing inner spaces.', examples: ['If-None-Match'] }),
  rationale: Rationale,
});
export type FillAnswerInput = z.input<typeof FillAnswer>;
export type FillAnswer = z.output<typeof FillAnswer>;

/** `type: fill` — a text box. */
export const FillQuestion = z
  .strictObject({
    ...common,
    type: z.literal('fill'),
    accept: z.array(FillAnswer).min(1).meta({ description: 'One or more accepted answers, each with a rationale.' }),
    caseSensitive: z.boolean().default(false).meta({ description: 'Compare letter case too. Default: false.' }),
    wrong: z
      .array(FillAnswer)
      .default([])
      .meta({ description: 'Optional common wrong answers, so the learner gets a specific explanation. Default: none.' }),
  })
  .meta({ description: 'Fill in: the learner types a short answer.' });
export type FillQuestionInput = z.input<typeof FillQuestion>;
export type FillQuestion = z.output<typeof FillQuestion>;

/** A common wrong number and why it is wrong. */
export const NumericWrong = z.strictObject({
  value: z.number().meta({ description: 'The wrong number, matched exactly.', examples: [4] }),
  rationale: Rationale,
});
export type NumericWrongInput = z.input<typeof NumericWrong>;
export type NumericWrong = z.output<typeof NumericWrong>;

/** `type: numeric` — a number box. */
export const NumericQuestion = z
  .strictObject({
    ...common,
    type: z.literal('numeric'),
    answer: z.number().meta({ description: 'The right number.', examples: [2] }),
    tolerance: z
      .number()
      .min(0)
      .default(0)
      .meta({ description: 'Accept answers within ± this much of `answer` (inclusive). Default: 0 (exact).', examples: [0.5] }),
    unit: Text.optional().meta({ description: 'Shown after the input, e.g. `bytes` or `ms`.', examples: ['bytes'] }),
    rationale: Rationale,
    wrong: z.array(NumericWrong).default([]).meta({ description: 'Optional common wrong numbers with explanations.' }),
  })
  .meta({ description: 'Numeric: the learner types a number, graded within a tolerance.' });
export type NumericQuestionInput = z.input<typeof NumericQuestion>;
export type NumericQuestion = z.output<typeof NumericQuestion>;

/** One left/right pair of a matching question. */
export const MatchPair = z.strictObject({
  id: Id.meta({ description: 'Unique within the question.', examples: ['sse'] }),
  left: Text.meta({ description: 'The prompt side, shown as a label (inline markdown-lite).', examples: ['Server-Sent Events'] }),
  right: Text.meta({
    description: 'The matching side, offered in a drop-down (formatting is shown as plain text there).',
    examples: ['One-way server-to-client stream over HTTP'],
  }),
  rationale: Rationale,
});
export type MatchPairInput = z.input<typeof MatchPair>;
export type MatchPair = z.output<typeof MatchPair>;

/** `type: match` — a drop-down per left side. */
export const MatchQuestion = z
  .strictObject({
    ...common,
    type: z.literal('match'),
    pairs: z.array(MatchPair).min(2).meta({ description: 'Two or more pairs.' }),
    distractors: z
      .array(Text)
      .default([])
      .meta({ description: 'Extra right-side choices that match nothing. Default: none.', examples: [['Raw UDP datagrams']] }),
  })
  .meta({ description: 'Matching: the learner picks the right side for each left side from a drop-down.' });
export type MatchQuestionInput = z.input<typeof MatchQuestion>;
export type MatchQuestion = z.output<typeof MatchQuestion>;

/** Any question, told apart by `type`. */
export const Question = z.discriminatedUnion('type', [
  SingleQuestion,
  MultipleQuestion,
  OrderQuestion,
  FillQuestion,
  NumericQuestion,
  MatchQuestion,
]);
export type QuestionInput = z.input<typeof Question>;
export type Question = z.output<typeof Question>;

/** A whole quiz file. The quiz id is the file name without `.yaml`. */
export const QuizFile = z
  .strictObject({
    title: Text.meta({ description: 'Shown above the questions.', examples: ['Polling: check your understanding'] }),
    passMark: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .meta({ description: 'Share of questions to get right to pass, 0–1. Default: 0.8.', examples: [0.8] }),
    shuffle: z.boolean().default(false).meta({
      description:
        'Shuffle the options of single- and multiple-choice questions per learner (stable across reloads). ' +
        'Questions keep their order. Default: false.',
    }),
    questions: z.array(Question).min(1).meta({ description: 'The questions, in the order they are asked.' }),
  })
  .meta({ title: 'Quiz', description: 'A quiz file: quizzes/<id>.yaml' });
export type QuizFileInput = z.input<typeof QuizFile>;
export type QuizFile = z.output<typeof QuizFile>;

/** A validated quiz with its id (from the file name). This is what components and the grader use. */
export interface Quiz extends QuizFile {
  id: string;
}

/** JSON Schema for editors (yaml-language-server); describes what authors write, so defaults are optional. */
export function quizJsonSchema(): unknown {
  return z.toJSONSchema(QuizFile, { io: 'input', unrepresentable: 'any' });
}

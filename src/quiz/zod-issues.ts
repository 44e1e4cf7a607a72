/**
 * Turns zod issues into findings an author can act on.
 *
 * Zod knows *that* `options[1].rationale` is not a string; only we know it is the explanation learners see,
 * what it should look like and how to write it. So the wording is keyed by the field's place in a quiz
 * (quiz, question, option, item, accepted answer, …), not by zod's issue code. Modelled on Starlight's
 * `utils/error-map.ts`.
 */
import type { z } from 'zod';
import {
  ChoiceOption,
  FillAnswer,
  MatchPair,
  NumericWrong,
  OrderItem,
  QUESTION_TYPES,
  QuizFile,
  FillQuestion,
  MatchQuestion,
  MultipleQuestion,
  NumericQuestion,
  OrderQuestion,
  SingleQuestion,
} from './schema.ts';
import { describeValue, isRecord, valueAt, type Finding, type PathSegment } from './problems.ts';
import { closestMatch } from './suggest.ts';

type Context = 'quiz' | 'question' | 'option' | 'item' | 'accept' | 'fillWrong' | 'numericWrong' | 'pair' | 'hint' | 'distractor';

interface FieldHelp {
  /** What the value must be, finishing "… must be ___". */
  expected: string;
  /** One or more sentences saying how to fix it. */
  fix: string;
}

const BOOLEAN = 'true or false';
const TEXT = 'text';
const RATIONALE_FIX = (of: string) =>
  `Add \`rationale:\` with one or two sentences saying why ${of}; learners read it after they answer.`;

const HELP: Record<string, FieldHelp> = {
  'quiz.title': { expected: TEXT, fix: 'Add `title:` with the quiz title, e.g. `title: Polling — check your understanding`.' },
  'quiz.passMark': {
    expected: 'a number from 0 to 1',
    fix: 'Write the share of questions needed to pass, e.g. `passMark: 0.8` for 80 %, or remove the line to use the default 0.8.',
  },
  'quiz.shuffle': { expected: BOOLEAN, fix: 'Write `shuffle: true` to shuffle options per learner, or remove the line to keep the written order.' },
  'quiz.questions': {
    expected: 'a list of questions',
    fix: 'Add `questions:` followed by one `- id: …` entry per question (see quizzes/README.md for every question type).',
  },
  'question.id': {
    expected: 'an id made of letters, digits, "-" and "_"',
    fix: 'Give the question an `id:` that is unique in this quiz, e.g. `id: etag-status`. Saved progress is keyed by it.',
  },
  'question.prompt': { expected: TEXT, fix: 'Add `prompt:` with the question the learner answers.' },
  'question.hints': { expected: 'a list of texts', fix: 'Write `hints:` as a list with one `- …` line per hint, or remove it.' },
  'question.options': {
    expected: 'a list of options',
    fix: 'Add `options:` with at least two entries, each with `id`, `text` and `rationale`, and `correct: true` on the right one(s).',
  },
  'question.revealCount': {
    expected: BOOLEAN,
    fix: 'Write `revealCount: false` to say "Select all that apply" instead of "Select 2", or remove the line.',
  },
  'question.items': {
    expected: 'a list of items',
    fix: 'Add `items:` listing at least two steps in the correct order, each with `id`, `text` and `rationale`; the page shuffles them.',
  },
  'question.accept': {
    expected: 'a list of accepted answers',
    fix: 'Add `accept:` with at least one entry: `- text: …` and `rationale: …`.',
  },
  'question.caseSensitive': { expected: BOOLEAN, fix: 'Write `caseSensitive: true` to compare letter case, or remove the line.' },
  'question.wrong': {
    expected: 'a list of wrong answers',
    fix: 'Write `wrong:` as a list of entries, each with the wrong answer and a `rationale`, or remove it.',
  },
  'question.answer': { expected: 'a number', fix: 'Add `answer:` with the correct number, e.g. `answer: 2` (no quotes, no unit).' },
  'question.tolerance': {
    expected: 'a number of 0 or more',
    fix: 'Write how far an answer may be from `answer` and still count, e.g. `tolerance: 0.5`, or remove the line to require the exact number.',
  },
  'question.unit': { expected: TEXT, fix: 'Write the unit shown after the input, e.g. `unit: bytes`, or remove the line.' },
  'question.rationale': { expected: TEXT, fix: RATIONALE_FIX('the right number is what it is, ideally how to work it out') },
  'question.pairs': {
    expected: 'a list of pairs',
    fix: 'Add `pairs:` with at least two entries, each with `id`, `left`, `right` and `rationale`.',
  },
  'question.distractors': {
    expected: 'a list of texts',
    fix: 'Write `distractors:` as a list of extra right-side choices, one `- …` line each, or remove it.',
  },
  'option.id': { expected: 'an id made of letters, digits, "-" and "_"', fix: 'Give the option an `id:` unique in this question, e.g. `id: a`.' },
  'option.text': { expected: TEXT, fix: 'Add `text:` with the option as the learner reads it.' },
  'option.correct': { expected: BOOLEAN, fix: 'Write `correct: true` on a right option; leave the line out on wrong ones.' },
  'option.rationale': { expected: TEXT, fix: RATIONALE_FIX('this option is right or wrong') },
  'item.id': { expected: 'an id made of letters, digits, "-" and "_"', fix: 'Give the item an `id:` unique in this question, e.g. `id: request`.' },
  'item.text': { expected: TEXT, fix: 'Add `text:` with the step as the learner reads it.' },
  'item.rationale': { expected: TEXT, fix: RATIONALE_FIX('this step belongs in its place') },
  'accept.text': { expected: TEXT, fix: 'Add `text:` with an answer that counts as right.' },
  'accept.rationale': { expected: TEXT, fix: RATIONALE_FIX('this answer is right') },
  'fillWrong.text': { expected: TEXT, fix: 'Add `text:` with the wrong answer learners commonly type.' },
  'fillWrong.rationale': { expected: TEXT, fix: RATIONALE_FIX('this answer is wrong') },
  'numericWrong.value': { expected: 'a number', fix: 'Add `value:` with the wrong number learners commonly give, e.g. `value: 4`.' },
  'numericWrong.rationale': { expected: TEXT, fix: RATIONALE_FIX('this number is wrong') },
  'pair.id': { expected: 'an id made of letters, digits, "-" and "_"', fix: 'Give the pair an `id:` unique in this question, e.g. `id: sse`.' },
  'pair.left': { expected: TEXT, fix: 'Add `left:` with the side the learner sees as a label.' },
  'pair.right': { expected: TEXT, fix: 'Add `right:` with the side the learner picks from the drop-down.' },
  'pair.rationale': { expected: TEXT, fix: RATIONALE_FIX('these two sides belong together') },
  'hint.': { expected: TEXT, fix: 'Write the hint as text on its `- …` line, or remove the empty line.' },
  'distractor.': { expected: TEXT, fix: 'Write the distractor as text on its `- …` line, or remove the empty line.' },
};

/** Plural nouns for "needs at least 2 ___". */
const LIST_NOUNS: Record<string, string> = {
  questions: 'questions',
  options: 'options',
  items: 'items',
  accept: 'accepted answers',
  pairs: 'pairs',
};

const FIELDS_BY_TYPE: Record<string, string[]> = {
  single: Object.keys(SingleQuestion.shape),
  multiple: Object.keys(MultipleQuestion.shape),
  order: Object.keys(OrderQuestion.shape),
  fill: Object.keys(FillQuestion.shape),
  numeric: Object.keys(NumericQuestion.shape),
  match: Object.keys(MatchQuestion.shape),
};

const FIELDS_BY_CONTEXT: Partial<Record<Context, string[]>> = {
  quiz: Object.keys(QuizFile.shape),
  option: Object.keys(ChoiceOption.shape),
  item: Object.keys(OrderItem.shape),
  accept: Object.keys(FillAnswer.shape),
  fillWrong: Object.keys(FillAnswer.shape),
  numericWrong: Object.keys(NumericWrong.shape),
  pair: Object.keys(MatchPair.shape),
};

const CONTEXT_NAMES: Record<Context, string> = {
  quiz: 'the quiz',
  question: 'a question',
  option: 'an option',
  item: 'an item',
  accept: 'an accepted answer',
  fillWrong: 'a wrong answer',
  numericWrong: 'a wrong answer',
  pair: 'a pair',
  hint: 'a hint',
  distractor: 'a distractor',
};

/** Which kind of thing the object at `path` is. */
function contextOf(data: unknown, path: readonly PathSegment[]): Context {
  if (path.length < 2) return 'quiz';
  if (path.length === 2) return 'question';
  const list = path[2];
  if (list === 'options') return 'option';
  if (list === 'items') return 'item';
  if (list === 'accept') return 'accept';
  if (list === 'pairs') return 'pair';
  if (list === 'hints') return 'hint';
  if (list === 'distractors') return 'distractor';
  if (list === 'wrong') return valueAt(data, [...path.slice(0, 2), 'type']) === 'numeric' ? 'numericWrong' : 'fillWrong';
  return 'question';
}

/** Splits a path into the object that holds the field and the field's name. */
function splitField(path: readonly PathSegment[]): { owner: PathSegment[]; field: string } {
  const last = path[path.length - 1];
  if (typeof last === 'string') return { owner: path.slice(0, -1), field: last };
  // A list element such as hints[1] has no field name of its own.
  return { owner: [...path], field: '' };
}

interface SubjectHelp extends FieldHelp {
  /** Starts a sentence about the value: "The field `prompt`", or "The hint" for a list element. */
  subject: string;
}

function helpFor(data: unknown, path: readonly PathSegment[]): SubjectHelp {
  const { owner, field } = splitField(path);
  // Question fields sit directly below questions[i]; a list element (hints[1]) is its own context.
  const context = field === '' ? contextOf(data, path) : contextOf(data, owner);
  const help = HELP[`${context}.${field}`] ?? { expected: 'a valid value', fix: 'Check the field against quizzes/README.md.' };
  const subject = field === '' ? `The ${CONTEXT_NAMES[context].replace(/^an? /, '')}` : `The field \`${field}\``;
  return { ...help, subject };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** Converts one zod issue; `data` is the parsed YAML, to name things by their ids. */
export function findingFromIssue(issue: Issue, data: unknown): Finding[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'type') {
    // The issue's input is the whole question; the path already points at its `type`.
    return [unknownQuestionType(path, valueAt(data, path))];
  }
  const input = 'input' in issue ? issue.input : valueAt(data, path);

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => unknownField(data, path, key));
  }

  if (path.length === 0 && issue.code === 'invalid_type') {
    return [
      {
        code: 'wrong-type',
        path,
        what: `A quiz file must hold a group of fields (title, questions, …), but this one holds ${describeValue(input)}.`,
        fix: 'Write `title:` and `questions:` at the top level, starting at the beginning of the line and without a leading `- `.',
      },
    ];
  }

  const help = helpFor(data, path);

  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) {
    return [{ code: 'missing-field', path, what: `${help.subject} is missing.`, fix: help.fix }];
  }

  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union':
    case 'invalid_value':
      return [
        {
          code: 'wrong-type',
          path,
          what: `${help.subject} must be ${help.expected}, but it is ${describeValue(input)}.`,
          fix: help.fix,
        },
      ];
    case 'invalid_format':
      return [
        {
          code: 'invalid-id',
          path,
          what: `The id "${String(input)}" is not usable: ids may contain only letters, digits, "-" and "_", and must start with a letter or digit.`,
          fix: `Rename it, e.g. "${suggestId(String(input))}".`,
        },
      ];
    case 'too_small':
      return [tooSmall(issue, path, input, help)];
    case 'too_big':
      return [
        {
          code: 'out-of-range',
          path,
          what: `${help.subject} is ${describeValue(input)}, but it can be at most ${String(issue.maximum)}.`,
          fix: help.fix,
        },
      ];
    default:
      return [{ code: 'invalid', path, what: `${help.subject} is not valid (${issue.message}).`, fix: help.fix }];
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall, path: PathSegment[], input: unknown, help: SubjectHelp): Finding {
  if (issue.origin === 'string') {
    return { code: 'empty-text', path, what: `${help.subject} is empty.`, fix: help.fix };
  }
  if (issue.origin === 'array') {
    const field = String(path[path.length - 1] ?? '');
    const noun = LIST_NOUNS[field] ?? 'entries';
    const count = Array.isArray(input) ? input.length : 0;
    const typeNote = path.length === 3 ? questionTypeNote(path) : '';
    return {
      code: 'too-few',
      path,
      what: `${help.subject} has ${count === 0 ? 'no' : count} ${count === 1 ? noun.replace(/s$/, '') : noun}, but ${typeNote}needs at least ${String(issue.minimum)}.`,
      fix: help.fix,
    };
  }
  return {
    code: 'out-of-range',
    path,
    what: `${help.subject} is ${describeValue(input)}, but it ${issue.minimum === 0 ? 'cannot be negative' : `must be at least ${String(issue.minimum)}`}.`,
    fix: help.fix,
  };
}

/** "an ordering question " — lets a too-few message say why the minimum exists. */
function questionTypeNote(path: PathSegment[]): string {
  const field = path[2];
  if (field === 'items') return 'an ordering question ';
  if (field === 'pairs') return 'a matching question ';
  if (field === 'accept') return 'a fill-in question ';
  if (field === 'options') return 'a choice question ';
  return '';
}

function unknownQuestionType(path: PathSegment[], input: unknown): Finding {
  const list = QUESTION_TYPES.join(', ');
  if (input === undefined) {
    return { code: 'missing-field', path, what: 'The field `type` is missing, so the question cannot be checked.', fix: `Add \`type:\` with one of: ${list}.` };
  }
  const suggestion = typeof input === 'string' ? closestMatch(input, QUESTION_TYPES) : undefined;
  return {
    code: 'unknown-question-type',
    path,
    what: `The question type ${typeof input === 'string' ? `"${input}"` : describeValue(input)} does not exist.`,
    fix:
      `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Use one of: ${list}.` +
      (typeof input === 'string' && /true|false|bool|yes.?no/i.test(input)
        ? ' For a true/false question, use `type: single` with two options, "True" and "False".'
        : ''),
  };
}

/**
 * Inside a YAML flow mapping (`{ id: a, rationale: … }`) a comma ends the value, so unquoted prose with a
 * comma splits into a second "key" with no value. Reporting that as an unknown field sends the author
 * looking for a typo; the real fix is quotes around the text.
 */
function flowCommaSplit(owner: unknown, ownerPath: PathSegment[], key: string): Finding | undefined {
  if (!isRecord(owner) || owner[key] !== null || !/\s/.test(key)) return undefined;
  const keys = Object.keys(owner);
  const before = keys[keys.indexOf(key) - 1];
  const value = before === undefined ? undefined : owner[before];
  if (before === undefined || typeof value !== 'string') return undefined;
  const whole = `${value}, ${key}`;
  return {
    code: 'unknown-field',
    path: [...ownerPath, key],
    what: `The text of \`${before}\` was cut at a comma: inside \`{ … }\` a comma separates fields, so \`${before}: ${whole}\` became \`${before}: ${value}\` and a field named "${key}".`,
    fix: `Put the text in quotes: \`${before}: "${whole.replace(/"/g, '\\"')}"\` (or write the item as indented \`key: value\` lines, where commas are plain text).`,
  };
}

function unknownField(data: unknown, ownerPath: PathSegment[], key: string): Finding {
  const context = contextOf(data, ownerPath);
  const owner = valueAt(data, ownerPath);
  const split = flowCommaSplit(owner, ownerPath, key);
  if (split) return split;
  const type = context === 'question' && isRecord(owner) ? owner.type : undefined;
  const allowed = (context === 'question' ? FIELDS_BY_TYPE[String(type)] : FIELDS_BY_CONTEXT[context]) ?? [];
  const suggestion = closestMatch(key, allowed);
  const holder = context === 'question' && typeof type === 'string' ? `${article(type)} ${type} question` : CONTEXT_NAMES[context];
  return {
    code: 'unknown-field',
    path: [...ownerPath, key],
    what: `There is no field \`${key}\` in ${holder}, so it would be ignored.`,
    fix: `${suggestion ? `Did you mean \`${suggestion}\`? ` : ''}Rename or remove it. The fields of ${holder} are: ${allowed.join(', ')}.`,
  };
}

function suggestId(raw: string): string {
  const cleaned = raw
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return cleaned === '' ? 'a' : cleaned;
}

/**
 * Rules that compare fields with each other, which a per-field schema cannot express: exactly one correct
 * option, unique ids, a "wrong" answer that would actually be accepted, and so on.
 *
 * They run on the raw parsed YAML, not on zod's output, so a file whose fields also have type errors still
 * gets every rule checked and the author sees all problems at once. Each rule therefore reads defensively
 * and skips what it cannot judge (zod reports that part).
 */
import { normaliseFillText, withinTolerance } from './grade.ts';
import { describeEntry, isRecord, type Finding, type PathSegment } from './problems.ts';
import { plainText } from './markdown-lite.ts';

type RawQuestion = Record<string, unknown>;

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Reports the second and later entries of a list that reuse an id. */
function duplicateIds(entries: unknown[], basePath: PathSegment[], listKey: string): Finding[] {
  const firstIndex = new Map<string, number>();
  const findings: Finding[] = [];
  entries.forEach((entry, index) => {
    const id = isRecord(entry) ? scalarText(entry.id) : undefined;
    if (id === undefined || id === '') return;
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, index);
      return;
    }
    const noun = describeEntry(listKey, index, entry).replace(/ \d+ .*$/, '');
    findings.push({
      code: 'duplicate-id',
      path: [...basePath, listKey, index, 'id'],
      what: `The id "${id}" is already used by ${noun} ${first + 1}, and ids must be unique so answers and saved progress point to one ${noun}.`,
      fix: `Give this ${noun} another id, e.g. "${id}-2", or remove the duplicate.`,
    });
  });
  return findings;
}

function correctCount(options: unknown[]): number {
  return options.filter((option) => isRecord(option) && option.correct === true).length;
}

function choiceRules(question: RawQuestion, path: PathSegment[]): Finding[] {
  const options = list(question.options);
  const findings = duplicateIds(options, path, 'options');
  if (options.length === 0) return findings;
  const count = correctCount(options);
  if (count === 0) {
    findings.push({
      code: 'no-correct-option',
      path: [...path, 'options'],
      what: `None of the ${options.length} options is marked correct, so no answer could ever be right.`,
      fix: question.type === 'single' ? 'Add `correct: true` to the one right option.' : 'Add `correct: true` to each right option (at least one).',
    });
  } else if (question.type === 'single' && count > 1) {
    const ids = options
      .map((option, index) => (isRecord(option) && option.correct === true ? `"${scalarText(option.id) ?? index + 1}"` : undefined))
      .filter((id) => id !== undefined);
    findings.push({
      code: 'several-correct-options',
      path: [...path, 'options'],
      what: `${count} options (${ids.join(', ')}) are marked correct, but a single-choice question has exactly one right answer.`,
      fix: 'Keep `correct: true` on one option only, or change the question to `type: multiple` if several answers are right.',
    });
  }
  return findings;
}

function fillRules(question: RawQuestion, path: PathSegment[]): Finding[] {
  const caseSensitive = question.caseSensitive === true;
  const accepted = new Map<string, number>();
  list(question.accept).forEach((entry, index) => {
    const text = isRecord(entry) ? scalarText(entry.text) : undefined;
    if (text !== undefined && text !== '') accepted.set(normaliseFillText(text, caseSensitive), index);
  });
  const findings: Finding[] = [];
  list(question.wrong).forEach((entry, index) => {
    const text = isRecord(entry) ? scalarText(entry.text) : undefined;
    if (text === undefined || text === '') return;
    const acceptIndex = accepted.get(normaliseFillText(text, caseSensitive));
    if (acceptIndex === undefined) return;
    findings.push({
      code: 'wrong-answer-is-accepted',
      path: [...path, 'wrong', index, 'text'],
      what: `The wrong answer "${text}" is the same as accepted answer ${acceptIndex + 1} once spaces${caseSensitive ? '' : ' and letter case'} are ignored, so it would always be graded right and its rationale never shown.`,
      fix: 'Remove one of the two, or set `caseSensitive: true` if letter case is what makes it wrong.',
    });
  });
  return findings;
}

function numericRules(question: RawQuestion, path: PathSegment[]): Finding[] {
  const answer = question.answer;
  const tolerance = question.tolerance ?? 0;
  if (typeof answer !== 'number' || typeof tolerance !== 'number' || tolerance < 0) return [];
  const findings: Finding[] = [];
  list(question.wrong).forEach((entry, index) => {
    const value = isRecord(entry) ? entry.value : undefined;
    if (typeof value !== 'number' || !withinTolerance(value, answer, tolerance)) return;
    findings.push({
      code: 'wrong-value-is-correct',
      path: [...path, 'wrong', index, 'value'],
      what: `The wrong value ${value} lies within the tolerance of the answer (${answer} ± ${tolerance}), so it would be graded right and its rationale never shown.`,
      fix: 'Remove this wrong value, or make the tolerance smaller.',
    });
  });
  return findings;
}

/** Reports repeated texts: two identical drop-down choices (or labels) cannot be told apart. */
function duplicateTexts(texts: { text: string; path: PathSegment[]; label: string }[], side: string): Finding[] {
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  for (const { text, path, label } of texts) {
    const key = normaliseFillText(plainText(text), false);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, label);
      continue;
    }
    findings.push({
      code: 'duplicate-choice',
      path,
      what: `The ${side} "${text}" of ${label} reads the same as that of ${first}, so learners could not tell the two apart.`,
      fix: `Reword one of them so every ${side} is distinct.`,
    });
  }
  return findings;
}

function matchRules(question: RawQuestion, path: PathSegment[]): Finding[] {
  const pairs = list(question.pairs);
  const lefts: { text: string; path: PathSegment[]; label: string }[] = [];
  const rights: { text: string; path: PathSegment[]; label: string }[] = [];
  pairs.forEach((pair, index) => {
    if (!isRecord(pair)) return;
    const label = describeEntry('pairs', index, pair);
    const left = scalarText(pair.left);
    const right = scalarText(pair.right);
    if (left) lefts.push({ text: left, path: [...path, 'pairs', index, 'left'], label });
    if (right) rights.push({ text: right, path: [...path, 'pairs', index, 'right'], label });
  });
  list(question.distractors).forEach((distractor, index) => {
    const text = scalarText(distractor);
    if (text) rights.push({ text, path: [...path, 'distractors', index], label: `distractor ${index + 1}` });
  });
  return [...duplicateIds(pairs, path, 'pairs'), ...duplicateTexts(lefts, 'left side'), ...duplicateTexts(rights, 'right side')];
}

function questionRules(question: RawQuestion, path: PathSegment[]): Finding[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return choiceRules(question, path);
    case 'order':
      return duplicateIds(list(question.items), path, 'items');
    case 'fill':
      return fillRules(question, path);
    case 'numeric':
      return numericRules(question, path);
    case 'match':
      return matchRules(question, path);
    default:
      return [];
  }
}

/** Every cross-field finding for a parsed quiz file. */
export function crossFieldFindings(data: unknown): Finding[] {
  if (!isRecord(data)) return [];
  const questions = list(data.questions);
  const findings = duplicateIds(questions, [], 'questions');
  questions.forEach((question, index) => {
    if (isRecord(question)) findings.push(...questionRules(question, ['questions', index]));
  });
  return findings;
}

/**
 * A translated quiz (`quizzes/<lang>/<id>.yaml`) against its English source: everything structural is
 * identical (question ids, types and order; option, item and pair ids; which options are correct; numbers
 * and settings), every learner-visible text is present, and a text left identical to English is flagged
 * when it looks like prose (untranslated.ts). Fill-in `accept` and `wrong` lists may differ: a translation
 * keeps the English answers that stay right and adds its own.
 */
import type { ContentProblem } from '../content/problems.ts';
import type { ParsedYaml } from '../content/yaml-lines.ts';
import { looksUntranslated } from './untranslated.ts';

/** Fields a learner reads: translated. */
const TEXT_FIELDS = new Set(['title', 'prompt', 'text', 'rationale', 'left', 'right', 'unit', 'hints', 'distractors', 'explanation']);
/** Lists whose length may differ in a translation (fill-in answers a learner types). */
const FREE_LISTS = new Set(['accept', 'wrong']);
/** Defaults the quiz schema fills in, so `correct: false` and no `correct` are the same. */
const DEFAULTS: Record<string, unknown> = { correct: false, revealCount: true, caseSensitive: false, shuffle: false, tolerance: 0 };

export interface QuizFiles {
  file: string;
  source: string;
}

type Path = (string | number)[];

export function quizParityProblems(english: unknown, translation: unknown, parsed: ParsedYaml, files: QuizFiles): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const line = (path: Path) => parsed.lines(path.map(String));
  const field = (path: Path) => path.join('.');
  const push = (severity: ContentProblem['severity'], path: Path, message: string, fix: string) =>
    problems.push({ severity, file: files.file, line: line(path), ...(path.length ? { field: field(path) } : {}), message, fix });

  const compareText = (en: unknown, tr: unknown, path: Path): void => {
    if (Array.isArray(en)) {
      if (!Array.isArray(tr) || tr.length !== en.length) {
        push('error', path, `\`${path.at(-1)}\` has ${Array.isArray(tr) ? tr.length : 'no'} entries here and ${en.length} in English.`, `Translate each of the ${en.length} entries of ${files.source} once, in order.`);
        return;
      }
      en.forEach((item, i) => compareText(item, tr[i], [...path, i]));
      return;
    }
    if (typeof tr !== 'string' && typeof tr !== 'number') {
      push('error', path, `The text \`${field(path)}\` is missing, so learners would read it in English.`, `Add it, translated from the same field of ${files.source}.`);
    } else if (String(tr) === String(en) && looksUntranslated(String(en))) {
      push('warning', path, `\`${field(path)}\` is still the English text "${String(en).slice(0, 80)}${String(en).length > 80 ? '…' : ''}".`, 'Translate it. (Names, status lines and code that read the same in every language are not flagged.)');
    }
  };

  const walk = (en: unknown, tr: unknown, path: Path): void => {
    const key = String(path.at(-1) ?? '');
    if (TEXT_FIELDS.has(key)) return compareText(en, tr, path);
    if (FREE_LISTS.has(key) && Array.isArray(en) && en.some((item) => typeof item === 'object' && item && 'text' in item)) return;
    if (Array.isArray(en)) {
      if (!Array.isArray(tr) || tr.length !== en.length) {
        push('error', path, `\`${key}\` has ${Array.isArray(tr) ? tr.length : 'no'} entries here and ${en.length} in English.`, `Keep the same ${key} as ${files.source}, in the same order; translate only their text.`);
        return;
      }
      en.forEach((item, i) => walk(item, tr[i], [...path, i]));
      return;
    }
    if (en && typeof en === 'object') {
      if (!tr || typeof tr !== 'object' || Array.isArray(tr)) {
        push('error', path, `\`${field(path)}\` is missing or not a mapping, as it is in English.`, `Copy it from ${files.source} and translate its texts.`);
        return;
      }
      const ours = en as Record<string, unknown>;
      const theirs = tr as Record<string, unknown>;
      for (const name of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
        if (path.length === 0 && name === 'sourceHash') continue;
        if (!(name in ours) && !(name in DEFAULTS) && !TEXT_FIELDS.has(name)) {
          push('error', [...path, name], `\`${field([...path, name])}\` is not in the English quiz.`, `Remove it: a translation changes only texts; structure comes from ${files.source}.`);
          continue;
        }
        if (!(name in ours) && !(name in DEFAULTS)) continue;
        walk(ours[name], theirs[name], [...path, name]);
      }
      return;
    }
    const withDefault = (value: unknown) => (value === undefined && key in DEFAULTS ? DEFAULTS[key] : value);
    const [ours, theirs] = [withDefault(en), withDefault(tr)];
    if (ours !== theirs) push('error', path, `\`${field(path)}\` is ${theirs === undefined ? 'missing' : JSON.stringify(theirs)} here but ${JSON.stringify(ours)} in English.`, `Use ${JSON.stringify(ours)} as in ${files.source}: ids, types, correct answers and numbers are the same in every language.`);
  };

  // Questions first by id and type (walkQuestion), so one moved question is one problem, not one per field.
  const { questions: englishQuestions, ...root } = (english ?? {}) as Record<string, unknown>;
  const { questions: theirs, ...translated } = (translation ?? {}) as Record<string, unknown>;
  walk(root, translated, []);
  const questions = Array.isArray(englishQuestions) ? englishQuestions : [];
  if (!Array.isArray(theirs) || theirs.length !== questions.length) {
    push('error', ['questions'], `The translation has ${Array.isArray(theirs) ? theirs.length : 'no'} questions, the English quiz ${questions.length}.`, `Translate every question of ${files.source} once, in the same order.`);
  } else {
    questions.forEach((question, i) => walkQuestion(question, theirs[i], i));
  }
  return collapseUntranslated(problems, files);

  function walkQuestion(en: unknown, tr: unknown, i: number): void {
    const ours = (en ?? {}) as Record<string, unknown>;
    const their = (tr ?? {}) as Record<string, unknown>;
    if (ours.id !== their.id || ours.type !== their.type) {
      push('error', ['questions', i, 'id'], `Question ${i + 1} is "${String(ours.id)}" (${String(ours.type)}) in English but "${String(their.id)}" (${String(their.type)}) here.`, 'Keep the questions in the English order with the same ids and types (saved progress and grading use them).');
      return;
    }
    walk(en, tr, ['questions', i]);
  }
}

/** Past a few, texts left in English are one warning (a quiz not translated yet), not one per text. */
function collapseUntranslated(problems: ContentProblem[], files: QuizFiles): ContentProblem[] {
  const untranslated = problems.filter((p) => p.severity === 'warning');
  if (untranslated.length <= 3) return problems;
  const { field, ...first } = untranslated[0]!;
  return [
    ...problems.filter((p) => p.severity !== 'warning'),
    { ...first, message: `${untranslated.length} texts are still the English ones, from \`${field}\` (this line) on.`, fix: `Translate every learner-visible text of ${files.source}: prompts, options, rationales, hints, units.` },
  ];
}

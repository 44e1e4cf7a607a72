/**
 * Every authoring mistake gets a message naming the file (and line), the question by number and id, the
 * field, what is wrong and how to fix it. One fixture per mistake in tests/fixtures/quizzes/invalid/; the
 * messages are snapshotted so a reviewer can read exactly what an author sees.
 */
import { describe, expect, it } from 'vitest';
import { loadQuizFile } from '../../src/quiz/load.ts';
import { parseQuizSource } from '../../src/quiz/parse.ts';
import { QuizValidationError, type QuizProblem } from '../../src/quiz/problems.ts';
import { checkQuizReferences } from '../../src/quiz/references.ts';
import { quizJsonSchema } from '../../src/quiz/schema.ts';

const FIXTURES = 'tests/fixtures/quizzes/invalid';

async function problemsOf(name: string): Promise<QuizProblem[]> {
  try {
    await loadQuizFile(`${FIXTURES}/${name}`);
  } catch (error) {
    if (error instanceof QuizValidationError) return error.problems;
    throw error;
  }
  throw new Error(`${name} was expected to be invalid, but it loaded.`);
}

async function messageOf(name: string): Promise<string> {
  return loadQuizFile(`${FIXTURES}/${name}`).then(
    () => {
      throw new Error(`${name} was expected to be invalid, but it loaded.`);
    },
    (error: Error) => error.message,
  );
}

function parseProblems(source: string): QuizProblem[] {
  try {
    parseQuizSource(source, 'quizzes/inline.yaml');
  } catch (error) {
    if (error instanceof QuizValidationError) return error.problems;
    throw error;
  }
  throw new Error('The source was expected to be invalid, but it parsed.');
}

describe('the required error cases', () => {
  it('an unknown question type', async () => {
    const [problem, ...rest] = await problemsOf('unknown-question-type.yaml');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'unknown-question-type', line: 10, questionNumber: 2, questionId: 'truth', field: 'type' });
    expect(await messageOf('unknown-question-type.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/unknown-question-type.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/unknown-question-type.yaml, line 10, question 2 (id "truth"), field "type": The question type "truefalse" does not exist. Use one of: single, multiple, order, fill, numeric, match. For a true/false question, use \`type: single\` with two options, "True" and "False"."
    `);
  });

  it('no correct option', async () => {
    expect(await problemsOf('no-correct-option.yaml')).toMatchObject([{ code: 'no-correct-option', line: 7, questionId: 'transport', field: 'options' }]);
    expect(await messageOf('no-correct-option.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/no-correct-option.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/no-correct-option.yaml, line 7, question 1 (id "transport"), field "options": None of the 2 options is marked correct, so no answer could ever be right. Add \`correct: true\` to each right option (at least one)."
    `);
  });

  it('a single-choice question with two correct options', async () => {
    expect(await problemsOf('single-two-correct.yaml')).toMatchObject([{ code: 'several-correct-options', questionId: 'chat' }]);
    expect(await messageOf('single-two-correct.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/single-two-correct.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/single-two-correct.yaml, line 7, question 1 (id "chat"), field "options": 2 options ("b", "c") are marked correct, but a single-choice question has exactly one right answer. Keep \`correct: true\` on one option only, or change the question to \`type: multiple\` if several answers are right."
    `);
  });

  it('duplicate option ids', async () => {
    expect(await problemsOf('duplicate-option-ids.yaml')).toMatchObject([
      { code: 'duplicate-id', line: 9, path: 'questions[0].options[2].id', field: 'id' },
    ]);
    expect(await messageOf('duplicate-option-ids.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/duplicate-option-ids.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/duplicate-option-ids.yaml, line 9, question 1 (id "status"), option 3 (id "a"), field "id": The id "a" is already used by option 1, and ids must be unique so answers and saved progress point to one option. Give this option another id, e.g. "a-2", or remove the duplicate."
    `);
  });

  it('an ordering question with fewer than two items', async () => {
    expect(await problemsOf('order-one-item.yaml')).toMatchObject([{ code: 'too-few', questionId: 'steps', field: 'items' }]);
    expect(await messageOf('order-one-item.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/order-one-item.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/order-one-item.yaml, line 7, question 1 (id "steps"), field "items": The field \`items\` has 1 item, but an ordering question needs at least 2. Add \`items:\` listing at least two steps in the correct order, each with \`id\`, \`text\` and \`rationale\`; the page shuffles them."
    `);
  });

  it('a fill-in question without accepted answers', async () => {
    expect(await problemsOf('fill-no-accept.yaml')).toMatchObject([{ code: 'too-few', questionId: 'header', field: 'accept' }]);
    expect(await messageOf('fill-no-accept.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/fill-no-accept.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/fill-no-accept.yaml, line 6, question 1 (id "header"), field "accept": The field \`accept\` has no accepted answers, but a fill-in question needs at least 1. Add \`accept:\` with at least one entry: \`- text: …\` and \`rationale: …\`."
    `);
  });

  it('a numeric question without an answer', async () => {
    expect(await problemsOf('numeric-no-answer.yaml')).toMatchObject([{ code: 'missing-field', questionId: 'frame', field: 'answer' }]);
    expect(await messageOf('numeric-no-answer.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/numeric-no-answer.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/numeric-no-answer.yaml, line 3, question 1 (id "frame"), field "answer": The field \`answer\` is missing. Add \`answer:\` with the correct number, e.g. \`answer: 2\` (no quotes, no unit)."
    `);
  });

  it('a numeric question with a negative tolerance', async () => {
    expect(await problemsOf('numeric-negative-tolerance.yaml')).toMatchObject([{ code: 'out-of-range', line: 7, field: 'tolerance' }]);
    expect(await messageOf('numeric-negative-tolerance.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/numeric-negative-tolerance.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/numeric-negative-tolerance.yaml, line 7, question 1 (id "interval"), field "tolerance": The field \`tolerance\` is -0.5, but it cannot be negative. Write how far an answer may be from \`answer\` and still count, e.g. \`tolerance: 0.5\`, or remove the line to require the exact number."
    `);
  });

  it('an option without a rationale', async () => {
    expect(await problemsOf('option-no-rationale.yaml')).toMatchObject([
      { code: 'missing-field', path: 'questions[0].options[0].rationale', questionId: 'push', field: 'rationale' },
    ]);
    expect(await messageOf('option-no-rationale.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/option-no-rationale.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/option-no-rationale.yaml, line 7, question 1 (id "push"), option 1 (id "yes"), field "rationale": The field \`rationale\` is missing. Add \`rationale:\` with one or two sentences saying why this option is right or wrong; learners read it after they answer."
    `);
  });

  it('a YAML syntax error, with its line and column', async () => {
    expect(await problemsOf('yaml-syntax-error.yaml')).toMatchObject([{ code: 'yaml-syntax', line: 8, column: 15 }]);
    expect(await messageOf('yaml-syntax-error.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/yaml-syntax-error.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/yaml-syntax-error.yaml, line 8, column 15: The file is not valid YAML: Nested mappings are not allowed in compact mappings. Check the indentation (spaces, not tabs) and that every \`key:\` has a space after the colon; put text that contains ": " or " #", or starts with a quote, \`*\`, \`&\`, \`[\`, \`{\` or a backtick, in quotes.
                   text: Content-Type: text/event-stream
                         ^"
    `);
  });

  it('a lesson that names a quiz that does not exist, and a quiz no lesson uses', () => {
    const report = checkQuizReferences(
      [
        { id: 'what-real-time-means', file: 'lessons/01-foundations/01-what-real-time-means.mdx', quiz: 'what-real-time-means' },
        { id: 'polling', file: 'lessons/01-foundations/02-polling.mdx', quiz: 'poling' },
        { id: 'long-polling', file: 'lessons/01-foundations/03-long-polling.mdx' },
      ],
      ['what-real-time-means', 'polling', 'http-streaming'],
    );
    expect(report.errors).toMatchObject([{ code: 'missing-quiz', severity: 'error', file: 'lessons/01-foundations/02-polling.mdx', field: 'quiz' }]);
    expect(report.warnings).toMatchObject([
      { code: 'unused-quiz', severity: 'warning', file: 'quizzes/http-streaming.yaml' },
      { code: 'unused-quiz', severity: 'warning', file: 'quizzes/polling.yaml' },
    ]);
    expect([...report.errors, ...report.warnings].map((problem) => problem.message)).toMatchInlineSnapshot(`
      [
        "lessons/01-foundations/02-polling.mdx, field "quiz": The lesson "polling" uses the quiz "poling", but there is no quizzes/poling.yaml. Did you mean "polling"? Correct the name, or create quizzes/poling.yaml. Existing quizzes: http-streaming, polling, what-real-time-means.",
        "quizzes/http-streaming.yaml: No lesson uses the quiz "http-streaming", so learners never see it. Add \`quiz: http-streaming\` to a lesson's frontmatter (or \`<Quiz id="http-streaming" />\` to its body), or delete the file.",
        "quizzes/polling.yaml: No lesson uses the quiz "polling", so learners never see it. Add \`quiz: polling\` to a lesson's frontmatter (or \`<Quiz id="polling" />\` to its body), or delete the file.",
      ]
    `);
  });
});

describe('more authoring mistakes', () => {
  it('lists every problem of a file in one error, in file order', async () => {
    const problems = await problemsOf('many-problems.yaml');
    expect(problems.map((problem) => problem.code)).toEqual([
      'empty-text',
      'out-of-range',
      'unknown-field',
      'no-correct-option',
      'unknown-field',
      'wrong-type',
      'duplicate-id',
      'wrong-answer-is-accepted',
      'invalid-id',
      'wrong-value-is-correct',
      'duplicate-choice',
      'empty-text',
      'missing-field',
      'wrong-type',
    ]);
    const lines = problems.map((problem) => problem.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(await messageOf('many-problems.yaml')).toMatchInlineSnapshot(`
      "Found 14 problems in tests/fixtures/quizzes/invalid/many-problems.yaml. Fix them and build again:
        1. tests/fixtures/quizzes/invalid/many-problems.yaml, line 1, field "title": The field \`title\` is empty. Add \`title:\` with the quiz title, e.g. \`title: Polling — check your understanding\`.
        2. tests/fixtures/quizzes/invalid/many-problems.yaml, line 2, field "passMark": The field \`passMark\` is 1.5, but it can be at most 1. Write the share of questions needed to pass, e.g. \`passMark: 0.8\` for 80 %, or remove the line to use the default 0.8.
        3. tests/fixtures/quizzes/invalid/many-problems.yaml, line 3, field "shufle": There is no field \`shufle\` in the quiz, so it would be ignored. Did you mean \`shuffle\`? Rename or remove it. The fields of the quiz are: title, passMark, shuffle, questions.
        4. tests/fixtures/quizzes/invalid/many-problems.yaml, line 9, question 1 (id "first"), field "options": None of the 2 options is marked correct, so no answer could ever be right. Add \`correct: true\` to the one right option.
        5. tests/fixtures/quizzes/invalid/many-problems.yaml, line 9, question 1 (id "first"), option 1 (id "a"), field "corect": There is no field \`corect\` in an option, so it would be ignored. Did you mean \`correct\`? Rename or remove it. The fields of an option are: id, text, correct, rationale.
        6. tests/fixtures/quizzes/invalid/many-problems.yaml, line 10, question 1 (id "first"), option 2 (id "b"), field "correct": The field \`correct\` must be true or false, but it is the text "yes". Write \`correct: true\` on a right option; leave the line out on wrong ones.
        7. tests/fixtures/quizzes/invalid/many-problems.yaml, line 11, question 2 (id "first"), field "id": The id "first" is already used by question 1, and ids must be unique so answers and saved progress point to one question. Give this question another id, e.g. "first-2", or remove the duplicate.
        8. tests/fixtures/quizzes/invalid/many-problems.yaml, line 17, question 2 (id "first"), wrong answer 1 ("if-none-match"), field "text": The wrong answer "if-none-match" is the same as accepted answer 1 once spaces and letter case are ignored, so it would always be graded right and its rationale never shown. Remove one of the two, or set \`caseSensitive: true\` if letter case is what makes it wrong.
        9. tests/fixtures/quizzes/invalid/many-problems.yaml, line 18, question 3 (id "bad id!"), field "id": The id "bad id!" is not usable: ids may contain only letters, digits, "-" and "_", and must start with a letter or digit. Rename it, e.g. "bad-id".
        10. tests/fixtures/quizzes/invalid/many-problems.yaml, line 25, question 3 (id "bad id!"), wrong answer 1 ("10.5"), field "value": The wrong value 10.5 lies within the tolerance of the answer (10 ± 1), so it would be graded right and its rationale never shown. Remove this wrong value, or make the tolerance smaller.
        11. tests/fixtures/quizzes/invalid/many-problems.yaml, line 31, question 4 (id "match"), pair 2 (id "ws"), field "right": The right side "text/event-stream" of pair 2 (id "ws") reads the same as that of pair 1 (id "sse"), so learners could not tell the two apart. Reword one of them so every right side is distinct.
        12. tests/fixtures/quizzes/invalid/many-problems.yaml, line 32, question 4 (id "match"), distractor 1, field "distractors": The distractor is empty. Write the distractor as text on its \`- …\` line, or remove the empty line.
        13. tests/fixtures/quizzes/invalid/many-problems.yaml, line 33, question 5, field "id": The field \`id\` is missing. Give the question an \`id:\` that is unique in this quiz, e.g. \`id: etag-status\`. Saved progress is keyed by it.
        14. tests/fixtures/quizzes/invalid/many-problems.yaml, line 35, question 5, field "items": The field \`items\` must be a list of items, but it is the text "first, second". Add \`items:\` listing at least two steps in the correct order, each with \`id\`, \`text\` and \`rationale\`; the page shuffles them."
    `);
  });

  it('says when a file is empty', async () => {
    expect(await messageOf('empty-file.yaml')).toMatchInlineSnapshot(`
      "Found one problem in tests/fixtures/quizzes/invalid/empty-file.yaml. Fix it and build again:
        1. tests/fixtures/quizzes/invalid/empty-file.yaml: The file is empty. Add \`title:\` and \`questions:\` (see quizzes/README.md for an example)."
    `);
  });

  it('reports a missing question type and suggests the nearest type for a typo', () => {
    const problems = parseProblems(
      ['title: T', 'questions:', '  - id: a', '    prompt: P', '  - id: b', '    type: singel', '    prompt: P'].join('\n'),
    );
    expect(problems.map((problem) => problem.message)).toMatchInlineSnapshot(`
      [
        "quizzes/inline.yaml, line 3, question 1 (id "a"), field "type": The field \`type\` is missing, so the question cannot be checked. Add \`type:\` with one of: single, multiple, order, fill, numeric, match.",
        "quizzes/inline.yaml, line 6, question 2 (id "b"), field "type": The question type "singel" does not exist. Did you mean "single"? Use one of: single, multiple, order, fill, numeric, match.",
      ]
    `);
  });

  it('rejects a quiz file whose name is not a usable id', () => {
    const problems = (() => {
      try {
        parseQuizSource('title: T\nquestions: []\n', 'quizzes/my quiz.yaml');
      } catch (error) {
        return (error as QuizValidationError).problems;
      }
      return [];
    })();
    expect(problems.map((problem) => problem.code)).toEqual(['invalid-file-name', 'too-few']);
    expect(problems[0]?.message).toMatchInlineSnapshot(`"quizzes/my quiz.yaml: The file name makes the quiz id "my quiz", but quiz ids may contain only letters, digits, "-" and "_". Rename the file, e.g. to quizzes/my-quiz.yaml, and update the lessons that name it."`);
  });

  it('rejects a top-level list', () => {
    expect(parseProblems('- title: T\n').map((problem) => problem.message)).toMatchInlineSnapshot(`
      [
        "quizzes/inline.yaml, line 1: A quiz file must hold a group of fields (title, questions, …), but this one holds a list of 1 entry. Write \`title:\` and \`questions:\` at the top level, starting at the beginning of the line and without a leading \`- \`.",
      ]
    `);
  });

  it('flags duplicate left sides in a match question and a numeric answer written as text', () => {
    const problems = parseProblems(
      [
        'title: T',
        'questions:',
        '  - id: m',
        '    type: match',
        '    prompt: P',
        '    pairs:',
        '      - { id: a, left: "**SSE**", right: one-way, rationale: r }',
        '      - { id: b, left: SSE, right: two-way, rationale: r }',
        '  - id: n',
        '    type: numeric',
        '    prompt: P',
        '    answer: "4 bytes"',
        '    rationale: r',
      ].join('\n'),
    );
    expect(problems.map((problem) => [problem.code, problem.line])).toEqual([
      ['duplicate-choice', 8],
      ['wrong-type', 12],
    ]);
    expect(problems.map((problem) => problem.message)).toMatchInlineSnapshot(`
      [
        "quizzes/inline.yaml, line 8, question 1 (id "m"), pair 2 (id "b"), field "left": The left side "SSE" of pair 2 (id "b") reads the same as that of pair 1 (id "a"), so learners could not tell the two apart. Reword one of them so every left side is distinct.",
        "quizzes/inline.yaml, line 12, question 2 (id "n"), field "answer": The field \`answer\` must be a number, but it is the text "4 bytes". Add \`answer:\` with the correct number, e.g. \`answer: 2\` (no quotes, no unit).",
      ]
    `);
  });

  it('reads YAML numbers and booleans in text fields as text, so `text: 304` is fine', () => {
    const quiz = parseQuizSource(
      [
        'title: 2024',
        'questions:',
        '  - id: 1',
        '    type: fill',
        '    prompt: Status?',
        '    accept:',
        '      - { text: 304, rationale: true }',
      ].join('\n'),
      'quizzes/numbers.yaml',
    );
    expect(quiz.title).toBe('2024');
    expect(quiz.questions[0]).toMatchObject({ id: '1', accept: [{ text: '304', rationale: 'true' }] });
  });
});

describe('the JSON Schema for editors', () => {
  it('describes the authoring format, including documented defaults', () => {
    const schema = quizJsonSchema() as { properties: Record<string, { description?: string }>; required: string[] };
    expect(schema.required).toEqual(['title', 'questions']);
    expect(schema.properties.passMark?.description).toContain('Default: 0.8');
    expect(JSON.stringify(schema)).toContain('"single"');
  });

  it('is checked in as quizzes/quiz.schema.json and up to date (regenerate with `npx vitest run tests/unit/quiz-validation -u`)', async () => {
    await expect(`${JSON.stringify(quizJsonSchema(), null, 2)}\n`).toMatchFileSnapshot('../../quizzes/quiz.schema.json');
  });
});
